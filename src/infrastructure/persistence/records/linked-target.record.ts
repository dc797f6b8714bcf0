import { EntitySchema } from "typeorm";
import {
  aggregateColumns,
  bigintColumn,
  booleanColumn,
  idColumn,
  integerColumn,
  named,
  nullableJsonbColumn,
  nullableTextColumn,
  textColumn,
} from "./record-columns.js";

/**
 * A row of `linked_targets` (ViPR's BlockSnapshot). The `link_*` columns are the
 * normalized link state; `failure` is `{ code, description, details, retryable }` or null.
 */
export class LinkedTargetRecord {
  id!: string;
  label!: string;
  snapsetLabel!: string | null;
  sessionId!: string;
  sourceVolumeId!: string;
  projectId!: string;
  tenantId!: string;
  storageSystemId!: string;
  storagePoolId!: string;
  varrayId!: string;
  capacityBytes!: number;
  copyMode!: string;
  linkTaskId!: string;
  replicaState!: string;
  nativeId!: string | null;
  wwn!: string | null;
  deviceLabel!: string | null;
  linkState!: string;
  linkNativeState!: string;
  linkDefined!: boolean;
  linkPercentCopied!: number;
  failure!: { code: number; description: string; details: string; retryable: boolean } | null;
  version!: number;
  inactive!: boolean;
  creationTime!: number;
}

export const LinkedTargetRecordSchema = new EntitySchema<LinkedTargetRecord>({
  name: "LinkedTargetRecord",
  target: LinkedTargetRecord,
  tableName: "linked_targets",
  columns: {
    id: idColumn,
    label: textColumn,
    snapsetLabel: named("snapset_label", nullableTextColumn),
    sessionId: named("session_id", textColumn),
    sourceVolumeId: named("source_volume_id", textColumn),
    projectId: named("project_id", textColumn),
    tenantId: named("tenant_id", textColumn),
    storageSystemId: named("storage_system_id", textColumn),
    storagePoolId: named("storage_pool_id", textColumn),
    varrayId: named("varray_id", textColumn),
    capacityBytes: bigintColumn("capacity_bytes"),
    copyMode: named("copy_mode", textColumn),
    linkTaskId: named("link_task_id", textColumn),
    replicaState: named("replica_state", textColumn),
    nativeId: named("native_id", nullableTextColumn),
    wwn: nullableTextColumn,
    deviceLabel: named("device_label", nullableTextColumn),
    linkState: named("link_state", textColumn),
    linkNativeState: named("link_native_state", textColumn),
    linkDefined: named("link_defined", booleanColumn),
    linkPercentCopied: named("link_percent_copied", integerColumn),
    failure: nullableJsonbColumn,
    ...aggregateColumns,
  },
});
