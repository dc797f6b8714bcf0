import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
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
} from "../../../src/application/ports/read-model.js";
import type { TenantOrgView } from "../../../src/application/ports/tenant-administration.js";
import { newUrn } from "../../../src/domain/shared/urn.js";
import {
  loggedInRepresentation,
  loggedOutRepresentation,
  whoAmIRepresentation,
} from "../../../src/infrastructure/http/representations/auth.representations.js";
import {
  blockSnapshotRepresentation,
  linkedTargetBulkRepresentation,
  linkedTargetSearchRepresentation,
  snapshotListRepresentation,
} from "../../../src/infrastructure/http/representations/block-snapshot.representations.js";
import {
  consistencyGroupBulkRepresentation,
  consistencyGroupRepresentation,
  consistencyGroupSearchRepresentation,
} from "../../../src/infrastructure/http/representations/consistency-group.representations.js";
import { LOCAL_VDC_ID } from "../../../src/infrastructure/http/representations/data-object.js";
import type { Representation } from "../../../src/infrastructure/http/representations/document.js";
import { errorRepresentation } from "../../../src/infrastructure/http/representations/error.representation.js";
import { serialize, toJson, toXml } from "../../../src/infrastructure/http/representations/serializer.js";
import {
  blockSnapshotSessionRepresentation,
  idListRepresentation,
  sessionBulkRepresentation,
  sessionListRepresentation,
  sessionSearchRepresentation,
} from "../../../src/infrastructure/http/representations/snapshot-session.representations.js";
import {
  blockVpoolRepresentation,
  storagePoolListRepresentation,
  storageSystemListRepresentation,
  storageSystemRepresentation,
  varrayListRepresentation,
  varrayRepresentation,
  vpoolListRepresentation,
  vpoolSearchRepresentation,
} from "../../../src/infrastructure/http/representations/storage.representations.js";
import {
  acceptedTaskRepresentation,
  acceptedTasksRepresentation,
  taskListRepresentation,
  taskRepresentation,
} from "../../../src/infrastructure/http/representations/task.representations.js";
import {
  aclAssignmentsRepresentation,
  projectCreatedRepresentation,
  projectListRepresentation,
  projectRepresentation,
  roleAssignmentsRepresentation,
  subtenantListRepresentation,
  tenantInfoRepresentation,
  tenantOrgRepresentation,
} from "../../../src/infrastructure/http/representations/tenancy.representations.js";
import { targetVersionRepresentation } from "../../../src/infrastructure/http/representations/upgrade.representations.js";
import {
  volumeBulkRepresentation,
  volumeRepresentation,
  volumeSearchRepresentation,
} from "../../../src/infrastructure/http/representations/volume.representations.js";
import { expectedXmlShape, inOrder, orderedXmlParser, xmlParser } from "../../support/http/xml-parity.js";

const T0 = 1_705_320_000_000;
const tenant: TenantView = { id: newUrn("TenantOrg"), name: "Provider Tenant", parentTenantId: null, creationTime: T0 };
const project: ProjectView = {
  id: newUrn("Project"),
  name: 'p <&> "1"',
  tenantId: tenant.id,
  owner: "root",
  acls: [],
  inactive: false,
  creationTime: T0,
};
const system: StorageSystemView = {
  id: newUrn("StorageSystem"),
  name: "symm-1",
  systemType: "vmax",
  nativeId: "000196700001",
  settings: {},
  creationTime: T0,
};
const pool: StoragePoolView = {
  id: newUrn("StoragePool"),
  name: "SRP_1",
  storageSystemId: system.id,
  nativeId: "SRP_1",
  creationTime: T0,
};
const varray: VarrayView = { id: newUrn("VirtualArray"), name: "varray1", creationTime: T0 };
const vpool: VpoolView = {
  id: newUrn("VirtualPool"),
  name: "gold",
  systemType: "vmax",
  varrayIds: [varray.id, newUrn("VirtualArray")],
  maxSnapshots: 256,
  multiVolumeConsistency: false,
  creationTime: T0,
};
const volume: VolumeView = {
  id: newUrn("Volume"),
  name: "vol1",
  projectId: project.id,
  tenantId: tenant.id,
  storageSystemId: system.id,
  systemType: "vmax",
  storagePoolId: pool.id,
  varrayId: varray.id,
  vpoolId: vpool.id,
  capacityBytes: 1024 ** 3,
  consistencyGroupId: null,
  nativeId: "00123",
  wwn: "60000970000196700001533030313233",
  deviceLabel: "vol1",
  inactive: false,
  creationTime: T0,
};
const unprovisionedVolume: VolumeView = {
  ...volume,
  id: newUrn("Volume"),
  nativeId: null,
  wwn: null,
  deviceLabel: null,
};
const targetIds = [newUrn("BlockSnapshot"), newUrn("BlockSnapshot")];
const session: SessionView = {
  id: newUrn("BlockSnapshotSession"),
  name: "snap1",
  sourceVolumeId: volume.id,
  consistencyGroupId: null,
  projectId: project.id,
  tenantId: tenant.id,
  storageSystemId: system.id,
  varrayId: varray.id,
  nativeId: "00123:snap1",
  deviceLabel: "snap1",
  inactive: false,
  creationTime: T0,
  linkedTargetIds: targetIds,
};
const target: LinkedTargetView = {
  id: targetIds[0] ?? "",
  name: "tgt-1",
  snapsetLabel: "tgt-1",
  sessionId: session.id,
  consistencyGroupId: null,
  sourceVolumeId: volume.id,
  sourceNativeId: "00123",
  projectId: project.id,
  tenantId: tenant.id,
  storageSystemId: system.id,
  varrayId: varray.id,
  capacityBytes: 2 * 1024 ** 3,
  copyMode: "copy",
  replicaState: "SYNCHRONIZED",
  nativeId: "00200",
  wwn: "60000970000196700001533030323030",
  deviceLabel: "tgt-1",
  linkState: { state: "copying", nativeState: "CopyInProg", defined: true, percentCopied: 40 },
  inactive: false,
  creationTime: T0,
};
const pendingTask: TaskView = {
  id: newUrn("Task"),
  opId: "9a1b2c3d-0000-4000-8000-000000000001",
  name: "LINK SNAPSHOT SESSION TARGETS",
  description: "links target volumes to a snapshot session",
  resource: { type: "BlockSnapshotSession", id: session.id, name: session.name },
  tenantId: tenant.id,
  associatedResources: [],
  state: "pending",
  message: null,
  progress: 0,
  serviceError: null,
  startTime: T0,
  endTime: null,
  queuedStartTime: null,
};
const failedTask: TaskView = {
  ...pendingTask,
  id: newUrn("Task"),
  associatedResources: [{ type: "Volume", id: volume.id, name: volume.name }],
  state: "error",
  message: "Operation failed due to the following error: array busy",
  progress: 50,
  serviceError: {
    code: 12000,
    description: "An error occurred while executing the job",
    details: "Operation failed due to the following error: array busy",
    retryable: false,
  },
  endTime: T0 + 5000,
  queuedStartTime: T0 - 100,
};
const queuedTask: TaskView = { ...pendingTask, id: newUrn("Task"), state: "queued", queuedStartTime: T0 + 1500 };
const readyTask: TaskView = {
  ...pendingTask,
  id: newUrn("Task"),
  state: "ready",
  message: "Operation completed successfully",
  progress: 100,
  endTime: T0 + 9000,
};

const subtenant: TenantOrgView = {
  id: newUrn("TenantOrg"),
  name: "Tenant B",
  parentTenantId: tenant.id,
  description: "a subtenant",
  userMappings: [
    { domain: "corp.example", attributes: [{ key: "ou", values: ["ops", "dev"] }], groups: ["storage", "admins"] },
  ],
  inactive: false,
  creationTime: T0,
};

const emptyGroup: ConsistencyGroupView = {
  id: newUrn("BlockConsistencyGroup"),
  name: "cg1",
  projectId: project.id,
  tenantId: tenant.id,
  arrayConsistency: true,
  storageSystemId: null,
  types: [],
  systemConsistencyGroups: [],
  volumeIds: [],
  inactive: false,
  creationTime: T0,
};
const boundGroup: ConsistencyGroupView = {
  ...emptyGroup,
  storageSystemId: system.id,
  types: ["LOCAL"],
  systemConsistencyGroups: [{ storageSystemId: system.id, groupName: "cg1" }],
  volumeIds: [volume.id, newUrn("Volume")],
};

const representations: Record<string, Representation> = {
  tenant_info: tenantInfoRepresentation(tenant),
  projects: projectListRepresentation([project, { ...project, id: newUrn("Project"), name: "p2" }]),
  "project (created)": projectCreatedRepresentation(project),
  tenant_org: tenantOrgRepresentation(subtenant),
  "tenant_org (root, no mappings)": tenantOrgRepresentation({
    ...subtenant,
    parentTenantId: null,
    description: null,
    userMappings: [],
  }),
  subtenants: subtenantListRepresentation([subtenant, { ...subtenant, id: newUrn("TenantOrg"), name: "Tenant C" }]),
  "subtenants (empty)": subtenantListRepresentation([]),
  acl_assignments: aclAssignmentsRepresentation([
    { subjectId: "root", privileges: ["OWN"] },
    { subjectId: "dave", privileges: ["ALL", "USE"] },
  ]),
  role_assignments: roleAssignmentsRepresentation([{ subjectId: "bob", roles: ["TENANT_ADMIN", "PROJECT_ADMIN"] }]),
  "role_assignments (empty)": roleAssignmentsRepresentation([]),
  project: projectRepresentation(project),
  storage_systems: storageSystemListRepresentation([system]),
  storage_system: storageSystemRepresentation(system),
  storage_pools: storagePoolListRepresentation([pool]),
  varray: varrayRepresentation(varray),
  "storage_system (with settings)": storageSystemRepresentation({
    ...system,
    systemType: "mock",
    settings: { maxLinkedTargetsPerSource: 2, supportsCopyMode: false, ticks: 0 },
  }),
  varrays: varrayListRepresentation([varray]),
  vpool_list: vpoolListRepresentation([vpool]),
  block_vpool: blockVpoolRepresentation(vpool),
  "vpool search results": vpoolSearchRepresentation([vpool]),
  volume: volumeRepresentation(volume),
  "volume (not provisioned)": volumeRepresentation(unprovisionedVolume),
  "search results": volumeSearchRepresentation([volume, unprovisionedVolume]),
  "search results (empty)": volumeSearchRepresentation([]),
  snapshot_sessions: sessionListRepresentation([session]),
  block_snapshot_session: blockSnapshotSessionRepresentation(session),
  "block_snapshot_session (one linked target)": blockSnapshotSessionRepresentation({
    ...session,
    linkedTargetIds: [target.id],
  }),
  block_snapshot: blockSnapshotRepresentation(target),
  snapshots: snapshotListRepresentation([target]),
  bulk_block_snapshot_sessions: sessionBulkRepresentation([session, { ...session, linkedTargetIds: [target.id] }]),
  "bulk_block_snapshot_sessions (empty)": sessionBulkRepresentation([]),
  ids: idListRepresentation([session.id, newUrn("BlockSnapshotSession")]),
  "search results (sessions)": sessionSearchRepresentation([session]),
  "search results (linked targets)": linkedTargetSearchRepresentation([target]),
  bulk_block_snapshots: linkedTargetBulkRepresentation([target]),
  "bulk_block_snapshots (empty)": linkedTargetBulkRepresentation([]),
  bulk_volumes: volumeBulkRepresentation([volume, unprovisionedVolume]),
  "volume (in a consistency group)": volumeRepresentation({ ...volume, consistencyGroupId: boundGroup.id }),
  "consistency_group (empty)": consistencyGroupRepresentation(emptyGroup),
  "consistency_group (with volumes)": consistencyGroupRepresentation(boundGroup),
  "search results (consistency groups)": consistencyGroupSearchRepresentation([emptyGroup]),
  bulk_consistency_groups: consistencyGroupBulkRepresentation([emptyGroup, boundGroup]),
  "block_snapshot (prepared)": blockSnapshotRepresentation({
    ...target,
    replicaState: "PREPARED",
    nativeId: null,
    wwn: null,
    deviceLabel: null,
    sourceNativeId: null,
  }),
  task: taskRepresentation(pendingTask),
  "task (failed)": taskRepresentation(failedTask),
  "task (queued)": taskRepresentation(queuedTask),
  "task (ready)": taskRepresentation(readyTask),
  tasks: taskListRepresentation([pendingTask, failedTask, queuedTask]),
  "tasks (one)": taskListRepresentation([pendingTask]),
  "task (accepted)": acceptedTaskRepresentation(queuedTask),
  "tasks (accepted)": acceptedTasksRepresentation([pendingTask, queuedTask]),
  loggedIn: loggedInRepresentation("root"),
  loggedOut: loggedOutRepresentation("root"),
  user: whoAmIRepresentation({
    name: "root",
    tenantId: tenant.id,
    vdcRoles: ["SYSTEM_ADMIN", "SECURITY_ADMIN"],
    homeTenantRoles: ["TENANT_ADMIN"],
    subtenantRoles: [{ tenantId: newUrn("TenantOrg"), roles: ["TENANT_ADMIN", "PROJECT_ADMIN"] }],
  }),
  "user (no subtenant roles)": whoAmIRepresentation({
    name: "alice",
    tenantId: tenant.id,
    vdcRoles: [],
    homeTenantRoles: [],
  }),
  target_version: targetVersionRepresentation(),
  error: errorRepresentation({
    code: 1008,
    description: "Parameter was provided but invalid",
    details: "Invalid request to link 0 new targets to a snapshot session.",
    retryable: false,
  }),
};

/** DataObjectRestRep's elements, alphabetical by Java property (JAXB RI's order without a propOrder). */
const DATA_OBJECT_ELEMENTS = [
  "creation_time",
  "global",
  "id",
  "inactive",
  "internal",
  "link",
  "name",
  "remote",
  "tags",
  "vdc",
];

/** A global object's (tenant, project): `remote` is left out. */
const GLOBAL_DATA_OBJECT_ELEMENTS = DATA_OBJECT_ELEMENTS.filter((name) => name !== "remote");

/** The names of the root element's children, in document order. */
function xmlElementNames(representation: Representation, root: string): string[] {
  const parsed = orderedXmlParser.parse(toXml(representation)) as Record<string, unknown>[];
  const rootEntry = parsed.find((entry) => root in entry) as Record<string, Record<string, unknown>[]>;
  return (rootEntry[root] ?? []).flatMap((child) => Object.keys(child).filter((key) => key !== ":@"));
}

function nullsIn(value: unknown, path = "$"): string[] {
  if (value === null || value === undefined) return [path];
  if (typeof value !== "object") return [];
  return Object.entries(value).flatMap(([key, member]) => nullsIn(member, `${path}.${key}`));
}

/**
 * The exported `…Representation` functions of the representations folder: each must be
 * exercised by the table above, so a new representation cannot skip the parity checks.
 */
function representationFunctions(): string[] {
  const folder = new URL("../../../src/infrastructure/http/representations/", import.meta.url);
  return readdirSync(folder)
    .filter((file) => file.endsWith(".ts"))
    .flatMap((file) => [
      ...readFileSync(new URL(file, folder), "utf8").matchAll(/^export function (\w+Representation)\(/gm),
    ])
    .map((match) => match[1] as string);
}

describe("representations", () => {
  it("covers every representation the HTTP layer can answer with", () => {
    const table = readFileSync(new URL(import.meta.url), "utf8");
    const exercised = (name: string) => table.includes(`${name}(`);
    const functions = representationFunctions();
    expect(functions.length).toBeGreaterThan(30);
    expect(functions.filter((name) => !exercised(name))).toEqual([]);
  });

  describe.each(Object.entries(representations))("%s", (_name, representation) => {
    it("carries the same data in XML as in JSON, in the same order", () => {
      const json = toJson(representation);
      const xml = toXml(representation);

      expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>')).toBe(true);
      const parsed = xmlParser.parse(xml) as Record<string, unknown[]>;
      expect(Object.keys(parsed)).toEqual([representation.root]);
      expect(inOrder(parsed[representation.root])).toEqual(inOrder([expectedXmlShape(json)]));
    });

    it("survives a JSON round trip and holds no null", () => {
      const json = toJson(representation);
      expect(JSON.parse(JSON.stringify(json))).toEqual(json);
      expect(nullsIn(json)).toEqual([]);
    });

    it("is written as JSON.stringify would write its object, byte for byte", () => {
      expect(serialize(representation, "json")).toBe(JSON.stringify(toJson(representation)));
    });
  });

  it("puts `inactive` in every resource representation, false included", () => {
    for (const name of [
      "project",
      "storage_system",
      "block_vpool",
      "volume",
      "block_snapshot_session",
      "block_snapshot",
      "task",
    ]) {
      const representation = representations[name];
      if (!representation) throw new Error(name);
      expect(toJson(representation), name).toHaveProperty("inactive", false);
      expect(toXml(representation), name).toContain("<inactive>false</inactive>");
    }
    expect(toJson(volumeRepresentation({ ...volume, inactive: true }))).toHaveProperty("inactive", true);
  });

  it("leaves null fields out of both formats", () => {
    const json = toJson(taskRepresentation(pendingTask));
    expect(json).not.toHaveProperty("end_time");
    expect(json).not.toHaveProperty("service_error");
    expect(json).not.toHaveProperty("queuedStartTime");
    const xml = toXml(taskRepresentation(pendingTask));
    expect(xml).not.toContain("<end_time");
    expect(xml).not.toContain("<service_error");

    const prepared = toJson(representations["block_snapshot (prepared)"] as Representation);
    expect(prepared).not.toHaveProperty("wwn");
    expect(prepared).not.toHaveProperty("consistency_group");
  });

  it("writes links as {rel, href} in JSON and as attributes in XML", () => {
    const json = toJson(blockSnapshotSessionRepresentation(session));
    expect(json.link).toEqual({ rel: "self", href: `/block/snapshot-sessions/${session.id}` });
    expect(json.linked_targets).toEqual(
      targetIds.map((id) => ({ id, link: { rel: "self", href: `/block/snapshots/${id}` } })),
    );
    expect(toXml(blockSnapshotSessionRepresentation(session))).toContain(
      `<linked_targets><linked_target><id>${targetIds[0]}</id><link rel="self" href="/block/snapshots/${targetIds[0]}"/></linked_target>`,
    );
  });

  it('lists tasks under the item name: {"task":[...]} and <tasks><task>…', () => {
    const representation = taskListRepresentation([pendingTask]);
    expect(Object.keys(toJson(representation))).toEqual(["task"]);
    expect(toXml(representation)).toMatch(/^<\?xml[^>]*\?><tasks><task><creation_time>/);
  });

  it("writes a task's elements in the order JAXB gives them: DataObject's, then the task's, each alphabetical by Java property", () => {
    expect(xmlElementNames(taskRepresentation(failedTask), "task")).toEqual([
      ...DATA_OBJECT_ELEMENTS,
      "allowed_operations",
      "associated_resources",
      "description",
      "end_time",
      "op_id",
      "progress",
      "queueName",
      "resource",
      "service_error",
      "start_time",
      "state",
      "tenant",
    ]);
    expect(xmlElementNames(taskRepresentation(queuedTask), "task")).toEqual([
      ...DATA_OBJECT_ELEMENTS,
      "allowed_operations",
      "associated_resources",
      "description",
      "op_id",
      "progress",
      "queueName",
      "queuedStartTime",
      "resource",
      "start_time",
      "state",
      "tenant",
    ]);
  });

  it("shows a task's times as epoch milliseconds, its tenant, links and the DataObject fields", () => {
    expect(toJson(taskRepresentation(failedTask))).toMatchObject({
      link: { rel: "self", href: `/vdc/tasks/${failedTask.id}` },
      tenant: { id: tenant.id, link: { rel: "self", href: `/tenants/${tenant.id}` } },
      creation_time: T0,
      start_time: T0,
      end_time: T0 + 5000,
      name: "LINK SNAPSHOT SESSION TARGETS",
      allowed_operations: "none_specified",
      inactive: false,
      global: false,
      remote: false,
      internal: false,
    });
  });

  it("gives a pending or queued task no message, a ready one the controller's completion text", () => {
    for (const task of [pendingTask, queuedTask]) {
      expect(toJson(taskRepresentation(task))).not.toHaveProperty("message");
      expect(toXml(taskRepresentation(task))).not.toContain("<message");
    }
    expect(toJson(taskRepresentation(readyTask))).toMatchObject({
      state: "ready",
      progress: 100,
      message: "Operation completed successfully",
    });
  });

  it("gives a failed task its service_error and no message, never retryable", () => {
    const failed = toJson(
      taskRepresentation({ ...failedTask, serviceError: { ...failedTask.serviceError!, retryable: true } }),
    );
    expect(failed).not.toHaveProperty("message");
    expect(failed.service_error).toEqual({
      code: 12000,
      description: "An error occurred while executing the job",
      details: "Operation failed due to the following error: array busy",
      retryable: false,
    });
  });

  it("names the queue a queued task waits in and when it joined it: epoch ms in JSON, xs:dateTime in XML", () => {
    expect(toJson(taskRepresentation(queuedTask))).toMatchObject({
      state: "queued",
      queueName: session.id,
      queuedStartTime: T0 + 1500,
    });
    expect(toXml(taskRepresentation(queuedTask))).toContain(
      `<queueName>${session.id}</queueName><queuedStartTime>2024-01-15T12:00:01.500Z</queuedStartTime>`,
    );
    expect(toXml(taskRepresentation({ ...queuedTask, queuedStartTime: T0 }))).toContain(
      "<queuedStartTime>2024-01-15T12:00:00Z</queuedStartTime>",
    );
  });

  it('says "null" in queueName once a task has left its queue, without queuedStartTime, as the real controller does', () => {
    const json = toJson(taskRepresentation(failedTask));
    expect(json.queueName).toBe("null");
    expect(json).not.toHaveProperty("queuedStartTime");
    const never = toJson(taskRepresentation(pendingTask));
    expect(never).not.toHaveProperty("queueName");
    expect(never).not.toHaveProperty("queuedStartTime");
  });

  it("answers a request that queued its task with the task pending, as accepted", () => {
    const [accepted] = toJson(acceptedTasksRepresentation([queuedTask])).task as Record<string, unknown>[];
    expect(accepted).toMatchObject({ id: queuedTask.id, state: "pending" });
    expect(accepted).not.toHaveProperty("queueName");
    expect(accepted).not.toHaveProperty("queuedStartTime");
    expect(toJson(acceptedTaskRepresentation(queuedTask))).toMatchObject({ state: "pending" });
    expect(toJson(acceptedTaskRepresentation(readyTask))).toMatchObject({ state: "ready" });
  });

  it("starts every resource representation with the DataObject fields in JAXB's order, vdc included", () => {
    for (const name of [
      "project",
      "tenant_org",
      "storage_system",
      "varray",
      "block_vpool",
      "volume",
      "block_snapshot_session",
      "block_snapshot",
      "task",
    ]) {
      const representation = representations[name];
      if (!representation) throw new Error(name);
      const expected = ["project", "tenant_org"].includes(name) ? GLOBAL_DATA_OBJECT_ELEMENTS : DATA_OBJECT_ELEMENTS;
      expect(xmlElementNames(representation, representation.root).slice(0, expected.length), name).toEqual(expected);
      expect(toJson(representation).vdc, name).toEqual({
        id: LOCAL_VDC_ID,
        link: { rel: "self", href: `/vdc/${LOCAL_VDC_ID}` },
      });
    }
  });

  it("writes a session's elements as JAXB does, its label as the array takes it", () => {
    const named = blockSnapshotSessionRepresentation({ ...session, name: "my session: (nightly)" });
    expect(xmlElementNames(named, "block_snapshot_session")).toEqual([
      ...DATA_OBJECT_ELEMENTS,
      "device_label",
      "native_id",
      "protocols",
      "storage_controller",
      "varray",
      "linked_targets",
      "parent",
      "project",
      "session_label",
    ]);
    expect(toJson(named)).toMatchObject({ name: "my session: (nightly)", session_label: "mysessionnightly" });
    const long = toJson(blockSnapshotSessionRepresentation({ ...session, name: `${"a".repeat(70)}` }));
    expect(long.session_label).toBe("a".repeat(63));
  });

  it("writes a linked target's elements as JAXB does, coprsim's additions last", () => {
    expect(xmlElementNames(blockSnapshotRepresentation(target), "block_snapshot")).toEqual([
      ...DATA_OBJECT_ELEMENTS,
      "device_label",
      "native_id",
      "protocols",
      "replication_group_instance",
      "storage_controller",
      "varray",
      "wwn",
      "allocated_capacity_gb",
      "parent",
      "project",
      "provisioned_capacity_gb",
      "read_only",
      "replica_state",
      "snapset_label",
      "source_native_id",
      "is_sync_active",
      "technology_type",
      "copy_mode",
      "snapshot_session",
      "link_state",
    ]);
  });

  it("shows a target not yet linked as the real controller records it: empty device fields, 0.00 capacities", () => {
    const prepared = toJson(
      blockSnapshotRepresentation({
        ...target,
        name: "tgt 1",
        snapsetLabel: "tgt 1",
        replicaState: "PREPARED",
        wwn: null,
      }),
    );
    expect(prepared).toMatchObject({
      name: "tgt 1",
      device_label: "",
      native_id: "",
      replication_group_instance: "",
      provisioned_capacity_gb: "0.00",
      allocated_capacity_gb: "0.00",
      snapset_label: "tgt1",
      is_sync_active: false,
      replica_state: "PREPARED",
    });
    expect(prepared).not.toHaveProperty("wwn");
    expect(prepared).not.toHaveProperty("volume_native_id");
    expect(toJson(blockSnapshotRepresentation(target))).toMatchObject({
      device_label: "tgt-1",
      native_id: "00200",
      replication_group_instance: "",
      provisioned_capacity_gb: "2.00",
    });
  });

  it("writes a volume's elements as JAXB does, with empty device fields until the array made it", () => {
    expect(xmlElementNames(volumeRepresentation(volume), "volume")).toEqual([
      ...DATA_OBJECT_ELEMENTS,
      "device_label",
      "native_id",
      "protocols",
      "replication_group_instance",
      "storage_controller",
      "varray",
      "wwn",
      "access_state",
      "allocated_capacity_gb",
      "requested_capacity_gb",
      "project",
      "provisioned_capacity_gb",
      "supports_snapshot_sessions",
      "system_type",
      "tenant",
      "thinly_provisioned",
      "vpool",
    ]);
    expect(toJson(volumeRepresentation(unprovisionedVolume))).toMatchObject({
      device_label: "",
      native_id: "",
      replication_group_instance: "",
      requested_capacity_gb: "1.00",
      provisioned_capacity_gb: "0.00",
      allocated_capacity_gb: "0.00",
    });
  });

  it("marks tenants and projects global, without remote, as objects of the controller's global keyspace", () => {
    for (const representation of [projectRepresentation(project), tenantOrgRepresentation(subtenant)]) {
      const json = toJson(representation);
      expect(json.global, representation.root).toBe(true);
      expect(json, representation.root).not.toHaveProperty("remote");
    }
    expect(toJson(volumeRepresentation(volume))).toMatchObject({ global: false, remote: false });
  });

  it("writes named references as {id, link, name}, RelatedResourceRep's elements first", () => {
    expect(xmlElementNames(projectListRepresentation([project]), "projects")).toEqual(["project"]);
    expect(toXml(sessionListRepresentation([session]))).toContain(
      `<snapshot_session><id>${session.id}</id><link rel="self" href="/block/snapshot-sessions/${session.id}"/><name>snap1</name></snapshot_session>`,
    );
    expect(Object.keys(toJson(taskRepresentation(pendingTask)).resource as object)).toEqual(["id", "link", "name"]);
  });

  it("answers a created project as the real controller does: tenant_project {id, link, name}", () => {
    const created = projectCreatedRepresentation(project);
    expect(created.root).toBe("tenant_project");
    expect(xmlElementNames(created, "tenant_project")).toEqual(["id", "link", "name"]);
  });

  it("writes tenant_info's elements in JAXB's order: name, link, id", () => {
    expect(xmlElementNames(tenantInfoRepresentation(tenant), "tenant_info")).toEqual(["name", "link", "id"]);
  });

  it("writes a project's and a tenant's own elements in JAXB's order", () => {
    const own = GLOBAL_DATA_OBJECT_ELEMENTS.length;
    expect(xmlElementNames(projectRepresentation(project), "project").slice(own)).toEqual(["owner", "tenant"]);
    expect(xmlElementNames(tenantOrgRepresentation(subtenant), "tenant_org").slice(own)).toEqual([
      "description",
      "parent_tenant",
      "user_mappings",
    ]);
  });

  it("shows capacities as GB strings with two decimals", () => {
    expect(toJson(volumeRepresentation(volume))).toMatchObject({
      provisioned_capacity_gb: "1.00",
      allocated_capacity_gb: "1.00",
      requested_capacity_gb: "1.00",
    });
    expect(toJson(blockSnapshotRepresentation(target))).toMatchObject({ provisioned_capacity_gb: "2.00" });
  });

  it("shows a linked target's copy mode and link state (coprsim's additions)", () => {
    expect(toJson(blockSnapshotRepresentation(target))).toMatchObject({
      is_sync_active: true,
      replica_state: "SYNCHRONIZED",
      technology_type: "NATIVE",
      copy_mode: "copy",
      link_state: { state: "copying", native_state: "CopyInProg", defined: true, percent_copied: 40 },
    });
  });

  it("names the session a linked target is linked or being linked to (a coprsim addition)", () => {
    const session = {
      id: target.sessionId,
      link: { rel: "self", href: `/block/snapshot-sessions/${target.sessionId}` },
    };
    expect(toJson(blockSnapshotRepresentation(target))).toMatchObject({ snapshot_session: session });
    const prepared = blockSnapshotRepresentation({ ...target, replicaState: "PREPARED" });
    expect(toJson(prepared)).toMatchObject({ snapshot_session: session });
    expect(toXml(prepared)).toContain(
      `<snapshot_session><id>${target.sessionId}</id><link rel="self" href="/block/snapshot-sessions/${target.sessionId}"/></snapshot_session>`,
    );
  });

  it("escapes text and attribute values in XML", () => {
    const xml = toXml(projectRepresentation(project));
    expect(xml).toContain('<name>p &lt;&amp;&gt; "1"</name>');
    expect(xmlParser.parse(xml).project[0].name).toEqual(['p <&> "1"']);
  });
});
