import { randomUUID } from "node:crypto";
import { newUrn } from "../../domain/shared/urn.js";
import type { BlockSnapshotSession } from "../../domain/snapshots/block-snapshot-session.js";
import type { LinkedTarget } from "../../domain/snapshots/linked-target.js";
import { Task } from "../../domain/tasks/task.js";
import type { TaskView } from "../ports/read-model.js";
import type { TransactionScope } from "../ports/unit-of-work.js";
import { taskView } from "../shared/task-view.js";
import { lockMemberSources } from "./group-members.js";
import { admitSessionOperation, pendingTaskOn } from "./session-serialization.js";

/** A task's `name` and `description`, as ViPR calls the operation. */
export interface RestoreTaskKind {
  readonly name: string;
  readonly description: string;
}

/**
 * Locks the source of every member of the target's session (in the order of their ids, as every
 * operation on several sources does), then the session's queue, and answers the label of a
 * resource with a task queued or pending among the session, those sources and the target, or null.
 */
export async function lockRestoreSources(
  scope: TransactionScope,
  session: BlockSnapshotSession,
  target: { readonly id: string; readonly label: string },
): Promise<{ readonly sources: { id: string; label: string }[]; readonly busy: string | null }> {
  const usage = await lockMemberSources(
    scope,
    session.members.map((member) => member.source.volumeId),
  );
  const sources = [...usage].map(([id, used]) => ({ id, label: used.sourceVolumeName }));
  const busy = await pendingTaskOn(scope, session, [...sources, target]);
  return { sources, busy };
}

/**
 * The targets a restore from `target` restores from: for a group session's target, every
 * linked target of its set (its session's targets with its snapset label, one per member), as
 * the real controller restores a group snapshot; for a volume's session's, the target alone.
 */
export async function restoreSetOf(
  scope: TransactionScope,
  session: BlockSnapshotSession,
  target: LinkedTarget,
): Promise<LinkedTarget[]> {
  if (!session.isGroupSession) return [target];
  const set = (await scope.targets.findActiveBySession(session.id)).filter(
    (t) => t.isLinked && t.snapsetLabel === target.snapsetLabel,
  );
  return set.some((t) => t.id === target.id) ? set : [target, ...set];
}

/**
 * Accepts a restore from `target`'s set once every check passed: its task on the target (every
 * restored source among its associated resources, which keeps them busy until it ends) and the
 * workflow's start, admitted into the session's queue.
 */
export async function acceptRestoreFromTargets(
  scope: TransactionScope,
  fields: {
    readonly session: BlockSnapshotSession;
    readonly target: LinkedTarget;
    readonly sources: readonly { id: string; label: string }[];
    readonly kind: RestoreTaskKind;
    readonly now: number;
  },
): Promise<TaskView> {
  const { session, target, kind, now } = fields;
  const set = await restoreSetOf(scope, session, target);
  const restored = new Set(set.map((t) => t.toState().sourceVolumeId));
  const labels = new Map(fields.sources.map((source) => [source.id, source.label]));
  const task = Task.start({
    id: newUrn("Task"),
    opId: randomUUID(),
    ...kind,
    resource: { type: "BlockSnapshot", id: target.id, name: target.label },
    tenantId: target.tenantId,
    // In the order of the members, as their targets are named.
    associatedResources: session.members
      .map(({ source }) => source.volumeId)
      .filter((id) => restored.has(id))
      .map((id) => ({ type: "Volume", id, name: labels.get(id) ?? id })),
    now,
  });
  const start = {
    workflow: "restore-from-linked-target",
    taskId: task.id,
    sessionId: session.id,
    targetId: target.id,
    ...(session.isGroupSession ? { targetIds: set.map((t) => t.id) } : {}),
  } as const;
  await admitSessionOperation(scope, session.id, task, start, now);
  await scope.tasks.add(task);
  return taskView(task);
}
