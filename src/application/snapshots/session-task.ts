import { randomUUID } from "node:crypto";
import { newUrn } from "../../domain/shared/urn.js";
import type { BlockSnapshotSession } from "../../domain/snapshots/block-snapshot-session.js";
import { type ResourceRef, Task } from "../../domain/tasks/task.js";

/**
 * What ViPR calls each operation on a session, in its tasks' `name` and `description`
 * (CoprHD's ResourceOperationTypeEnum; docs/api/conventions.md, "Task names and descriptions").
 */
export const SESSION_TASKS = {
  unlink: { name: "UNLINK SNAPSHOT SESSION TARGETS", description: "unlinks target volumes from a snapshot session" },
  relink: { name: "RELINK SNAPSHOT SESSION TARGETS", description: "re-links target volumes to a snapshot session" },
  restore: { name: "RESTORE SNAPSHOT SESSION", description: "restore source from snapshot session" },
  deactivate: { name: "DELETE SNAPSHOT SESSION", description: "delete snapshot session" },
} as const;

/** The names a group session's operations take where they differ from a volume's session's. */
const GROUP_SESSION_TASKS: Partial<Record<keyof typeof SESSION_TASKS, { name: string; description: string }>> = {
  relink: {
    name: "RELINK CONSISTENCY GROUP SNAPSHOT SESSION TARGETS",
    description: "re-links consistency group target volumes to a snapshot session",
  },
  deactivate: {
    name: "DELETE CONSISTENCY GROUP SNAPSHOT SESSION",
    description: "delete consistency group snapshot session",
  },
};

/** The operation's name and description for this session. */
export function sessionTaskNames(session: BlockSnapshotSession, kind: keyof typeof SESSION_TASKS) {
  return (session.isGroupSession ? GROUP_SESSION_TASKS[kind] : undefined) ?? SESSION_TASKS[kind];
}

/**
 * The task a group session's operation also answers on its consistency group, with the session
 * task's op id and names (the real controller's addConsistencyGroupTasks); settled with it.
 */
export function startGroupCompanionTask(session: BlockSnapshotSession, sessionTask: Task, groupName: string): Task {
  const { opId, name, description, tenantId, startTime } = sessionTask.toState();
  return Task.start({
    id: newUrn("Task"),
    opId,
    name,
    description,
    resource: { type: "BlockConsistencyGroup", id: session.consistencyGroupId ?? "", name: groupName },
    tenantId,
    now: startTime,
  });
}

/** A new task whose resource is the session, `pending` (its admission may queue it). */
export function startSessionTask(
  session: BlockSnapshotSession,
  kind: keyof typeof SESSION_TASKS,
  now: number,
  associatedResources: readonly ResourceRef[] = [],
): Task {
  return Task.start({
    id: newUrn("Task"),
    opId: randomUUID(),
    ...sessionTaskNames(session, kind),
    resource: { type: "BlockSnapshotSession", id: session.id, name: session.label },
    tenantId: session.tenantId,
    associatedResources,
    now,
  });
}
