import { EntitySchema } from "typeorm";
import { aggregateColumns, idColumn, jsonbColumn, named, textColumn } from "./record-columns.js";

/** A row of `storage_systems`: a registered (simulated) array of one family. */
export class StorageSystemRow {
  id!: string;
  name!: string;
  systemType!: string;
  nativeId!: string;
  settings!: Record<string, unknown>;
  version!: number;
  inactive!: boolean;
  creationTime!: number;
}

export const StorageSystemRowSchema = new EntitySchema<StorageSystemRow>({
  name: "StorageSystemRow",
  target: StorageSystemRow,
  tableName: "storage_systems",
  columns: {
    id: idColumn,
    name: textColumn,
    systemType: named("system_type", textColumn),
    nativeId: named("native_id", textColumn),
    settings: jsonbColumn,
    ...aggregateColumns,
  },
});
