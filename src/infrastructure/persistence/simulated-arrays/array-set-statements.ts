import type { SimDevice, SimLink } from "../../../drivers/simulation/array-state-store.js";
import { type Row, toDevice, toLink } from "./array-state-rows.js";

/** Runs a statement of one array's transaction; `$1` is the array's id, the parameters follow. */
export type ArrayStatement = (sql: string, parameters: readonly unknown[]) => Promise<Row[]>;

const LINK_COLUMNS = `target_native_id, snap_id, source_native_id, copy_mode, started_at, tracks, define_duration_ms,
  copy_started_at, copy_duration_ms, copy_destination_native_id, copy_tracks`;

/**
 * The statements that read or write many devices or links of one array at once, so that a batch
 * of N targets costs the same few round trips as one target: each reads or writes its rows by
 * `= ANY(array)` or from `unnest` of one array per column.
 */
export class ArraySetStatements {
  constructor(
    private readonly run: ArrayStatement,
    private readonly s: string,
  ) {}

  async devices(nativeIds: readonly string[]): Promise<ReadonlyMap<string, SimDevice>> {
    if (nativeIds.length === 0) return new Map();
    const rows = await this.run(`SELECT * FROM ${this.s}.devices WHERE array_id = $1 AND native_id = ANY($2::text[])`, [
      [...new Set(nativeIds)],
    ]);
    return new Map(rows.map((row) => [String(row.native_id), toDevice(row)]));
  }

  async devicesByIdempotencyKeys(keys: readonly string[]): Promise<ReadonlyMap<string, SimDevice>> {
    if (keys.length === 0) return new Map();
    const rows = await this.run(
      `SELECT * FROM ${this.s}.devices WHERE array_id = $1 AND idempotency_key = ANY($2::text[])`,
      [[...new Set(keys)]],
    );
    return new Map(rows.map((row) => [String(row.idempotency_key), toDevice(row)]));
  }

  async insertDevices(devices: readonly SimDevice[]): Promise<void> {
    if (devices.length === 0) return;
    const column = <T>(value: (device: SimDevice) => T) => devices.map(value);
    await this.run(
      `INSERT INTO ${this.s}.devices (array_id, native_id, wwn, label, pool_native_id, capacity_bytes, kind,
         parent_native_id, idempotency_key, created_at, content)
       SELECT $1, d.* FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::bigint[], $7::text[],
         $8::text[], $9::text[], $10::bigint[], $11::text[]) AS d`,
      [
        column((d) => d.nativeId),
        column((d) => d.wwn),
        column((d) => d.label),
        column((d) => d.poolNativeId),
        column((d) => d.capacityBytes),
        column((d) => d.kind),
        column((d) => d.parentNativeId),
        column((d) => d.idempotencyKey),
        column((d) => d.createdAt),
        column((d) => d.content),
      ],
    );
  }

  async linksOfTargets(targetNativeIds: readonly string[]): Promise<ReadonlyMap<string, SimLink>> {
    if (targetNativeIds.length === 0) return new Map();
    const rows = await this.run(
      `SELECT * FROM ${this.s}.links WHERE array_id = $1 AND target_native_id = ANY($2::text[])`,
      [[...new Set(targetNativeIds)]],
    );
    return new Map(rows.map((row) => [String(row.target_native_id), toLink(row)]));
  }

  /**
   * Counts each source's links once, then inserts each wanted link whose turn among its source's
   * (in the given order) is within the room left.
   */
  async insertLinksWithinLimit(links: readonly SimLink[], maxLinksOfSource: number): Promise<ReadonlySet<string>> {
    if (links.length === 0) return new Set();
    const column = <T>(value: (link: SimLink) => T) => links.map(value);
    const rows = await this.run(
      `WITH wanted AS (
         SELECT w.*, row_number() OVER (PARTITION BY w.source_native_id ORDER BY w.position) AS turn
           FROM unnest($2::text[], $3::bigint[], $4::text[], $5::text[], $6::bigint[], $7::bigint[], $8::bigint[],
                       $9::bigint[], $10::bigint[], $11::text[], $12::bigint[])
                WITH ORDINALITY AS w (${LINK_COLUMNS}, position)
       ), linked AS (
         SELECT sources.source_native_id, count(l.target_native_id) AS count
           FROM (SELECT DISTINCT source_native_id FROM wanted) AS sources
           LEFT JOIN ${this.s}.links AS l ON l.array_id = $1 AND l.source_native_id = sources.source_native_id
          GROUP BY sources.source_native_id
       )
       INSERT INTO ${this.s}.links (array_id, ${LINK_COLUMNS})
       SELECT $1, ${LINK_COLUMNS}
         FROM wanted AS w JOIN linked USING (source_native_id)
        WHERE w.turn <= $13::bigint - linked.count
       RETURNING target_native_id`,
      [
        column((l) => l.targetNativeId),
        column((l) => l.snapId),
        column((l) => l.sourceNativeId),
        column((l) => l.copyMode),
        column((l) => l.startedAt),
        column((l) => l.tracks),
        column((l) => l.defineDurationMs),
        column((l) => l.copyStartedAt),
        column((l) => l.copyDurationMs),
        column((l) => l.copyDestinationNativeId),
        column((l) => l.copyTracks),
        maxLinksOfSource,
      ],
    );
    return new Set(rows.map((row) => String(row.target_native_id)));
  }

  async deleteOwnTracksOfDevices(nativeIds: readonly string[]): Promise<void> {
    if (nativeIds.length === 0) return;
    await this.run(`DELETE FROM ${this.s}.device_tracks WHERE array_id = $1 AND native_id = ANY($2::text[])`, [
      [...new Set(nativeIds)],
    ]);
  }
}
