import { ArrayOperationError } from "../../../application/ports/array-operation-error.js";
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
} from "../../../application/ports/read-model.js";
import type { RoleAssignment, TenantOrgView } from "../../../application/ports/tenant-administration.js";
import { taskView } from "../../../application/shared/task-view.js";
import { CREATE_SESSION_TASK } from "../../../application/snapshots/create-snapshot-session.handler.js";
import { LINK_TARGETS_TASK } from "../../../application/snapshots/link-targets.handler.js";
import type { ProjectAclEntry } from "../../../application/tenancy/project-acl-entries.js";
import { stepFailure } from "../../../application/workflows/step-failure.js";
import { Task } from "../../../domain/tasks/task.js";
import { SAMPLE_FAMILY, SAMPLE_REGISTRATION } from "./sample-families.js";

/*
 * Sample views the documentation renders through the app's own representation functions:
 * their representations give the response schemas and the examples. Tasks go through the
 * domain's own life cycle (started, queued, completed, failed with a step's error).
 */

const T0 = 1_767_225_600_000;
const urn = (type: string, uuid: string, scope = "vdc1") => `urn:storageos:${type}:${uuid}:${scope}`;

export const sampleIds = {
  tenant: urn("TenantOrg", "6bb1a8f4-2c1e-4d3b-9e58-1f0d6a2b7c10", "global"),
  project: urn("Project", "0f8c2d2e-5b7a-4f0e-8d3c-4a9b1e6f2d31", "global"),
  storageSystem: urn("StorageSystem", "3c2b9e4f-7d1a-4b6e-a0f5-2e8d9c1b4a52"),
  storagePool: urn("StoragePool", "a1d4e7b0-9c3f-4e2d-8b6a-5f1c0d9e2b73"),
  varray: urn("VirtualArray", "5e9f2a1b-4c8d-4d7e-9f0a-6b3c2d1e0f94"),
  vpool: urn("VirtualPool", "7b0c3d9e-1f2a-4b5c-8d6e-9a0f1b2c3d05"),
  volume: urn("Volume", "2d6e8f0a-3b5c-4d7e-9f1a-2b4c6d8e0f16"),
  session: urn("BlockSnapshotSession", "3f1e5d7c-9b2a-4c6e-8d0f-1a3b5c7d9e27"),
  target1: urn("BlockSnapshot", "4a2b6c8d-0e1f-4a3b-9c5d-7e9f1a3b5c38"),
  target2: urn("BlockSnapshot", "5b3c7d9e-1f2a-4b4c-8d6e-8f0a2b4c6d49"),
  consistencyGroup: urn("BlockConsistencyGroup", "1e3f5a7b-9c1d-4e3f-8a5b-7c9d1e3f5a6c"),
  task: urn("Task", "9c1d3e5f-7a9b-4c1d-8e3f-5a7b9c1d3e5a"),
  subtenant: urn("TenantOrg", "8d2e4f6a-1b3c-4d5e-9f7a-3b5c7d9e1f6b", "global"),
  storageSystemWithSettings: urn("StorageSystem", "6f8a0b2c-4d6e-4f8a-8b0c-2d4e6f8a0b7c"),
};

const base = { inactive: false, creationTime: T0 };

export const sampleTenant: TenantView = {
  id: sampleIds.tenant,
  name: "Provider Tenant",
  parentTenantId: null,
  creationTime: T0,
};

export const sampleProject: ProjectView = {
  ...base,
  id: sampleIds.project,
  name: "default",
  tenantId: sampleIds.tenant,
  owner: "root",
  acls: [],
};

export const sampleStorageSystem: StorageSystemView = {
  id: sampleIds.storageSystem,
  name: SAMPLE_FAMILY.systemType,
  systemType: SAMPLE_FAMILY.systemType,
  nativeId: "000197900123",
  settings: {},
  creationTime: T0,
};

/** An array registered with settings of its own. */
export const sampleStorageSystemWithSettings: StorageSystemView = {
  id: sampleIds.storageSystemWithSettings,
  name: SAMPLE_REGISTRATION.example.name,
  systemType: SAMPLE_REGISTRATION.family.systemType,
  nativeId: SAMPLE_REGISTRATION.family.seed.serialNumber,
  settings: SAMPLE_REGISTRATION.example.settings,
  creationTime: T0,
};

/** A subtenant, its users mapped from a domain's group. */
export const sampleSubtenant: TenantOrgView = {
  ...base,
  id: sampleIds.subtenant,
  name: "engineering",
  parentTenantId: sampleIds.tenant,
  description: "Engineering's storage",
  userMappings: [{ domain: "example.com", attributes: [{ key: "ou", values: ["eng"] }], groups: ["storage-users"] }],
};

/** The provider tenant: no parent, no description. */
export const sampleProviderTenant: TenantOrgView = {
  ...base,
  id: sampleIds.tenant,
  name: "Provider Tenant",
  parentTenantId: null,
  description: null,
  userMappings: [],
};

export const sampleRoleAssignments: readonly RoleAssignment[] = [{ subjectId: "alice", roles: ["TENANT_ADMIN"] }];

export const sampleAclEntries: readonly ProjectAclEntry[] = [
  { subjectId: "root", privileges: ["OWN"] },
  { subjectId: "alice", privileges: ["ALL"] },
];

export const sampleStoragePool: StoragePoolView = {
  id: sampleIds.storagePool,
  name: "SRP_1",
  storageSystemId: sampleIds.storageSystem,
  nativeId: "SRP_1",
  creationTime: T0,
};

export const sampleVarray: VarrayView = { id: sampleIds.varray, name: "varray1", creationTime: T0 };

export const sampleVpool: VpoolView = {
  id: sampleIds.vpool,
  name: `vpool-${SAMPLE_FAMILY.systemType}`,
  systemType: SAMPLE_FAMILY.systemType,
  varrayIds: [sampleIds.varray],
  maxSnapshots: 256,
  multiVolumeConsistency: false,
  creationTime: T0,
};

export const sampleVolume: VolumeView = {
  ...base,
  id: sampleIds.volume,
  name: "vol1",
  projectId: sampleIds.project,
  tenantId: sampleIds.tenant,
  storageSystemId: sampleIds.storageSystem,
  systemType: SAMPLE_FAMILY.systemType,
  storagePoolId: sampleIds.storagePool,
  varrayId: sampleIds.varray,
  vpoolId: sampleIds.vpool,
  capacityBytes: 1024 ** 3,
  consistencyGroupId: null,
  nativeId: "0012A",
  wwn: "60000970000197900123533030313241",
  deviceLabel: "vol1",
};

export const sampleConsistencyGroup: ConsistencyGroupView = {
  ...base,
  id: sampleIds.consistencyGroup,
  name: "cg1",
  projectId: sampleIds.project,
  tenantId: sampleIds.tenant,
  arrayConsistency: true,
  storageSystemId: sampleIds.storageSystem,
  types: ["LOCAL"],
  systemConsistencyGroups: [{ storageSystemId: sampleIds.storageSystem, groupName: "cg1" }],
  volumeIds: [sampleIds.volume],
};

export const sampleSession: SessionView = {
  ...base,
  id: sampleIds.session,
  name: "snap1",
  sourceVolumeId: sampleIds.volume,
  consistencyGroupId: null,
  projectId: sampleIds.project,
  tenantId: sampleIds.tenant,
  storageSystemId: sampleIds.storageSystem,
  varrayId: sampleIds.varray,
  nativeId: "snap1",
  deviceLabel: "snap1",
  linkedTargetIds: [sampleIds.target1],
};

const targetBase = {
  ...base,
  sessionId: sampleIds.session,
  consistencyGroupId: null,
  sourceVolumeId: sampleIds.volume,
  sourceNativeId: "0012A",
  projectId: sampleIds.project,
  tenantId: sampleIds.tenant,
  storageSystemId: sampleIds.storageSystem,
  varrayId: sampleIds.varray,
  capacityBytes: 1024 ** 3,
  copyMode: "copy",
} as const;

/** A copy-mode target whose copy completed. */
export const sampleLinkedTarget: LinkedTargetView = {
  ...targetBase,
  id: sampleIds.target1,
  name: "tgt-1",
  snapsetLabel: "tgt-1",
  replicaState: "SYNCHRONIZED",
  nativeId: "0012B",
  wwn: "60000970000197900123533030313242",
  deviceLabel: "tgt-1",
  linkState: { state: "copied", nativeState: "Copied", defined: true, percentCopied: 100 },
};

/** A target whose link has not completed yet. */
export const samplePreparedTarget: LinkedTargetView = {
  ...targetBase,
  id: sampleIds.target2,
  name: "tgt-2",
  snapsetLabel: "tgt-2",
  replicaState: "PREPARED",
  nativeId: null,
  wwn: null,
  deviceLabel: null,
  linkState: { state: "linking", nativeState: "", defined: false, percentCopied: 0 },
};

function linkTask(): Task {
  return Task.start({
    id: sampleIds.task,
    opId: "5d0e8c4a-6f1b-4a2e-9c3d-7b8a9f0e1d2c",
    ...LINK_TARGETS_TASK,
    resource: { type: "BlockSnapshotSession", id: sampleIds.session, name: "snap1" },
    tenantId: sampleIds.tenant,
    now: T0 + 60_000,
  });
}

/** What a link request answers: the task just accepted. */
export const samplePendingTask: TaskView = taskView(linkTask());

/** Waiting behind another operation of the same session. */
export const sampleQueuedTask: TaskView = (() => {
  const task = linkTask();
  task.waitInQueue(T0 + 60_000);
  return taskView(task);
})();

export const sampleReadyTask: TaskView = (() => {
  const task = linkTask();
  task.complete(T0 + 72_000);
  return taskView(task);
})();

/** A link whose array step failed: the targets that did not link were rolled back. */
export const sampleErrorTask: TaskView = (() => {
  const task = linkTask();
  task.fail(
    stepFailure(new ArrayOperationError("The device 0012B could not be linked: array busy", false)),
    T0 + 65_000,
  );
  return taskView(task);
})();

/** A copy-mode link still copying. */
export const sampleCopyingTask: TaskView = (() => {
  const task = linkTask();
  task.reportProgress(45);
  return taskView(task);
})();

/** The volume's task of a session creation (with no associated resources, as on the real controller). */
export const sampleVolumeTask: TaskView = taskView(
  Task.start({
    id: urn("Task", "1e3f5a7b-9c1d-4e3f-8a5b-7c9d1e3f5a7c"),
    opId: "7f2a4c6e-8b0d-4f2a-9c4e-6b8d0f2a4c6e",
    ...CREATE_SESSION_TASK,
    resource: { type: "Volume", id: sampleIds.volume, name: "vol1" },
    tenantId: sampleIds.tenant,
    now: T0 + 30_000,
  }),
);
