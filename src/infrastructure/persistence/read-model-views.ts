import type {
  ConsistencyGroupView,
  LinkedTargetView,
  ProjectView,
  SessionView,
  StoragePoolView,
  StorageSystemView,
  TaskView,
  TenantView,
  VarrayView,
  VolumeView,
  VpoolView,
  WithProject,
} from "../../application/ports/read-model.js";
import type { CopyMode } from "../../domain/snapshots/copy-mode.js";
import type { NormalizedLinkState } from "../../domain/snapshots/link-state.js";
import type { ReplicaState } from "../../domain/snapshots/linked-target.js";
import type { ResourceRef, TaskServiceError, TaskState } from "../../domain/tasks/task.js";
import type { ProjectAcl } from "../../domain/tenancy/project.js";

/* The read model's rows (./typeorm-read-model.ts) as the application's views. */

export type Row = Record<string, unknown>;

const num = (value: unknown): number => Number(value);
const numOrNull = (value: unknown): number | null => (value === null ? null : Number(value));
const str = (value: unknown): string => value as string;
const strOrNull = (value: unknown): string | null => (value === null ? null : (value as string));

export function withProject<T>(view: (row: Row) => T): (row: Row) => WithProject<T> {
  return (row) => ({
    resource: view(row),
    project: row.project_row === null ? null : projectView(row.project_row as Row),
  });
}

export function tenantView(row: Row): TenantView {
  return {
    id: str(row.id),
    name: str(row.name),
    parentTenantId: strOrNull(row.parent_tenant_id),
    creationTime: num(row.creation_time),
  };
}

export function projectView(row: Row): ProjectView {
  return {
    id: str(row.id),
    name: str(row.name),
    tenantId: str(row.tenant_id),
    owner: str(row.owner),
    acls: row.acls as ProjectAcl[],
    inactive: row.inactive as boolean,
    creationTime: num(row.creation_time),
  };
}

export function systemView(row: Row): StorageSystemView {
  return {
    id: str(row.id),
    name: str(row.name),
    systemType: str(row.system_type),
    nativeId: str(row.native_id),
    settings: row.settings as Record<string, unknown>,
    creationTime: num(row.creation_time),
  };
}

export function poolView(row: Row): StoragePoolView {
  return {
    id: str(row.id),
    name: str(row.name),
    storageSystemId: str(row.storage_system_id),
    nativeId: str(row.native_id),
    creationTime: num(row.creation_time),
  };
}

export function varrayView(row: Row): VarrayView {
  return { id: str(row.id), name: str(row.name), creationTime: num(row.creation_time) };
}

export function vpoolView(row: Row): VpoolView {
  return {
    id: str(row.id),
    name: str(row.name),
    systemType: str(row.system_type),
    varrayIds: row.varray_ids as string[],
    maxSnapshots: num(row.max_snapshots),
    multiVolumeConsistency: row.multi_volume_consistency as boolean,
    creationTime: num(row.creation_time),
  };
}

export function volumeView(row: Row): VolumeView {
  return {
    id: str(row.id),
    name: str(row.name),
    projectId: str(row.project_id),
    tenantId: str(row.tenant_id),
    storageSystemId: str(row.storage_system_id),
    systemType: str(row.system_type),
    storagePoolId: str(row.storage_pool_id),
    varrayId: str(row.varray_id),
    vpoolId: str(row.vpool_id),
    capacityBytes: num(row.capacity_bytes),
    consistencyGroupId: strOrNull(row.consistency_group_id),
    nativeId: strOrNull(row.native_id),
    wwn: strOrNull(row.wwn),
    deviceLabel: strOrNull(row.device_label),
    inactive: row.inactive as boolean,
    creationTime: num(row.creation_time),
  };
}

export function consistencyGroupView(row: Row): ConsistencyGroupView {
  return {
    id: str(row.id),
    name: str(row.name),
    projectId: str(row.project_id),
    tenantId: str(row.tenant_id),
    arrayConsistency: row.array_consistency as boolean,
    storageSystemId: strOrNull(row.storage_system_id),
    types: row.types as string[],
    systemConsistencyGroups: row.system_consistency_groups as ConsistencyGroupView["systemConsistencyGroups"],
    volumeIds: row.volume_ids === null ? [] : str(row.volume_ids).split(","),
    inactive: row.inactive as boolean,
    creationTime: num(row.creation_time),
  };
}

export function sessionView(row: Row): SessionView {
  return {
    id: str(row.id),
    name: str(row.label),
    sourceVolumeId: str(row.source_volume_id),
    consistencyGroupId: strOrNull(row.consistency_group_id),
    projectId: str(row.project_id),
    tenantId: str(row.tenant_id),
    storageSystemId: str(row.storage_system_id),
    varrayId: str(row.varray_id),
    nativeId: strOrNull(row.native_id),
    deviceLabel: strOrNull(row.device_label),
    inactive: row.inactive as boolean,
    creationTime: num(row.creation_time),
    linkedTargetIds: row.linked_target_ids === null ? [] : str(row.linked_target_ids).split(","),
  };
}

export function linkedTargetView(row: Row): LinkedTargetView {
  return {
    id: str(row.id),
    name: str(row.label),
    snapsetLabel: strOrNull(row.snapset_label) ?? str(row.label),
    sessionId: str(row.session_id),
    consistencyGroupId: strOrNull(row.consistency_group_id),
    sourceVolumeId: str(row.source_volume_id),
    sourceNativeId: strOrNull(row.source_native_id),
    projectId: str(row.project_id),
    tenantId: str(row.tenant_id),
    storageSystemId: str(row.storage_system_id),
    varrayId: str(row.varray_id),
    capacityBytes: num(row.capacity_bytes),
    copyMode: row.copy_mode as CopyMode,
    replicaState: row.replica_state as ReplicaState,
    nativeId: strOrNull(row.native_id),
    wwn: strOrNull(row.wwn),
    deviceLabel: strOrNull(row.device_label),
    linkState: {
      state: row.link_state as NormalizedLinkState,
      nativeState: str(row.link_native_state),
      defined: row.link_defined as boolean,
      percentCopied: num(row.link_percent_copied),
    },
    inactive: row.inactive as boolean,
    creationTime: num(row.creation_time),
  };
}

export function taskView(row: Row): TaskView {
  return {
    id: str(row.id),
    opId: str(row.op_id),
    name: str(row.name),
    description: str(row.description),
    resource: { type: str(row.resource_type), id: str(row.resource_id), name: str(row.resource_name) },
    tenantId: str(row.tenant_id),
    associatedResources: row.associated as ResourceRef[],
    state: row.state as TaskState,
    message: strOrNull(row.message),
    progress: num(row.progress),
    serviceError: row.service_error as TaskServiceError | null,
    startTime: num(row.start_time),
    endTime: numOrNull(row.end_time),
    queuedStartTime: numOrNull(row.queued_start_time),
  };
}
