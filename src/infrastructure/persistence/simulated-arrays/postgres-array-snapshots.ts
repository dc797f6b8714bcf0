import type { ArraySnapshots, SimSnapshot } from "../../../drivers/simulation/array-state-store.js";
import type { ArraySql } from "./array-sql.js";
import { restoreValues, toSnapshot } from "./array-state-rows.js";

/** An array's snapshots, with their restore sessions, in Postgres. */
export function postgresArraySnapshots(sql: ArraySql): ArraySnapshots {
  return {
    async snapshot(snapId: number): Promise<SimSnapshot | null> {
      const [row] = await sql.rows(`SELECT * FROM ${sql.s}.snapshots WHERE array_id = $1 AND snap_id = $2`, [snapId]);
      return row ? toSnapshot(row) : null;
    },

    async snapshotByIdempotencyKey(key: string): Promise<SimSnapshot | null> {
      const [row] = await sql.rows(`SELECT * FROM ${sql.s}.snapshots WHERE array_id = $1 AND idempotency_key = $2`, [
        key,
      ]);
      return row ? toSnapshot(row) : null;
    },

    async snapshotsOfSource(sourceNativeId: string): Promise<SimSnapshot[]> {
      const rows = await sql.rows(
        `SELECT * FROM ${sql.s}.snapshots WHERE array_id = $1 AND source_native_id = $2 ORDER BY snap_id`,
        [sourceNativeId],
      );
      return rows.map(toSnapshot);
    },

    async insertSnapshot(snapshot: SimSnapshot): Promise<void> {
      await sql.rows(
        `INSERT INTO ${sql.s}.snapshots (array_id, snap_id, source_native_id, name, idempotency_key, created_at,
           restore_started_at, restore_duration_ms, restore_tracks, restore_from_native_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
        [
          snapshot.snapId,
          snapshot.sourceNativeId,
          snapshot.name,
          snapshot.idempotencyKey,
          snapshot.createdAt,
          ...restoreValues(snapshot),
        ],
      );
    },

    async updateSnapshot(snapshot: SimSnapshot): Promise<void> {
      const affected = await sql.affected(
        `UPDATE ${sql.s}.snapshots SET name = $3, restore_started_at = $4, restore_duration_ms = $5, restore_tracks = $6,
           restore_from_native_id = $7
         WHERE array_id = $1 AND snap_id = $2`,
        [snapshot.snapId, snapshot.name, ...restoreValues(snapshot)],
      );
      if (affected !== 1) throw new Error(`no snapshot ${snapshot.snapId} on array ${sql.arrayId}`);
    },

    async deleteSnapshot(snapId: number): Promise<boolean> {
      return (await sql.affected(`DELETE FROM ${sql.s}.snapshots WHERE array_id = $1 AND snap_id = $2`, [snapId])) > 0;
    },

    async allSnapshots(): Promise<SimSnapshot[]> {
      return (await sql.rows(`SELECT * FROM ${sql.s}.snapshots WHERE array_id = $1 ORDER BY snap_id`, [])).map(
        toSnapshot,
      );
    },
  };
}
