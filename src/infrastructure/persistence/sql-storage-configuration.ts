import type { DataSource, EntityManager } from "typeorm";
import type {
  NewStorageSystem,
  NewVirtualArray,
  NewVirtualPool,
  StorageAddition,
  StorageConfiguration,
} from "../../application/ports/storage-configuration.js";

/** An arbitrary constant: additions to the storage configuration check names under this lock. */
const STORAGE_CONFIGURATION_LOCK_KEY = 7_041_999_003;

/** Plain SQL over `storage_systems`, `storage_pools`, `varrays` and `vpools`. */
export class SqlStorageConfiguration implements StorageConfiguration {
  constructor(private readonly dataSource: DataSource) {}

  addStorageSystem(system: NewStorageSystem): Promise<StorageAddition> {
    return this.locked(async (manager) => {
      const [taken] = await manager.query(
        `SELECT lower(name) = lower($1) AS same_name FROM storage_systems
          WHERE NOT inactive AND (lower(name) = lower($1) OR native_id = $2)
          ORDER BY 1 DESC LIMIT 1`,
        [system.name, system.nativeId],
      );
      if (taken) return taken.same_name ? "name-taken" : "serial-taken";
      await manager.query(
        `INSERT INTO storage_systems (id, name, system_type, native_id, settings, creation_time)
         VALUES ($1, $2, $3, $4, $5, $6)`,
        [system.id, system.name, system.systemType, system.nativeId, system.settings, system.creationTime],
      );
      await manager.query(
        `INSERT INTO storage_pools (id, name, storage_system_id, native_id, varray_ids, creation_time)
         VALUES ($1, $2, $3, $4, $5, $6)`,
        [system.pool.id, system.pool.name, system.id, system.pool.nativeId, system.varrayIds, system.creationTime],
      );
      return "added";
    });
  }

  addVirtualArray(varray: NewVirtualArray): Promise<StorageAddition> {
    return this.locked(async (manager) => {
      if (await this.nameTaken(manager, "varrays", varray.name)) return "name-taken";
      await manager.query("INSERT INTO varrays (id, name, creation_time) VALUES ($1, $2, $3)", [
        varray.id,
        varray.name,
        varray.creationTime,
      ]);
      return "added";
    });
  }

  addVirtualPool(vpool: NewVirtualPool): Promise<StorageAddition> {
    return this.locked(async (manager) => {
      if (await this.nameTaken(manager, "vpools", vpool.name)) return "name-taken";
      await manager.query(
        `INSERT INTO vpools (id, name, system_type, varray_ids, max_snapshots, multi_volume_consistency, creation_time)
         VALUES ($1, $2, $3, $4, $5, $6, $7)`,
        [
          vpool.id,
          vpool.name,
          vpool.systemType,
          vpool.varrayIds,
          vpool.maxSnapshots,
          vpool.multiVolumeConsistency,
          vpool.creationTime,
        ],
      );
      return "added";
    });
  }

  private async nameTaken(manager: EntityManager, table: "varrays" | "vpools", name: string): Promise<boolean> {
    const rows = await manager.query(`SELECT 1 FROM ${table} WHERE NOT inactive AND lower(name) = lower($1) LIMIT 1`, [
      name,
    ]);
    return rows.length > 0;
  }

  private locked(work: (manager: EntityManager) => Promise<StorageAddition>): Promise<StorageAddition> {
    return this.dataSource.transaction(async (manager) => {
      await manager.query("SELECT pg_advisory_xact_lock($1)", [STORAGE_CONFIGURATION_LOCK_KEY]);
      return work(manager);
    });
  }
}
