import type { DataSource, QueryRunner } from "typeorm";
import type {
  ArrayStateStore,
  ArrayStateTransaction,
  SimClockSetting,
  SimCounter,
  SimDevice,
  SimFault,
  SimFaultHit,
  SimFaultSpec,
  SimJob,
  SimLink,
  SimOperation,
  SimSnapshot,
  SimStalls,
  SimTrackUsage,
} from "../../../drivers/simulation/array-state-store.js";
import { isLatencyFault } from "../../../drivers/simulation/array-state-store.js";
import { quotedSchema } from "../schema-steps.js";
import { ArraySetStatements } from "./array-set-statements.js";
import {
  linkValues,
  type Row,
  restoreValues,
  toClockSetting,
  toDevice,
  toFault,
  toLink,
  toSnapshot,
} from "./array-state-rows.js";
import { DEFAULT_SIMULATED_ARRAYS_SCHEMA } from "./migrate-simulated-arrays.js";

/** Deadlock and serialization failure: the transaction is run again. */
const TRANSIENT_SQLSTATES = new Set(["40P01", "40001"]);
const MAX_ATTEMPTS = 5;

/**
 * The simulated arrays' state in Postgres (schema created by `migrateSimulatedArrays`), shared
 * by every process. Each transaction is a database transaction at READ COMMITTED; `lock…`
 * methods take row locks (`SELECT … FOR UPDATE`, in native id order), so operations that share
 * a limit are serialized across processes. Transactions that hit a deadlock or serialization
 * failure are run again, up to 5 times.
 */
export class PostgresArrayStateStore implements ArrayStateStore {
  private readonly schema: string;

  constructor(
    private readonly dataSource: DataSource,
    options: { schema?: string } = {},
  ) {
    this.schema = quotedSchema(options.schema ?? DEFAULT_SIMULATED_ARRAYS_SCHEMA);
  }

  async transaction<T>(arrayId: string, work: (tx: ArrayStateTransaction) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await this.once(arrayId, work);
      } catch (error) {
        if (attempt >= MAX_ATTEMPTS || !isTransient(error)) throw error;
      }
    }
  }

  async hasFaults(arrayId: string): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(
      `SELECT 1 FROM ${this.schema}.faults WHERE array_id = $1 AND (remaining IS NULL OR remaining > 0) LIMIT 1`,
      [arrayId],
    );
    return rows.length > 0;
  }

  async saveClockSetting(setting: SimClockSetting | null): Promise<void> {
    if (setting === null) {
      await this.dataSource.query(`DELETE FROM ${this.schema}.clock_setting`);
      return;
    }
    await this.dataSource.query(
      `INSERT INTO ${this.schema}.clock_setting (singleton, profile, speed) VALUES (true, $1, $2)
       ON CONFLICT (singleton) DO UPDATE SET profile = EXCLUDED.profile, speed = EXCLUDED.speed`,
      [setting.profile, setting.speed],
    );
  }

  private async once<T>(arrayId: string, work: (tx: ArrayStateTransaction) => Promise<T>): Promise<T> {
    const runner = this.dataSource.createQueryRunner();
    try {
      await runner.startTransaction();
      const result = await work(new PostgresArrayStateTransaction(runner, this.schema, arrayId));
      await runner.commitTransaction();
      return result;
    } catch (error) {
      if (runner.isTransactionActive) await runner.rollbackTransaction();
      throw error;
    } finally {
      await runner.release();
    }
  }
}

function isTransient(error: unknown): boolean {
  const code = (error as { driverError?: { code?: unknown } } | null)?.driverError?.code;
  return typeof code === "string" && TRANSIENT_SQLSTATES.has(code);
}

const COUNTER_COLUMNS: Readonly<Record<SimCounter, string>> = {
  device: "device_counter",
  snapshot: "snapshot_counter",
};

class PostgresArrayStateTransaction implements ArrayStateTransaction {
  private arrayLocked = false;
  private readonly sets: ArraySetStatements;

  constructor(
    private readonly runner: QueryRunner,
    private readonly s: string,
    readonly arrayId: string,
  ) {
    this.sets = new ArraySetStatements((sql, parameters) => this.rows(sql, parameters), s);
  }

  async lockArray(): Promise<void> {
    if (this.arrayLocked) return;
    await this.rows(`INSERT INTO ${this.s}.arrays (array_id) VALUES ($1) ON CONFLICT (array_id) DO NOTHING`, []);
    await this.rows(`SELECT array_id FROM ${this.s}.arrays WHERE array_id = $1 FOR UPDATE`, []);
    this.arrayLocked = true;
  }

  async nextNumber(counter: SimCounter): Promise<number> {
    const [number] = await this.nextNumbers(counter, 1);
    return Number(number);
  }

  async nextNumbers(counter: SimCounter, count: number): Promise<number[]> {
    if (count === 0) return [];
    const column = COUNTER_COLUMNS[counter];
    const increment = `UPDATE ${this.s}.arrays SET ${column} = ${column} + $2 WHERE array_id = $1 RETURNING ${column} AS value`;
    // The update takes the array's lock itself: one round trip, where locking first took three.
    let [row] = await this.rows(increment, [count]);
    if (!row) {
      await this.rows(`INSERT INTO ${this.s}.arrays (array_id) VALUES ($1) ON CONFLICT (array_id) DO NOTHING`, []);
      [row] = await this.rows(increment, [count]);
    }
    this.arrayLocked = true;
    const last = Number(row?.value);
    return Array.from({ length: count }, (_, index) => last - count + 1 + index);
  }

  devices(nativeIds: readonly string[]): Promise<ReadonlyMap<string, SimDevice>> {
    return this.sets.devices(nativeIds);
  }

  devicesByIdempotencyKeys(keys: readonly string[]): Promise<ReadonlyMap<string, SimDevice>> {
    return this.sets.devicesByIdempotencyKeys(keys);
  }

  async insertDevices(devices: readonly SimDevice[]): Promise<void> {
    await this.lockArray();
    await this.sets.insertDevices(devices);
  }

  linksOfTargets(targetNativeIds: readonly string[]): Promise<ReadonlyMap<string, SimLink>> {
    return this.sets.linksOfTargets(targetNativeIds);
  }

  insertLinksWithinLimit(links: readonly SimLink[], maxLinksOfSource: number): Promise<ReadonlySet<string>> {
    return this.sets.insertLinksWithinLimit(links, maxLinksOfSource);
  }

  deleteOwnTracksOfDevices(nativeIds: readonly string[]): Promise<void> {
    return this.sets.deleteOwnTracksOfDevices(nativeIds);
  }

  async device(nativeId: string): Promise<SimDevice | null> {
    const [row] = await this.rows(`SELECT * FROM ${this.s}.devices WHERE array_id = $1 AND native_id = $2`, [nativeId]);
    return row ? toDevice(row) : null;
  }

  async lockDevices(nativeIds: readonly string[]): Promise<ReadonlyMap<string, SimDevice>> {
    if (nativeIds.length === 0) return new Map();
    const rows = await this.rows(
      `SELECT * FROM ${this.s}.devices WHERE array_id = $1 AND native_id = ANY($2::text[])
        ORDER BY native_id FOR UPDATE`,
      [[...new Set(nativeIds)]],
    );
    return new Map(rows.map((row) => [String(row.native_id), toDevice(row)]));
  }

  async deviceByIdempotencyKey(key: string): Promise<SimDevice | null> {
    const [row] = await this.rows(`SELECT * FROM ${this.s}.devices WHERE array_id = $1 AND idempotency_key = $2`, [
      key,
    ]);
    return row ? toDevice(row) : null;
  }

  async childDevices(parentNativeId: string): Promise<SimDevice[]> {
    const rows = await this.rows(
      `SELECT * FROM ${this.s}.devices WHERE array_id = $1 AND parent_native_id = $2 ORDER BY native_id`,
      [parentNativeId],
    );
    return rows.map(toDevice);
  }

  async insertDevice(device: SimDevice): Promise<void> {
    await this.lockArray();
    await this.rows(
      `INSERT INTO ${this.s}.devices (array_id, native_id, wwn, label, pool_native_id, capacity_bytes, kind,
         parent_native_id, idempotency_key, created_at, content)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
      [
        device.nativeId,
        device.wwn,
        device.label,
        device.poolNativeId,
        device.capacityBytes,
        device.kind,
        device.parentNativeId,
        device.idempotencyKey,
        device.createdAt,
        device.content,
      ],
    );
  }

  async updateDevice(device: SimDevice): Promise<void> {
    const affected = await this.affected(
      `UPDATE ${this.s}.devices SET wwn = $3, label = $4, pool_native_id = $5, capacity_bytes = $6, kind = $7,
         parent_native_id = $8, idempotency_key = $9, content = $10
       WHERE array_id = $1 AND native_id = $2`,
      [
        device.nativeId,
        device.wwn,
        device.label,
        device.poolNativeId,
        device.capacityBytes,
        device.kind,
        device.parentNativeId,
        device.idempotencyKey,
        device.content,
      ],
    );
    if (affected !== 1) throw new Error(`no device ${device.nativeId} on array ${this.arrayId}`);
  }

  async deleteDevice(nativeId: string): Promise<boolean> {
    return (
      (await this.affected(`DELETE FROM ${this.s}.devices WHERE array_id = $1 AND native_id = $2`, [nativeId])) > 0
    );
  }

  async snapshot(snapId: number): Promise<SimSnapshot | null> {
    const [row] = await this.rows(`SELECT * FROM ${this.s}.snapshots WHERE array_id = $1 AND snap_id = $2`, [snapId]);
    return row ? toSnapshot(row) : null;
  }

  async snapshotByIdempotencyKey(key: string): Promise<SimSnapshot | null> {
    const [row] = await this.rows(`SELECT * FROM ${this.s}.snapshots WHERE array_id = $1 AND idempotency_key = $2`, [
      key,
    ]);
    return row ? toSnapshot(row) : null;
  }

  async snapshotsOfSource(sourceNativeId: string): Promise<SimSnapshot[]> {
    const rows = await this.rows(
      `SELECT * FROM ${this.s}.snapshots WHERE array_id = $1 AND source_native_id = $2 ORDER BY snap_id`,
      [sourceNativeId],
    );
    return rows.map(toSnapshot);
  }

  async insertSnapshot(snapshot: SimSnapshot): Promise<void> {
    await this.rows(
      `INSERT INTO ${this.s}.snapshots (array_id, snap_id, source_native_id, name, idempotency_key, created_at,
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
  }

  async updateSnapshot(snapshot: SimSnapshot): Promise<void> {
    const affected = await this.affected(
      `UPDATE ${this.s}.snapshots SET name = $3, restore_started_at = $4, restore_duration_ms = $5, restore_tracks = $6,
         restore_from_native_id = $7
       WHERE array_id = $1 AND snap_id = $2`,
      [snapshot.snapId, snapshot.name, ...restoreValues(snapshot)],
    );
    if (affected !== 1) throw new Error(`no snapshot ${snapshot.snapId} on array ${this.arrayId}`);
  }

  async deleteSnapshot(snapId: number): Promise<boolean> {
    return (await this.affected(`DELETE FROM ${this.s}.snapshots WHERE array_id = $1 AND snap_id = $2`, [snapId])) > 0;
  }

  async linkOfTarget(targetNativeId: string): Promise<SimLink | null> {
    const [row] = await this.rows(`SELECT * FROM ${this.s}.links WHERE array_id = $1 AND target_native_id = $2`, [
      targetNativeId,
    ]);
    return row ? toLink(row) : null;
  }

  async linksOfSnapshot(snapId: number): Promise<SimLink[]> {
    const rows = await this.rows(
      `SELECT * FROM ${this.s}.links WHERE array_id = $1 AND snap_id = $2 ORDER BY target_native_id`,
      [snapId],
    );
    return rows.map(toLink);
  }

  async countLinksOfSource(sourceNativeId: string): Promise<number> {
    const [row] = await this.rows(
      `SELECT count(*) AS count FROM ${this.s}.links WHERE array_id = $1 AND source_native_id = $2`,
      [sourceNativeId],
    );
    return Number(row?.count ?? 0);
  }

  async insertLink(link: SimLink): Promise<void> {
    await this.rows(
      `INSERT INTO ${this.s}.links (array_id, target_native_id, snap_id, source_native_id, copy_mode, started_at,
         tracks, define_duration_ms, copy_started_at, copy_duration_ms, copy_destination_native_id, copy_tracks)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
      linkValues(link),
    );
  }

  async insertLinkWithinLimit(link: SimLink, maxLinksOfSource: number): Promise<boolean> {
    const inserted = await this.rows(
      `INSERT INTO ${this.s}.links (array_id, target_native_id, snap_id, source_native_id, copy_mode, started_at,
         tracks, define_duration_ms, copy_started_at, copy_duration_ms, copy_destination_native_id, copy_tracks)
       SELECT $1, $2::text, $3::bigint, $4::text, $5::text, $6::bigint, $7::bigint, $8::bigint, $9::bigint,
              $10::bigint, $11::text, $12::bigint
       WHERE (SELECT count(*) FROM ${this.s}.links WHERE array_id = $1 AND source_native_id = $4::text) < $13::bigint
       RETURNING 1 AS inserted`,
      [...linkValues(link), maxLinksOfSource],
    );
    return inserted.length === 1;
  }

  async updateLink(link: SimLink): Promise<void> {
    const affected = await this.affected(
      `UPDATE ${this.s}.links SET snap_id = $3, source_native_id = $4, copy_mode = $5, started_at = $6, tracks = $7,
         define_duration_ms = $8, copy_started_at = $9, copy_duration_ms = $10, copy_destination_native_id = $11,
         copy_tracks = $12
       WHERE array_id = $1 AND target_native_id = $2`,
      linkValues(link),
    );
    if (affected !== 1) throw new Error(`target ${link.targetNativeId} on array ${this.arrayId} is not linked`);
  }

  async deleteLink(targetNativeId: string): Promise<boolean> {
    const sql = `DELETE FROM ${this.s}.links WHERE array_id = $1 AND target_native_id = $2`;
    return (await this.affected(sql, [targetNativeId])) > 0;
  }

  async allDevices(): Promise<SimDevice[]> {
    return (await this.rows(`SELECT * FROM ${this.s}.devices WHERE array_id = $1 ORDER BY native_id`, [])).map(
      toDevice,
    );
  }

  async allSnapshots(): Promise<SimSnapshot[]> {
    return (await this.rows(`SELECT * FROM ${this.s}.snapshots WHERE array_id = $1 ORDER BY snap_id`, [])).map(
      toSnapshot,
    );
  }

  async allLinks(): Promise<SimLink[]> {
    return (await this.rows(`SELECT * FROM ${this.s}.links WHERE array_id = $1 ORDER BY target_native_id`, [])).map(
      toLink,
    );
  }

  async addFault(spec: SimFaultSpec): Promise<SimFault> {
    const values = isLatencyFault(spec)
      ? [spec.operation, spec.count, null, null, spec.latencyMs]
      : [spec.operation, spec.count, spec.message, spec.retryable, null];
    const [row] = await this.rows(
      `INSERT INTO ${this.s}.faults (array_id, operation, remaining, total, message, retryable, latency_ms)
       VALUES ($1, $2, $3, $3, $4, $5, $6) RETURNING *`,
      values,
    );
    if (!row) throw new Error("INSERT … RETURNING returned no row");
    return toFault(row);
  }

  async takeFault(operation: SimOperation): Promise<SimFaultHit> {
    const error = await this.spendOne(operation, "latency_ms IS NULL AND remaining > 0");
    const latency = await this.spendOne(operation, "latency_ms IS NOT NULL AND (remaining IS NULL OR remaining > 0)");
    return {
      error: error ? { message: String(error.message), retryable: error.retryable === true } : null,
      latencyMs: latency ? Number(latency.latency_ms) : 0,
    };
  }

  /** Spends one hit of the oldest fault matching `condition`; unlimited faults are returned unspent. */
  private async spendOne(operation: SimOperation, condition: string): Promise<Row | null> {
    // FOR UPDATE re-checks a row another transaction just spent; if that left it empty the
    // subquery finds nothing even when a later fault has hits left, hence the loop.
    for (;;) {
      const [row] = await this.rows(
        `UPDATE ${this.s}.faults SET remaining = remaining - 1
          WHERE id = (SELECT id FROM ${this.s}.faults
                       WHERE array_id = $1 AND operation = $2 AND ${condition}
                       ORDER BY id LIMIT 1 FOR UPDATE)
          RETURNING *`,
        [operation],
      );
      if (row) return row;
      const [left] = await this.rows(
        `SELECT * FROM ${this.s}.faults WHERE array_id = $1 AND operation = $2 AND ${condition} ORDER BY id LIMIT 1`,
        [operation],
      );
      if (!left) return null;
      if (left.remaining === null) return left;
    }
  }

  async faults(): Promise<SimFault[]> {
    const rows = await this.rows(
      `SELECT * FROM ${this.s}.faults WHERE array_id = $1 AND (remaining IS NULL OR remaining > 0) ORDER BY id`,
      [],
    );
    return rows.map(toFault);
  }

  async clearFaults(): Promise<void> {
    await this.rows(`DELETE FROM ${this.s}.faults WHERE array_id = $1`, []);
  }

  async stallJobs(job: SimJob, since: number): Promise<void> {
    await this.rows(
      `INSERT INTO ${this.s}.job_stalls (array_id, job, since) VALUES ($1, $2, $3)
       ON CONFLICT (array_id, job) DO NOTHING`,
      [job, since],
    );
  }

  async stalls(): Promise<SimStalls> {
    const rows = await this.rows(`SELECT job, since FROM ${this.s}.job_stalls WHERE array_id = $1`, []);
    return new Map(rows.map((row) => [String(row.job) as SimJob, Number(row.since)]));
  }

  async clearStalls(): Promise<SimStalls> {
    const rows = await this.rows(`DELETE FROM ${this.s}.job_stalls WHERE array_id = $1 RETURNING job, since`, []);
    return new Map(rows.map((row) => [String(row.job) as SimJob, Number(row.since)]));
  }

  async ownTracks(nativeId: string, tracks: readonly number[]): Promise<Map<number, Uint8Array>> {
    if (tracks.length === 0) return new Map();
    const rows = await this.rows(
      `SELECT track, data FROM ${this.s}.device_tracks
        WHERE array_id = $1 AND native_id = $2 AND track = ANY($3::bigint[])`,
      [nativeId, tracks],
    );
    return new Map(rows.map((row) => [Number(row.track), row.data as Uint8Array]));
  }

  async ownTrackNumbers(nativeId: string): Promise<number[]> {
    const rows = await this.rows(
      `SELECT track FROM ${this.s}.device_tracks WHERE array_id = $1 AND native_id = $2 ORDER BY track`,
      [nativeId],
    );
    return rows.map((row) => Number(row.track));
  }

  async putOwnTracks(nativeId: string, tracks: ReadonlyMap<number, Uint8Array>): Promise<void> {
    for (const batch of batches([...tracks], 64)) {
      await this.rows(
        `INSERT INTO ${this.s}.device_tracks (array_id, native_id, track, data)
         SELECT $1, $2, t.track, t.data FROM unnest($3::bigint[], $4::bytea[]) AS t (track, data)
         ON CONFLICT (array_id, native_id, track) DO UPDATE SET data = EXCLUDED.data`,
        [nativeId, batch.map(([track]) => track), batch.map(([, data]) => Buffer.from(data))],
      );
    }
  }

  async deleteOwnTracks(nativeId: string, tracks?: readonly number[]): Promise<void> {
    if (tracks === undefined) {
      await this.rows(`DELETE FROM ${this.s}.device_tracks WHERE array_id = $1 AND native_id = $2`, [nativeId]);
    } else if (tracks.length > 0) {
      await this.rows(
        `DELETE FROM ${this.s}.device_tracks WHERE array_id = $1 AND native_id = $2 AND track = ANY($3::bigint[])`,
        [nativeId, tracks],
      );
    }
  }

  async preservedTracks(
    snapIds: readonly number[],
    tracks: readonly number[],
  ): Promise<Map<number, Uint8Array | null>> {
    if (snapIds.length === 0 || tracks.length === 0) return new Map();
    const rows = await this.rows(
      `SELECT DISTINCT ON (track) track, data FROM ${this.s}.preserved_tracks
        WHERE array_id = $1 AND snap_id = ANY($2::bigint[]) AND track = ANY($3::bigint[])
        ORDER BY track, snap_id`,
      [snapIds, tracks],
    );
    return new Map(rows.map((row) => [Number(row.track), (row.data as Uint8Array | null) ?? null]));
  }

  async preservedTrackNumbers(snapIds: readonly number[]): Promise<number[]> {
    if (snapIds.length === 0) return [];
    const rows = await this.rows(
      `SELECT DISTINCT track FROM ${this.s}.preserved_tracks
        WHERE array_id = $1 AND snap_id = ANY($2::bigint[]) ORDER BY track`,
      [snapIds],
    );
    return rows.map((row) => Number(row.track));
  }

  async preserveTracks(snapId: number, tracks: ReadonlyMap<number, Uint8Array | null>): Promise<void> {
    for (const batch of batches([...tracks], 64)) {
      await this.rows(
        `INSERT INTO ${this.s}.preserved_tracks (array_id, snap_id, track, data)
         SELECT $1, $2, t.track, t.data FROM unnest($3::bigint[], $4::bytea[]) AS t (track, data)
         ON CONFLICT (array_id, snap_id, track) DO NOTHING`,
        [snapId, batch.map(([track]) => track), batch.map(([, data]) => (data === null ? null : Buffer.from(data)))],
      );
    }
  }

  async handOverPreservedTracks(fromSnapId: number, toSnapId: number | null): Promise<void> {
    if (toSnapId !== null) {
      await this.rows(
        `INSERT INTO ${this.s}.preserved_tracks (array_id, snap_id, track, data)
         SELECT array_id, $3, track, data FROM ${this.s}.preserved_tracks WHERE array_id = $1 AND snap_id = $2
         ON CONFLICT (array_id, snap_id, track) DO NOTHING`,
        [fromSnapId, toSnapId],
      );
    }
    await this.rows(`DELETE FROM ${this.s}.preserved_tracks WHERE array_id = $1 AND snap_id = $2`, [fromSnapId]);
  }

  async trackUsage(): Promise<SimTrackUsage> {
    const devices = await this.rows(
      `SELECT native_id AS id, count(*) AS tracks, coalesce(sum(octet_length(data)), 0) AS bytes
         FROM ${this.s}.device_tracks WHERE array_id = $1 GROUP BY native_id`,
      [],
    );
    const snapshots = await this.rows(
      `SELECT snap_id AS id, count(*) AS tracks, coalesce(sum(octet_length(data)), 0) AS bytes
         FROM ${this.s}.preserved_tracks WHERE array_id = $1 GROUP BY snap_id`,
      [],
    );
    const usage = (row: Row) => ({ tracks: Number(row.tracks), bytes: Number(row.bytes) });
    return {
      devices: new Map(devices.map((row) => [String(row.id), usage(row)])),
      snapshots: new Map(snapshots.map((row) => [Number(row.id), usage(row)])),
    };
  }

  async clockSetting(): Promise<SimClockSetting | null> {
    const result = await this.runner.query(`SELECT profile, speed FROM ${this.s}.clock_setting`, [], true);
    return toClockSetting((result.records as Row[])[0]);
  }

  /** Runs a statement whose first parameter is this array's id. */
  private async rows(sql: string, parameters: readonly unknown[]): Promise<Row[]> {
    const result = await this.runner.query(sql, [this.arrayId, ...parameters], true);
    return result.records as Row[];
  }

  private async affected(sql: string, parameters: readonly unknown[]): Promise<number> {
    const result = await this.runner.query(sql, [this.arrayId, ...parameters], true);
    return result.affected ?? 0;
  }
}

function batches<T>(items: readonly T[], size: number): T[][] {
  const result: T[][] = [];
  for (let i = 0; i < items.length; i += size) result.push(items.slice(i, i + size));
  return result;
}
