import type { StartOf, WorkflowName } from "../workflows/workflow-catalogue.js";

/**
 * The start of a workflow, written to the outbox in the transaction that accepted it: one of
 * the starts the workflows' files declare (`src/application/workflows/<workflow>/`).
 */
export type WorkflowStart = { [W in WorkflowName]: StartOf<W> }[WorkflowName];

export type { WorkflowName };

/** One target of an unlink: deleted, or kept as the new volume `volumeId` (chosen when accepted). */
export interface UnlinkTarget {
  readonly targetId: string;
  readonly deleteTarget: boolean;
  readonly volumeId: string;
}

/**
 * Records that a workflow must start. Rows are written in the caller's transaction and
 * relayed to the queue after commit, so an accepted task never lacks its work and work never
 * runs for a rolled-back task.
 */
export interface WorkflowOutbox {
  enqueue(start: WorkflowStart): Promise<void>;
}
