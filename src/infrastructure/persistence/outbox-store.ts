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
   * In one transaction: locks up to `limit` rows (skipping rows another drainer holds),
   * hands them to `deliver`, and deletes them. When `deliver` throws, the transaction rolls
   * back, the rows stay for the next attempt and the error is rethrown. Returns how many
   * rows were delivered (0 when none were pending, without calling `deliver`).
   */
  async drain(limit: number, deliver: (rows: OutboxRow[]) => Promise<void>): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      const rows: { id: string; payload: WorkflowStart }[] = await manager.query(
        "SELECT id::text AS id, payload FROM outbox ORDER BY outbox.id LIMIT $1 FOR UPDATE SKIP LOCKED",
        [limit],
      );
      if (rows.length === 0) return 0;
      await deliver(rows.map((row) => ({ id: row.id, start: row.payload })));
      await manager.query("DELETE FROM outbox WHERE id = ANY($1::bigint[])", [rows.map((row) => row.id)]);
      return rows.length;
    });
  }

  /** Committed rows not yet delivered. */
  async countPending(): Promise<number> {
    const [row]: { pending: number }[] = await this.dataSource.query("SELECT count(*)::int AS pending FROM outbox");
    return row?.pending ?? 0;
  }
}
