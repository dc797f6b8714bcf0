import type { DataSource } from "typeorm";
import type { WorkflowStart } from "../../application/ports/workflow-outbox.js";

export interface OutboxRow {
  /** The row's bigserial id, as a string; stable, so a job id derived from it is too. */
  readonly id: string;
  readonly start: WorkflowStart;
}

/** The relay's side of the outbox: committed rows, taken oldest first. */
export class OutboxStore {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * In one transaction: takes up to `limit` rows that are due out of the outbox, oldest first
   * (skipping rows another drainer holds), and hands them to `deliver`. When `deliver` throws, the
   * transaction rolls back, the rows stay for the next attempt and the error is rethrown.
   * Returns how many rows were delivered (0 when none were pending, without calling `deliver`).
   */
  async drain(limit: number, deliver: (rows: OutboxRow[]) => Promise<void>): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      // One statement takes and removes the rows; the removal only holds if delivery succeeds.
      // Structured: a DELETE's plain result is TypeORM's [rows, count] pair.
      const taken = await manager.queryRunner!.query(
        `DELETE FROM outbox WHERE id IN (SELECT id FROM outbox WHERE due_at <= now() ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED)
         RETURNING id::text AS id, payload`,
        [limit],
        true,
      );
      const rows = taken.records as { id: string; payload: WorkflowStart }[];
      if (rows.length === 0) return 0;
      rows.sort((a, b) => (BigInt(a.id) < BigInt(b.id) ? -1 : 1));
      await deliver(rows.map((row) => ({ id: row.id, start: row.payload })));
      return rows.length;
    });
  }

  /** Removes rows whose workflows their process launched itself after commit. */
  async forget(ids: readonly string[]): Promise<void> {
    if (ids.length > 0) await this.dataSource.query("DELETE FROM outbox WHERE id = ANY($1::bigint[])", [ids]);
  }

  /** Committed rows not yet delivered. */
  async countPending(): Promise<number> {
    const [row]: { pending: number }[] = await this.dataSource.query("SELECT count(*)::int AS pending FROM outbox");
    return row?.pending ?? 0;
  }
}
