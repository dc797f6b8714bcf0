import type { EntityManager } from "typeorm";
import type {
  LinkPlacement,
  LinkPlacementIds,
  LinkPlacementReader,
} from "../../../application/ports/link-placement.js";

interface PlacementRow {
  session_label: string | null;
  session_inactive: boolean | null;
  snapshot_native_id: string | null;
  system_id: string | null;
  system_name: string;
  system_type: string;
  system_native_id: string;
  system_settings: Record<string, unknown>;
  pool_native_id: string | null;
  volume_id: string | null;
  volume_native_id: string | null;
}

/** One query: each record joined to a single row by its id, so that a missing one reads as nulls. */
export class TypeOrmLinkPlacementReader implements LinkPlacementReader {
  constructor(private readonly manager: EntityManager) {}

  async find(ids: LinkPlacementIds): Promise<LinkPlacement> {
    const [row]: PlacementRow[] = await this.manager.query(
      `SELECT s.label AS session_label, s.inactive AS session_inactive, s.native_id AS snapshot_native_id,
              y.id AS system_id, y.name AS system_name, y.system_type, y.native_id AS system_native_id,
              y.settings AS system_settings, p.native_id AS pool_native_id,
              v.id AS volume_id, v.native_id AS volume_native_id
         FROM (SELECT 1) AS one
         LEFT JOIN snapshot_sessions s ON s.id = $1
         LEFT JOIN storage_systems y ON y.id = $2
         LEFT JOIN storage_pools p ON p.id = $3
         LEFT JOIN volumes v ON v.id = $4`,
      [ids.sessionId, ids.storageSystemId, ids.storagePoolId, ids.sourceVolumeId],
    );
    if (!row) throw new Error("the placement query returned no row");
    return {
      session:
        row.session_label === null
          ? null
          : {
              label: row.session_label,
              inactive: row.session_inactive === true,
              snapshotNativeId: row.snapshot_native_id,
            },
      system:
        row.system_id === null
          ? null
          : {
              id: row.system_id,
              name: row.system_name,
              systemType: row.system_type,
              nativeId: row.system_native_id,
              settings: row.system_settings,
            },
      poolNativeId: row.pool_native_id,
      source: row.volume_id === null ? null : { nativeId: row.volume_native_id },
    };
  }
}
