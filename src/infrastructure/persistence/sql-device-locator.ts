import type { DataSource } from "typeorm";
import type { DeviceLocator, LocatedDevice } from "../../application/ports/device-locator.js";
import type { StorageSystemRecord } from "../../application/ports/storage-catalog.js";

type Row = Record<string, unknown>;

const SYSTEM_COLUMNS = `s.id AS system_id, s.name AS system_name, s.system_type, s.native_id AS serial, s.settings`;

/** Plain SQL over `storage_systems`, `volumes` and `linked_targets`. */
export class SqlDeviceLocator implements DeviceLocator {
  constructor(private readonly dataSource: DataSource) {}

  async storageSystem(id: string): Promise<StorageSystemRecord | null> {
    const [row] = await this.rows(`SELECT ${SYSTEM_COLUMNS} FROM storage_systems s WHERE s.id = $1`, [id]);
    return row ? systemOf(row) : null;
  }

  async device(id: string): Promise<LocatedDevice | null> {
    const [row] = await this.rows(
      `SELECT ${SYSTEM_COLUMNS}, d.native_id, d.inactive
         FROM (SELECT storage_system_id, native_id, inactive FROM volumes WHERE id = $1
               UNION ALL
               SELECT storage_system_id, native_id, inactive FROM linked_targets WHERE id = $1) d
         JOIN storage_systems s ON s.id = d.storage_system_id
        LIMIT 1`,
      [id],
    );
    if (!row) return null;
    return {
      system: systemOf(row),
      nativeId: row.native_id === null ? null : String(row.native_id),
      inactive: row.inactive === true,
    };
  }

  private rows(sql: string, parameters: unknown[]): Promise<Row[]> {
    return this.dataSource.query(sql, parameters);
  }
}

function systemOf(row: Row): StorageSystemRecord {
  return {
    id: String(row.system_id),
    name: String(row.system_name),
    systemType: String(row.system_type),
    nativeId: String(row.serial),
    settings: (row.settings ?? {}) as Record<string, unknown>,
  };
}
