import type { ArrayDevices, SimDevice } from "../../../drivers/simulation/array-state-store.js";
import type { ArraySql } from "./array-sql.js";
import { toDevice } from "./array-state-rows.js";

/** An array's devices in Postgres; `lockDevices` takes row locks in native id order. */
export function postgresArrayDevices(sql: ArraySql): ArrayDevices {
  return {
    async device(nativeId: string): Promise<SimDevice | null> {
      const [row] = await sql.rows(`SELECT * FROM ${sql.s}.devices WHERE array_id = $1 AND native_id = $2`, [nativeId]);
      return row ? toDevice(row) : null;
    },

    async lockDevices(nativeIds: readonly string[]): Promise<ReadonlyMap<string, SimDevice>> {
      if (nativeIds.length === 0) return new Map();
      const rows = await sql.rows(
        `SELECT * FROM ${sql.s}.devices WHERE array_id = $1 AND native_id = ANY($2::text[])
          ORDER BY native_id FOR UPDATE`,
        [[...new Set(nativeIds)]],
      );
      return new Map(rows.map((row) => [String(row.native_id), toDevice(row)]));
    },

    devices(nativeIds: readonly string[]): Promise<ReadonlyMap<string, SimDevice>> {
      return sql.sets.devices(nativeIds);
    },

    async deviceByIdempotencyKey(key: string): Promise<SimDevice | null> {
      const [row] = await sql.rows(`SELECT * FROM ${sql.s}.devices WHERE array_id = $1 AND idempotency_key = $2`, [
        key,
      ]);
      return row ? toDevice(row) : null;
    },

    devicesByIdempotencyKeys(keys: readonly string[]): Promise<ReadonlyMap<string, SimDevice>> {
      return sql.sets.devicesByIdempotencyKeys(keys);
    },

    async childDevices(parentNativeId: string): Promise<SimDevice[]> {
      const rows = await sql.rows(
        `SELECT * FROM ${sql.s}.devices WHERE array_id = $1 AND parent_native_id = $2 ORDER BY native_id`,
        [parentNativeId],
      );
      return rows.map(toDevice);
    },

    async insertDevice(device: SimDevice): Promise<void> {
      await sql.lockArray();
      await sql.rows(
        `INSERT INTO ${sql.s}.devices (array_id, native_id, wwn, label, pool_native_id, capacity_bytes, kind,
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
    },

    async insertDevices(devices: readonly SimDevice[]): Promise<void> {
      await sql.lockArray();
      await sql.sets.insertDevices(devices);
    },

    async updateDevice(device: SimDevice): Promise<void> {
      const affected = await sql.affected(
        `UPDATE ${sql.s}.devices SET wwn = $3, label = $4, pool_native_id = $5, capacity_bytes = $6, kind = $7,
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
      if (affected !== 1) throw new Error(`no device ${device.nativeId} on array ${sql.arrayId}`);
    },

    async deleteDevice(nativeId: string): Promise<boolean> {
      return (
        (await sql.affected(`DELETE FROM ${sql.s}.devices WHERE array_id = $1 AND native_id = $2`, [nativeId])) > 0
      );
    },

    async allDevices(): Promise<SimDevice[]> {
      return (await sql.rows(`SELECT * FROM ${sql.s}.devices WHERE array_id = $1 ORDER BY native_id`, [])).map(
        toDevice,
      );
    },
  };
}
