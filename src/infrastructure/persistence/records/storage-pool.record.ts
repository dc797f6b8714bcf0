import { EntitySchema } from "typeorm";
import { aggregateColumns, idColumn, named, textArrayColumn, textColumn } from "./record-columns.js";

/**
 * A row of `storage_pools`. `varrayIds` are the virtual arrays the pool is assigned to;
 * an empty list means the pool is reachable from every virtual array (the simulator has
 * no networks to derive connectivity from).
 */
export class StoragePoolRow {
  id!: string;
  name!: string;
  storageSystemId!: string;
  nativeId!: string;
  varrayIds!: string[];
  version!: number;
  inactive!: boolean;
  creationTime!: number;
}

export const StoragePoolRowSchema = new EntitySchema<StoragePoolRow>({
  name: "StoragePoolRow",
  target: StoragePoolRow,
  tableName: "storage_pools",
  columns: {
    id: idColumn,
    name: textColumn,
    storageSystemId: named("storage_system_id", textColumn),
    nativeId: named("native_id", textColumn),
    varrayIds: named("varray_ids", textArrayColumn),
    ...aggregateColumns,
  },
});
