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
    ...SESSION_TASKS[kind],
    resource: { type: "BlockSnapshotSession", id: session.id, name: session.label },
    tenantId: session.tenantId,
    associatedResources,
    now,
  });
}
