import { EntitySchema } from "typeorm";
import { aggregateColumns, bigintColumn, idColumn, named, nullableTextColumn, textColumn } from "./record-columns.js";

/**
 * A row of `snapshot_sessions`. The source columns copy the source volume's placement at
 * creation; `native_id`/`device_label` are the array snapshot, null until established.
 */
export class SessionRecord {
  id!: string;
  label!: string;
  sourceVolumeId!: string;
  projectId!: string;
  tenantId!: string;
  storageSystemId!: string;
  storagePoolId!: string;
  varrayId!: string;
  capacityBytes!: number;
  nativeId!: string | null;
  deviceLabel!: string | null;
  version!: number;
  inactive!: boolean;
  creationTime!: number;
}

export const SessionRecordSchema = new EntitySchema<SessionRecord>({
  name: "SessionRecord",
  target: SessionRecord,
  tableName: "snapshot_sessions",
  columns: {
    id: idColumn,
    label: textColumn,
    sourceVolumeId: named("source_volume_id", textColumn),
    projectId: named("project_id", textColumn),
    tenantId: named("tenant_id", textColumn),
    storageSystemId: named("storage_system_id", textColumn),
    storagePoolId: named("storage_pool_id", textColumn),
    varrayId: named("varray_id", textColumn),
    capacityBytes: bigintColumn("capacity_bytes"),
    nativeId: named("native_id", nullableTextColumn),
    deviceLabel: named("device_label", nullableTextColumn),
    ...aggregateColumns,
  },
});
