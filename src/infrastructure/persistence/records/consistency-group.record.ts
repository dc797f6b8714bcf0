import { EntitySchema } from "typeorm";
import {
  aggregateColumns,
  booleanColumn,
  idColumn,
  jsonbColumn,
  named,
  nullableTextColumn,
  textArrayColumn,
  textColumn,
} from "./record-columns.js";

/** A row of `consistency_groups`; `system_consistency_groups` holds `[{ storageSystemId, groupName }]`. */
export class ConsistencyGroupRecord {
  id!: string;
  name!: string;
  projectId!: string;
  tenantId!: string;
  arrayConsistency!: boolean;
  storageSystemId!: string | null;
  requestedTypes!: string[];
  types!: string[];
  systemConsistencyGroups!: { storageSystemId: string; groupName: string }[];
  version!: number;
  inactive!: boolean;
  creationTime!: number;
}

export const ConsistencyGroupRecordSchema = new EntitySchema<ConsistencyGroupRecord>({
  name: "ConsistencyGroupRecord",
  target: ConsistencyGroupRecord,
  tableName: "consistency_groups",
  columns: {
    id: idColumn,
    name: textColumn,
    projectId: named("project_id", textColumn),
    tenantId: named("tenant_id", textColumn),
    arrayConsistency: named("array_consistency", booleanColumn),
    storageSystemId: named("storage_system_id", nullableTextColumn),
    requestedTypes: named("requested_types", textArrayColumn),
    types: textArrayColumn,
    systemConsistencyGroups: named("system_consistency_groups", jsonbColumn),
    ...aggregateColumns,
  },
});
