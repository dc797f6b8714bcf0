import type { EntityManager } from "typeorm";
import type { WorkflowOutbox, WorkflowStart } from "../../../application/ports/workflow-outbox.js";

/**
 * Workflow starts a transaction enqueued, for its process to launch once it commits: each row is
 * written due `graceMs` later, so that the relay leaves it to that launch unless it did not
 * happen by then.
 */
export interface LaunchAfterCommit {
  readonly graceMs: number;
  readonly pending: { id: string; start: WorkflowStart }[];
}

/** The channel on which a committed outbox row is announced (payload empty). */
export const OUTBOX_CHANNEL = "coprsim_outbox";

/**
 * Writes the workflow start to `outbox` in the caller's transaction and announces it with
 * `pg_notify`, which Postgres delivers only when (and if) the transaction commits. The start
 * is also kept in `workflow_runs` until its task is finished, for the workflow reconciler.
 */
export class TypeOrmWorkflowOutbox implements WorkflowOutbox {
  constructor(
    private readonly manager: EntityManager,
    /** When the process launches what it enqueued itself, once committed (see {@link LaunchAfterCommit}). */
    private readonly launchAfterCommit?: LaunchAfterCommit,
  ) {}

  /** One statement (one round trip in the caller's transaction): both rows and the announcement. */
  async enqueue(start: WorkflowStart): Promise<void> {
    if (this.launchAfterCommit) {
      // No announcement: the relay is not to take the row unless the launch did not happen.
      const rows: { id: string }[] = await this.manager.query(
        `WITH queued AS (INSERT INTO outbox (payload, due_at)
                         VALUES ($1::jsonb, now() + $3::int * interval '1 millisecond') RETURNING id),
              kept AS (INSERT INTO workflow_runs (task_id, start) VALUES ($2, $1::jsonb))
         SELECT id::text AS id FROM queued`,
        [JSON.stringify(start), start.taskId, this.launchAfterCommit.graceMs],
      );
      const id = rows[0]?.id;
      if (id !== undefined) this.launchAfterCommit.pending.push({ id, start });
      return;
    }
    await this.manager.query(
      `WITH queued AS (INSERT INTO outbox (payload) VALUES ($1::jsonb)),
            kept AS (INSERT INTO workflow_runs (task_id, start) VALUES ($2, $1::jsonb))
       SELECT pg_notify($3, '')`,
      [JSON.stringify(start), start.taskId, OUTBOX_CHANNEL],
    );
  }
}
