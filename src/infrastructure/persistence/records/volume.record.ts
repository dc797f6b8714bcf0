import { EntitySchema } from "typeorm";
import { aggregateColumns, bigintColumn, idColumn, named, nullableTextColumn, textColumn } from "./record-columns.js";

/** A row of `volumes`. The device columns are all null until the array provisioned it. */
export class VolumeRecord {
  id!: string;
  name!: string;
  projectId!: string;
  tenantId!: string;
  storageSystemId!: string;
  storagePoolId!: string;
  varrayId!: string;
  vpoolId!: string;
  capacityBytes!: number;
  consistencyGroupId!: string | null;
  nativeId!: string | null;
  wwn!: string | null;
  deviceLabel!: string | null;
  version!: number;
  inactive!: boolean;
  creationTime!: number;
}

export const VolumeRecordSchema = new EntitySchema<VolumeRecord>({
  name: "VolumeRecord",
  target: VolumeRecord,
  tableName: "volumes",
  columns: {
    id: idColumn,
    name: textColumn,
    projectId: named("project_id", textColumn),
    tenantId: named("tenant_id", textColumn),
    storageSystemId: named("storage_system_id", textColumn),
    storagePoolId: named("storage_pool_id", textColumn),
    varrayId: named("varray_id", textColumn),
    vpoolId: named("vpool_id", textColumn),
    capacityBytes: bigintColumn("capacity_bytes"),
    consistencyGroupId: named("consistency_group_id", nullableTextColumn),
    nativeId: named("native_id", nullableTextColumn),
    wwn: nullableTextColumn,
    deviceLabel: named("device_label", nullableTextColumn),
    ...aggregateColumns,
  },
});
