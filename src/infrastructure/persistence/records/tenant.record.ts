import { EntitySchema } from "typeorm";
import { aggregateColumns, idColumn, jsonbColumn, named, nullableTextColumn, textColumn } from "./record-columns.js";

/** A row of `tenants`. */
export class TenantRecord {
  id!: string;
  name!: string;
  parentTenantId!: string | null;
  description!: string | null;
  /** ViPR user mappings: `[{ domain, attributes: [{ key, values }], groups }]`. */
  userMappings!: unknown[];
  version!: number;
  inactive!: boolean;
  creationTime!: number;
}

export const TenantRecordSchema = new EntitySchema<TenantRecord>({
  name: "TenantRecord",
  target: TenantRecord,
  tableName: "tenants",
  columns: {
    id: idColumn,
    name: textColumn,
    parentTenantId: named("parent_tenant_id", nullableTextColumn),
    description: nullableTextColumn,
    userMappings: named("user_mappings", jsonbColumn),
    ...aggregateColumns,
  },
});
