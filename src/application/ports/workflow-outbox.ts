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
      /** Targets to link once the snapshot is established (absent in starts written before). */
      readonly targetIds?: readonly string[];
    }
  | {
      readonly workflow: "unlink-targets";
      readonly taskId: string;
      readonly sessionId: string;
      readonly targets: readonly UnlinkTarget[];
    }
  | {
      readonly workflow: "relink-targets";
      readonly taskId: string;
      readonly sessionId: string;
      readonly targetIds: readonly string[];
    }
  | { readonly workflow: "restore-snapshot-session"; readonly taskId: string; readonly sessionId: string }
  | {
      readonly workflow: "restore-from-linked-target";
      readonly taskId: string;
      /** The target's session: the operation holds its place in the session's queue. */
      readonly sessionId: string;
      readonly targetId: string;
    }
  | { readonly workflow: "deactivate-snapshot-session"; readonly taskId: string; readonly sessionId: string }
  | { readonly workflow: "deactivate-volume"; readonly taskId: string; readonly volumeId: string };

/** One target of an unlink: deleted, or kept as the new volume `volumeId` (chosen when accepted). */
export interface UnlinkTarget {
  readonly targetId: string;
  readonly deleteTarget: boolean;
  readonly volumeId: string;
}

export type WorkflowName = WorkflowStart["workflow"];

/**
 * Records that a workflow must start. Rows are written in the caller's transaction and
 * relayed to the queue after commit, so an accepted task never lacks its work and work never
 * runs for a rolled-back task.
 */
export interface WorkflowOutbox {
  enqueue(start: WorkflowStart): Promise<void>;
}
