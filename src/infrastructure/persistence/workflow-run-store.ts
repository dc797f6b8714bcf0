import type { DataSource, EntityManager } from "typeorm";
import type { WorkflowStart } from "../../application/ports/workflow-outbox.js";

/** A workflow start kept until its task is finished. */
export interface WorkflowRun {
  readonly id: string;
  readonly taskId: string;
  readonly start: WorkflowStart;
  /** Deliveries by the relay plus re-launches by the reconciler. */
  readonly launches: number;
}

/** The reconciler's view of `workflow_runs` within one sweep (one transaction). */
export interface WorkflowRunSweep {
  /**
   * Runs whose task is still `pending`, last launched more than `quietMs` ago, and whose
   * outbox row has been delivered (an undelivered one is the relay's business); oldest first.
   */
  unsettled(quietMs: number, limit: number): Promise<WorkflowRun[]>;
  /** Whether the task is still `pending` now (read again after looking at the queue). */
  isPending(taskId: string): Promise<boolean>;
  recordRelaunch(runId: string): Promise<void>;
  /** Deletes the runs whose task is finished (or gone); returns how many. */
  forgetFinished(): Promise<number>;
}

/** The advisory lock that makes one reconciler sweep at a time (the migrations hold …001, the seed …002). */
const RECONCILER_LOCK_KEY = 7_041_999_003;

/** `workflow_runs` in Postgres, for the workflow reconciler. */
export class WorkflowRunStore {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Runs `sweep` in one transaction holding the reconciler's advisory lock, so that of the
   * workers sweeping at the same moment only one does; the others get `undefined` at once.
   * The lock goes with the transaction, even when the process dies.
   */
  async sweepAlone<T>(sweep: (runs: WorkflowRunSweep) => Promise<T>): Promise<T | undefined> {
    return this.dataSource.transaction(async (manager) => {
      const [row]: { locked: boolean }[] = await manager.query("SELECT pg_try_advisory_xact_lock($1) AS locked", [
        RECONCILER_LOCK_KEY,
      ]);
      if (!row?.locked) return undefined;
      return sweep(new PostgresRunSweep(manager));
    });
  }
}

class PostgresRunSweep implements WorkflowRunSweep {
  constructor(private readonly manager: EntityManager) {}

  async unsettled(quietMs: number, limit: number): Promise<WorkflowRun[]> {
    const rows: { id: string; task_id: string; start: WorkflowStart; launches: number }[] = await this.manager.query(
      `SELECT r.id::text AS id, r.task_id, r.start, r.launches
         FROM workflow_runs r JOIN tasks t ON t.id = r.task_id
        WHERE t.state = 'pending'
          AND r.launched_at < now() - make_interval(secs => $1::double precision / 1000)
          AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.payload->>'taskId' = r.task_id)
        ORDER BY r.id
        LIMIT $2`,
      [quietMs, limit],
    );
    return rows.map((row) => ({ id: row.id, taskId: row.task_id, start: row.start, launches: row.launches }));
  }

  async isPending(taskId: string): Promise<boolean> {
    const rows: unknown[] = await this.manager.query("SELECT 1 FROM tasks WHERE id = $1 AND state = 'pending'", [
      taskId,
    ]);
    return rows.length > 0;
  }

  async recordRelaunch(runId: string): Promise<void> {
    await this.manager.query("UPDATE workflow_runs SET launches = launches + 1, launched_at = now() WHERE id = $1", [
      runId,
    ]);
  }

  async forgetFinished(): Promise<number> {
    // TypeORM answers a DELETE with [rows, affected].
    const [, deleted]: [unknown[], number] = await this.manager.query(
      `DELETE FROM workflow_runs r
        WHERE NOT EXISTS (SELECT 1 FROM tasks t WHERE t.id = r.task_id AND t.state IN ('pending', 'queued'))`,
    );
    return deleted;
  }
}
