import type { ArrayTracks, SimTrackUsage } from "../../../drivers/simulation/array-state-store.js";
import { type ArraySql, batches } from "./array-sql.js";
import type { Row } from "./array-state-rows.js";

/** An array's data plane in Postgres: own tracks per device, preserved tracks per snapshot. */
export function postgresArrayTracks(sql: ArraySql): ArrayTracks {
  return {
    async ownTracks(nativeId: string, tracks: readonly number[]): Promise<Map<number, Uint8Array>> {
      if (tracks.length === 0) return new Map();
      const rows = await sql.rows(
        `SELECT track, data FROM ${sql.s}.device_tracks
          WHERE array_id = $1 AND native_id = $2 AND track = ANY($3::bigint[])`,
        [nativeId, tracks],
      );
      return new Map(rows.map((row) => [Number(row.track), row.data as Uint8Array]));
    },

    async ownTrackNumbers(nativeId: string): Promise<number[]> {
      const rows = await sql.rows(
        `SELECT track FROM ${sql.s}.device_tracks WHERE array_id = $1 AND native_id = $2 ORDER BY track`,
        [nativeId],
      );
      return rows.map((row) => Number(row.track));
    },

    async putOwnTracks(nativeId: string, tracks: ReadonlyMap<number, Uint8Array>): Promise<void> {
      for (const batch of batches([...tracks], 64)) {
        await sql.rows(
          `INSERT INTO ${sql.s}.device_tracks (array_id, native_id, track, data)
           SELECT $1, $2, t.track, t.data FROM unnest($3::bigint[], $4::bytea[]) AS t (track, data)
           ON CONFLICT (array_id, native_id, track) DO UPDATE SET data = EXCLUDED.data`,
          [nativeId, batch.map(([track]) => track), batch.map(([, data]) => Buffer.from(data))],
        );
      }
    },

    async deleteOwnTracks(nativeId: string, tracks?: readonly number[]): Promise<void> {
      if (tracks === undefined) {
        await sql.rows(`DELETE FROM ${sql.s}.device_tracks WHERE array_id = $1 AND native_id = $2`, [nativeId]);
      } else if (tracks.length > 0) {
        await sql.rows(
          `DELETE FROM ${sql.s}.device_tracks WHERE array_id = $1 AND native_id = $2 AND track = ANY($3::bigint[])`,
          [nativeId, tracks],
        );
      }
    },

    deleteOwnTracksOfDevices(nativeIds: readonly string[]): Promise<void> {
      return sql.sets.deleteOwnTracksOfDevices(nativeIds);
    },

    async preservedTracks(
      snapIds: readonly number[],
      tracks: readonly number[],
    ): Promise<Map<number, Uint8Array | null>> {
      if (snapIds.length === 0 || tracks.length === 0) return new Map();
      const rows = await sql.rows(
        `SELECT DISTINCT ON (track) track, data FROM ${sql.s}.preserved_tracks
          WHERE array_id = $1 AND snap_id = ANY($2::bigint[]) AND track = ANY($3::bigint[])
          ORDER BY track, snap_id`,
        [snapIds, tracks],
      );
      return new Map(rows.map((row) => [Number(row.track), (row.data as Uint8Array | null) ?? null]));
    },

    async preservedTrackNumbers(snapIds: readonly number[]): Promise<number[]> {
      if (snapIds.length === 0) return [];
      const rows = await sql.rows(
        `SELECT DISTINCT track FROM ${sql.s}.preserved_tracks
          WHERE array_id = $1 AND snap_id = ANY($2::bigint[]) ORDER BY track`,
        [snapIds],
      );
      return rows.map((row) => Number(row.track));
    },

    async preserveTracks(snapId: number, tracks: ReadonlyMap<number, Uint8Array | null>): Promise<void> {
      for (const batch of batches([...tracks], 64)) {
        await sql.rows(
          `INSERT INTO ${sql.s}.preserved_tracks (array_id, snap_id, track, data)
           SELECT $1, $2, t.track, t.data FROM unnest($3::bigint[], $4::bytea[]) AS t (track, data)
           ON CONFLICT (array_id, snap_id, track) DO NOTHING`,
          [snapId, batch.map(([track]) => track), batch.map(([, data]) => (data === null ? null : Buffer.from(data)))],
        );
      }
    },

    async handOverPreservedTracks(fromSnapId: number, toSnapId: number | null): Promise<void> {
      if (toSnapId !== null) {
        await sql.rows(
          `INSERT INTO ${sql.s}.preserved_tracks (array_id, snap_id, track, data)
           SELECT array_id, $3, track, data FROM ${sql.s}.preserved_tracks WHERE array_id = $1 AND snap_id = $2
           ON CONFLICT (array_id, snap_id, track) DO NOTHING`,
          [fromSnapId, toSnapId],
        );
      }
      await sql.rows(`DELETE FROM ${sql.s}.preserved_tracks WHERE array_id = $1 AND snap_id = $2`, [fromSnapId]);
    },

    async trackUsage(): Promise<SimTrackUsage> {
      const devices = await sql.rows(
        `SELECT native_id AS id, count(*) AS tracks, coalesce(sum(octet_length(data)), 0) AS bytes
           FROM ${sql.s}.device_tracks WHERE array_id = $1 GROUP BY native_id`,
        [],
      );
      const snapshots = await sql.rows(
        `SELECT snap_id AS id, count(*) AS tracks, coalesce(sum(octet_length(data)), 0) AS bytes
           FROM ${sql.s}.preserved_tracks WHERE array_id = $1 GROUP BY snap_id`,
        [],
      );
      const usage = (row: Row) => ({ tracks: Number(row.tracks), bytes: Number(row.bytes) });
      return {
        devices: new Map(devices.map((row) => [String(row.id), usage(row)])),
        snapshots: new Map(snapshots.map((row) => [Number(row.id), usage(row)])),
      };
    },
  };
}
