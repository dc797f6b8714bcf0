import type { EntityManager } from "typeorm";
import type { WorkflowOutbox, WorkflowStart } from "../../../application/ports/workflow-outbox.js";

/** The channel on which a committed outbox row is announced (payload empty). */
export const OUTBOX_CHANNEL = "coprsim_outbox";

/**
 * Writes the workflow start to `outbox` in the caller's transaction and announces it with
 * `pg_notify`, which Postgres delivers only when (and if) the transaction commits. The start
 * is also kept in `workflow_runs` until its task is finished, for the workflow reconciler.
 */
export class TypeOrmWorkflowOutbox implements WorkflowOutbox {
  constructor(private readonly manager: EntityManager) {}

  /** One statement (one round trip in the caller's transaction): both rows and the announcement. */
  async enqueue(start: WorkflowStart): Promise<void> {
    await this.manager.query(
      `WITH queued AS (INSERT INTO outbox (payload) VALUES ($1::jsonb)),
            kept AS (INSERT INTO workflow_runs (task_id, start) VALUES ($2, $1::jsonb))
       SELECT pg_notify($3, '')`,
      [JSON.stringify(start), start.taskId, OUTBOX_CHANNEL],
    );
  }
}
