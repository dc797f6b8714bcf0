import type {
  StoragePoolRecord,
  StorageSystemRecord,
  VirtualArrayRecord,
  VirtualPoolRecord,
} from "../../../application/ports/storage-catalog.js";
import type { StoragePoolRow } from "../records/storage-pool.record.js";
import type { StorageSystemRow } from "../records/storage-system.record.js";
import type { VarrayRow } from "../records/varray.record.js";
import type { VpoolRow } from "../records/vpool.record.js";

/** Catalog rows to the StorageCatalog port's plain records (one way: the catalog is read-only). */
export const StorageCatalogMapper = {
  storageSystem(row: StorageSystemRow): StorageSystemRecord {
    return {
      id: row.id,
      name: row.name,
      systemType: row.systemType,
      nativeId: row.nativeId,
      settings: row.settings,
    };
  },

  storagePool(row: StoragePoolRow): StoragePoolRecord {
    return { id: row.id, name: row.name, storageSystemId: row.storageSystemId, nativeId: row.nativeId };
  },

  virtualPool(row: VpoolRow): VirtualPoolRecord {
    return {
      id: row.id,
      name: row.name,
      systemType: row.systemType,
      varrayIds: row.varrayIds,
      maxSnapshots: row.maxSnapshots,
      multiVolumeConsistency: row.multiVolumeConsistency,
    };
  },

  virtualArray(row: VarrayRow): VirtualArrayRecord {
    return { id: row.id, name: row.name };
  },
};
