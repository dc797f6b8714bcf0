/** The start of a workflow, written to the outbox in the transaction that accepted it. */
export type WorkflowStart =
  | {
      readonly workflow: "link-targets";
      readonly taskId: string;
      readonly sessionId: string;
      readonly targetIds: readonly string[];
    }
  | { readonly workflow: "create-volume"; readonly taskId: string; readonly volumeId: string }
  | {
      readonly workflow: "create-snapshot-session";
      readonly taskId: string;
      readonly sessionId: string;
      readonly volumeTaskId: string;
    };

export type WorkflowName = WorkflowStart["workflow"];

/**
 * Records that a workflow must start. Rows are written in the caller's transaction and
 * relayed to the queue after commit, so an accepted task never lacks its work and work never
 * runs for a rolled-back task.
 */
export interface WorkflowOutbox {
  enqueue(start: WorkflowStart): Promise<void>;
}
