import type { EntityManager } from "typeorm";
import type {
  StorageCatalog,
  StoragePoolRecord,
  StorageSystemRecord,
  VirtualArrayRecord,
  VirtualPoolRecord,
} from "../../../application/ports/storage-catalog.js";
import { StorageCatalogMapper } from "../mappers/storage-catalog.mapper.js";
import { StoragePoolRowSchema } from "../records/storage-pool.record.js";
import { StorageSystemRow, StorageSystemRowSchema } from "../records/storage-system.record.js";
import { VarrayRowSchema } from "../records/varray.record.js";
import { VpoolRowSchema } from "../records/vpool.record.js";
import { RecordTable } from "./record-table.js";

/** Finds by id return inactive entries too; `findPoolsFor` returns active pools of active systems only. */
export class TypeOrmStorageCatalog implements StorageCatalog {
  constructor(private readonly manager: EntityManager) {}

  async findStorageSystem(id: string): Promise<StorageSystemRecord | null> {
    const row = await RecordTable.of(this.manager, StorageSystemRowSchema).findOne(this.manager, { id });
    return row === null ? null : StorageCatalogMapper.storageSystem(row);
  }

  async findStoragePool(id: string): Promise<StoragePoolRecord | null> {
    const row = await RecordTable.of(this.manager, StoragePoolRowSchema).findOne(this.manager, { id });
    return row === null ? null : StorageCatalogMapper.storagePool(row);
  }

  async findVirtualPool(id: string): Promise<VirtualPoolRecord | null> {
    const row = await RecordTable.of(this.manager, VpoolRowSchema).findOne(this.manager, { id });
    return row === null ? null : StorageCatalogMapper.virtualPool(row);
  }

  async findVirtualArray(id: string): Promise<VirtualArrayRecord | null> {
    const row = await RecordTable.of(this.manager, VarrayRowSchema).findOne(this.manager, { id });
    return row === null ? null : StorageCatalogMapper.virtualArray(row);
  }

  /**
   * Active pools of active systems of the family, assigned to the varray or to no varray
   * at all (unassigned pools are reachable from every varray). Oldest first.
   */
  async findPoolsFor(systemType: string, varrayId: string): Promise<StoragePoolRecord[]> {
    const rows = await this.manager
      .createQueryBuilder(StoragePoolRowSchema, "p")
      .innerJoin(StorageSystemRow, "s", "s.id = p.storageSystemId")
      .where("s.systemType = :systemType AND NOT s.inactive AND NOT p.inactive", { systemType })
      .andWhere("(cardinality(p.varrayIds) = 0 OR :varrayId = ANY(p.varrayIds))", { varrayId })
      .orderBy("p.creationTime", "ASC")
      .addOrderBy("p.id", "ASC")
      .getMany();
    return rows.map((row) => StorageCatalogMapper.storagePool(row));
  }
}
