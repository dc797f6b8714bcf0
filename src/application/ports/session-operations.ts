import type { WorkflowStart } from "./workflow-outbox.js";

/** An operation that changes a snapshot session, in the session's queue until it finishes. */
export interface SessionOperation {
  readonly taskId: string;
  /** Running (its workflow started), or queued behind the running one. */
  readonly running: boolean;
  /** What to start when a queued operation's turn comes; null once it runs. */
  readonly start: WorkflowStart | null;
}

/**
 * The per-session queue of operations (docs/api/snapshot-sessions.md, "One operation at a
 * time"), kept in the controller's database so that every API and worker process sees the same
 * queue. Used inside a unit of work; `lock` must come first in a transaction that changes the
 * queue.
 */
export interface SessionOperationQueue {
  /**
   * Locks the session's queue until the transaction ends (concurrent lockers wait, in every
   * process) and returns its operations: running ones first, then the queued ones, oldest first.
   */
  lock(sessionId: string): Promise<SessionOperation[]>;
  /** Appends an operation to the end of the session's queue. */
  append(sessionId: string, operation: SessionOperation): Promise<void>;
  /** A queued operation's turn came: it runs now (its `start` is cleared). */
  markRunning(taskId: string): Promise<void>;
  /** The operation finished and leaves the queue; removing one that is not there is no error. */
  remove(taskId: string): Promise<void>;
}
