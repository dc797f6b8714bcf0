import type { DataSource } from "typeorm";
import type { TaskState } from "../../domain/tasks/task.js";

/** One bucket of the link-duration histogram as stored: its own count, not cumulated. */
export interface LinkDurationBucket {
  readonly copyMode: string;
  readonly outcome: string;
  /** Upper bound in seconds; `Infinity` for the last bucket. */
  readonly le: number;
  readonly observations: number;
  readonly sumSeconds: number;
}

/**
 * The figures `/metrics` reads from Postgres at scrape time; the database keeps the workers'
 * figures itself (see the observability migration), so any API process reads the same ones.
 */
export class RecordedFigures {
  constructor(private readonly dataSource: DataSource) {}

  /** Active tasks per state, every state included; counted from `tasks_state_idx`. */
  async taskCounts(): Promise<Record<TaskState, number>> {
    const rows: { state: TaskState; count: number }[] = await this.dataSource.query(
      "SELECT state, count(*)::int AS count FROM tasks WHERE NOT inactive GROUP BY state",
    );
    const counts: Record<TaskState, number> = { queued: 0, pending: 0, ready: 0, error: 0 };
    for (const row of rows) counts[row.state] = row.count;
    return counts;
  }

  async linkDurationBuckets(): Promise<LinkDurationBucket[]> {
    const rows: { copy_mode: string; outcome: string; le: number; observations: string; sum_seconds: number }[] =
      await this.dataSource.query(
        "SELECT copy_mode, outcome, le, observations, sum_seconds FROM link_duration_buckets ORDER BY copy_mode, outcome, le",
      );
    return rows.map((row) => ({
      copyMode: row.copy_mode,
      outcome: row.outcome,
      le: Number(row.le),
      observations: Number(row.observations),
      sumSeconds: Number(row.sum_seconds),
    }));
  }

  /** Bytes copied by copy-mode links since the database was made, per array family (0 for a family with none). */
  async copiedBytes(): Promise<Record<string, number>> {
    const rows: { family: string; bytes: string }[] = await this.dataSource.query(
      `SELECT family, sum(bytes)::text AS bytes
         FROM (SELECT family, bytes FROM copied_bytes
               UNION ALL SELECT DISTINCT system_type, 0 FROM storage_systems) AS figures
        GROUP BY family`,
    );
    return Object.fromEntries(rows.map((row) => [row.family, Number(row.bytes)]));
  }

  /** Resolves when the database answers. */
  async ping(): Promise<void> {
    await this.dataSource.query("SELECT 1");
  }
}
