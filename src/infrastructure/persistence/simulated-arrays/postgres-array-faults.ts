import type {
  ArrayFaults,
  SimFault,
  SimFaultHit,
  SimFaultSpec,
  SimOperation,
} from "../../../drivers/simulation/array-state-store.js";
import { isLatencyFault } from "../../../drivers/simulation/array-state-store.js";
import type { ArraySql } from "./array-sql.js";
import { type Row, toFault } from "./array-state-rows.js";

/** The faults injected into an array, in Postgres; a hit is spent by one transaction only. */
export function postgresArrayFaults(sql: ArraySql): ArrayFaults {
  return {
    async addFault(spec: SimFaultSpec): Promise<SimFault> {
      const values = isLatencyFault(spec)
        ? [spec.operation, spec.count, null, null, spec.latencyMs]
        : [spec.operation, spec.count, spec.message, spec.retryable, null];
      const [row] = await sql.rows(
        `INSERT INTO ${sql.s}.faults (array_id, operation, remaining, total, message, retryable, latency_ms)
         VALUES ($1, $2, $3, $3, $4, $5, $6) RETURNING *`,
        values,
      );
      if (!row) throw new Error("INSERT … RETURNING returned no row");
      return toFault(row);
    },

    async takeFault(operation: SimOperation): Promise<SimFaultHit> {
      const error = await spendOne(sql, operation, "latency_ms IS NULL AND remaining > 0");
      const latency = await spendOne(sql, operation, "latency_ms IS NOT NULL AND (remaining IS NULL OR remaining > 0)");
      return {
        error: error ? { message: String(error.message), retryable: error.retryable === true } : null,
        latencyMs: latency ? Number(latency.latency_ms) : 0,
      };
    },

    async faults(): Promise<SimFault[]> {
      const rows = await sql.rows(
        `SELECT * FROM ${sql.s}.faults WHERE array_id = $1 AND (remaining IS NULL OR remaining > 0) ORDER BY id`,
        [],
      );
      return rows.map(toFault);
    },

    async clearFaults(): Promise<void> {
      await sql.rows(`DELETE FROM ${sql.s}.faults WHERE array_id = $1`, []);
    },
  };
}

/** Spends one hit of the oldest fault matching `condition`; unlimited faults are returned unspent. */
async function spendOne(sql: ArraySql, operation: SimOperation, condition: string): Promise<Row | null> {
  // FOR UPDATE re-checks a row another transaction just spent; if that left it empty the
  // subquery finds nothing even when a later fault has hits left, hence the loop.
  for (;;) {
    const [row] = await sql.rows(
      `UPDATE ${sql.s}.faults SET remaining = remaining - 1
        WHERE id = (SELECT id FROM ${sql.s}.faults
                     WHERE array_id = $1 AND operation = $2 AND ${condition}
                     ORDER BY id LIMIT 1 FOR UPDATE)
        RETURNING *`,
      [operation],
    );
    if (row) return row;
    const [left] = await sql.rows(
      `SELECT * FROM ${sql.s}.faults WHERE array_id = $1 AND operation = $2 AND ${condition} ORDER BY id LIMIT 1`,
      [operation],
    );
    if (!left) return null;
    if (left.remaining === null) return left;
  }
}
