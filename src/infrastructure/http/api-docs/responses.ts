import {
  loggedInRepresentation,
  loggedOutRepresentation,
  whoAmIRepresentation,
} from "../representations/auth.representations.js";
import {
  blockSnapshotRepresentation,
  linkedTargetBulkRepresentation,
  linkedTargetSearchRepresentation,
  snapshotListRepresentation,
} from "../representations/block-snapshot.representations.js";
import {
  consistencyGroupBulkRepresentation,
  consistencyGroupRepresentation,
  consistencyGroupSearchRepresentation,
} from "../representations/consistency-group.representations.js";
import {
  blockSnapshotSessionRepresentation,
  idListRepresentation,
  sessionBulkRepresentation,
  sessionListRepresentation,
  sessionSearchRepresentation,
} from "../representations/snapshot-session.representations.js";
import {
  blockVpoolRepresentation,
  storagePoolListRepresentation,
  storageSystemListRepresentation,
  storageSystemRepresentation,
  varrayListRepresentation,
  varrayRepresentation,
  vpoolListRepresentation,
  vpoolSearchRepresentation,
} from "../representations/storage.representations.js";
import { taskListRepresentation, taskRepresentation } from "../representations/task.representations.js";
import {
  aclAssignmentsRepresentation,
  projectCreatedRepresentation,
  projectListRepresentation,
  projectRepresentation,
  roleAssignmentsRepresentation,
  subtenantListRepresentation,
  tenantInfoRepresentation,
  tenantOrgRepresentation,
} from "../representations/tenancy.representations.js";
import { targetVersionRepresentation } from "../representations/upgrade.representations.js";
import {
  volumeBulkRepresentation,
  volumeRepresentation,
  volumeSearchRepresentation,
} from "../representations/volume.representations.js";
import type { RepresentationResponse } from "./operation-docs.js";
import {
  sampleAclEntries,
  sampleConsistencyGroup,
  sampleCopyingTask,
  sampleErrorTask,
  sampleIds,
  sampleLinkedTarget,
  samplePendingTask,
  samplePreparedTarget,
  sampleProject,
  sampleProviderTenant,
  sampleQueuedTask,
  sampleReadyTask,
  sampleRoleAssignments,
  sampleSession,
  sampleStoragePool,
  sampleStorageSystem,
  sampleStorageSystemWithSettings,
  sampleSubtenant,
  sampleTenant,
  sampleVarray,
  sampleVolume,
  sampleVolumeTask,
  sampleVpool,
} from "./samples.js";

/* The ViPR responses routes answer with, each rendered by its representation function from samples. */

function described(
  schemaName: string,
  description: string,
  ...samples: RepresentationResponse["samples"]
): RepresentationResponse {
  return { kind: "representation", schemaName, description, samples };
}

/** Every state a task is in, and a task with associated resources. */
const everyTaskState = [
  samplePendingTask,
  sampleQueuedTask,
  sampleCopyingTask,
  sampleReadyTask,
  sampleErrorTask,
  sampleVolumeTask,
];

/** One task: `pending` when accepted (stored `queued` if it waits its turn), then `ready` or `error`; poll `/vdc/tasks/{id}`. */
export const taskResponse = (description: string): RepresentationResponse => ({
  ...described("Task", description, ...everyTaskState.map(taskRepresentation)),
  examples: {
    pending: { summary: "a pending task (just accepted)", value: taskRepresentation(samplePendingTask) },
    copying: { summary: "a pending task, a copy-mode link 45 % copied", value: taskRepresentation(sampleCopyingTask) },
    queued: {
      summary: "queued behind another operation of the session (as a poll reads it; its 202 showed it pending)",
      value: taskRepresentation(sampleQueuedTask),
    },
    ready: { summary: "a ready task", value: taskRepresentation(sampleReadyTask) },
    error: { summary: "an error task (a step failed)", value: taskRepresentation(sampleErrorTask) },
  },
});

/** `{"task":[...]}`: what most asynchronous operations answer. */
export const taskListResponse = (description: string): RepresentationResponse => ({
  ...described("TaskList", description, taskListRepresentation(everyTaskState)),
  examples: {
    pending: { summary: "one pending task (just accepted)", value: taskListRepresentation([samplePendingTask]) },
    ready: { summary: "a ready task", value: taskListRepresentation([sampleReadyTask]) },
    error: { summary: "an error task (a step failed)", value: taskListRepresentation([sampleErrorTask]) },
  },
});

export const responses = {
  loggedIn: {
    ...described(
      "LoggedIn",
      "Logged in; the token is in the `X-SDS-AUTH-TOKEN` header",
      loggedInRepresentation("root"),
    ),
    headers: { "X-SDS-AUTH-TOKEN": "the token to send with every other request" },
  },
  loggedOut: described("LoggedOut", "The token is revoked", loggedOutRepresentation("root")),
  whoAmI: described(
    "User",
    "The caller's name, home tenant and roles",
    whoAmIRepresentation({
      name: "root",
      tenantId: sampleIds.tenant,
      vdcRoles: ["SYSTEM_ADMIN", "SECURITY_ADMIN"],
      homeTenantRoles: ["TENANT_ADMIN"],
    }),
  ),
  targetVersion: described(
    "TargetVersion",
    "No target version: there is no upgrade service",
    targetVersionRepresentation(),
  ),
  tenantInfo: described("TenantInfo", "The caller's home tenant", tenantInfoRepresentation(sampleTenant)),
  projectList: described("ProjectList", "The tenant's projects", projectListRepresentation([sampleProject])),
  projectCreated: described("ProjectCreated", "The project created", projectCreatedRepresentation(sampleProject)),
  project: described("Project", "The project", projectRepresentation(sampleProject)),
  storageSystemList: described(
    "StorageSystemList",
    "The registered storage systems",
    storageSystemListRepresentation([sampleStorageSystem]),
  ),
  storageSystem: described(
    "StorageSystem",
    "The storage system, with the settings it was registered with",
    storageSystemRepresentation(sampleStorageSystem),
    storageSystemRepresentation(sampleStorageSystemWithSettings),
  ),
  varray: described("Varray", "The virtual array", varrayRepresentation(sampleVarray)),
  tenantOrg: described(
    "TenantOrg",
    "The tenant",
    tenantOrgRepresentation(sampleSubtenant),
    tenantOrgRepresentation(sampleProviderTenant),
  ),
  subtenantList: described("SubtenantList", "The tenant's subtenants", subtenantListRepresentation([sampleSubtenant])),
  roleAssignments: described(
    "RoleAssignments",
    "The tenant's role assignments",
    roleAssignmentsRepresentation(sampleRoleAssignments),
  ),
  acl: described(
    "AclAssignments",
    "The project's ACL (the owner's OWN first)",
    aclAssignmentsRepresentation(sampleAclEntries),
  ),
  storagePoolList: described(
    "StoragePoolList",
    "The storage system's pools",
    storagePoolListRepresentation([sampleStoragePool]),
  ),
  varrayList: described("VarrayList", "The virtual arrays", varrayListRepresentation([sampleVarray])),
  vpoolList: described("VpoolList", "The block virtual pools", vpoolListRepresentation([sampleVpool])),
  vpool: described("BlockVpool", "The block virtual pool", blockVpoolRepresentation(sampleVpool)),
  vpoolSearch: described("VpoolSearchResults", "The matching virtual pools", vpoolSearchRepresentation([sampleVpool])),
  volume: described("Volume", "The volume", volumeRepresentation(sampleVolume)),
  volumeSearch: described("VolumeSearchResults", "The matching volumes", volumeSearchRepresentation([sampleVolume])),
  volumeBulk: described("BulkVolumes", "The volumes, each in full", volumeBulkRepresentation([sampleVolume])),
  snapshotList: described(
    "SnapshotList",
    "The volume's active linked targets (linked or being linked)",
    snapshotListRepresentation([sampleLinkedTarget, samplePreparedTarget]),
  ),
  sessionList: described(
    "SnapshotSessionList",
    "The volume's active snapshot sessions",
    sessionListRepresentation([sampleSession]),
  ),
  session: described(
    "BlockSnapshotSession",
    "The snapshot session; `linked_targets` holds the targets whose link completed",
    blockSnapshotSessionRepresentation(sampleSession),
  ),
  sessionIds: described("Ids", "Ids of every active snapshot session", idListRepresentation([sampleIds.session])),
  volumeIds: described("Ids", "Ids of every active volume", idListRepresentation([sampleIds.volume])),
  consistencyGroup: described(
    "ConsistencyGroup",
    "The consistency group, with its active volumes; a group made on no array yet has neither `storage_controller` nor `system_consistency_groups`",
    consistencyGroupRepresentation(sampleConsistencyGroup),
    consistencyGroupRepresentation({
      ...sampleConsistencyGroup,
      storageSystemId: null,
      types: [],
      systemConsistencyGroups: [],
      volumeIds: [],
    }),
  ),
  consistencyGroupSearch: described(
    "ConsistencyGroupSearchResults",
    "The matching consistency groups",
    consistencyGroupSearchRepresentation([sampleConsistencyGroup]),
  ),
  consistencyGroupBulk: described(
    "BulkConsistencyGroups",
    "The consistency groups, each in full",
    consistencyGroupBulkRepresentation([sampleConsistencyGroup]),
  ),
  consistencyGroupIds: described(
    "Ids",
    "Ids of every active consistency group",
    idListRepresentation([sampleIds.consistencyGroup]),
  ),
  linkedTargetIds: described("Ids", "Ids of every active linked target", idListRepresentation([sampleIds.target1])),
  linkedTargetBulk: described(
    "BulkBlockSnapshots",
    "The linked targets, each in full",
    linkedTargetBulkRepresentation([sampleLinkedTarget]),
  ),
  linkedTargetSearch: described(
    "BlockSnapshotSearchResults",
    "The matching linked targets",
    linkedTargetSearchRepresentation([sampleLinkedTarget]),
  ),
  sessionBulk: described(
    "BulkSnapshotSessions",
    "The snapshot sessions, each in full",
    sessionBulkRepresentation([sampleSession]),
  ),
  sessionSearch: described(
    "SnapshotSessionSearchResults",
    "The matching snapshot sessions",
    sessionSearchRepresentation([sampleSession]),
  ),
  linkedTarget: {
    ...described(
      "BlockSnapshot",
      "The linked target: `PREPARED` until its link completes, then `SYNCHRONIZED`; a group session's shows its `consistency_group`",
      blockSnapshotRepresentation(sampleLinkedTarget),
      blockSnapshotRepresentation(samplePreparedTarget),
      blockSnapshotRepresentation({ ...sampleLinkedTarget, consistencyGroupId: sampleIds.consistencyGroup }),
    ),
    examples: {
      copied: { summary: "a copy-mode target, copied", value: blockSnapshotRepresentation(sampleLinkedTarget) },
      prepared: { summary: "a target being linked", value: blockSnapshotRepresentation(samplePreparedTarget) },
    },
  },
} satisfies Record<string, RepresentationResponse>;
