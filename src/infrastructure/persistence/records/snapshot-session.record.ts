import { EntitySchema } from "typeorm";
import {
  aggregateColumns,
  bigintColumn,
  idColumn,
  named,
  nullableJsonbColumn,
  nullableTextColumn,
  textColumn,
} from "./record-columns.js";

/** A group session's member as its row holds it: the volume's placement and its array snapshot. */
export interface SessionMemberRecord {
  volumeId: string;
  projectId: string;
  tenantId: string;
  storageSystemId: string;
  storagePoolId: string;
  varrayId: string;
  capacityBytes: number;
  nativeId: string | null;
  deviceLabel: string | null;
}

/**
 * A row of `snapshot_sessions`. The source columns copy the source volume's placement at
 * creation; `native_id`/`device_label` are the array snapshot, null until established. A group
 * session has its group and its members; its source columns are its first member's.
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
  consistencyGroupId!: string | null;
  members!: SessionMemberRecord[] | null;
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
    consistencyGroupId: named("consistency_group_id", nullableTextColumn),
    members: nullableJsonbColumn,
    ...aggregateColumns,
  },
});
