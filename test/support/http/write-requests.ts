import type { HttpTestApp } from "./http-test-app.js";
import type { ResourceIds } from "./served-operations.js";

/**
 * How to send each ViPR write operation in a fresh test world: what to add to the world first,
 * which ids then fill its path (over the world's own), its query, and its body written once in
 * each format. Keyed like the OpenAPI document (`POST /block/volumes`).
 */
export interface WriteRequest {
  readonly ids?: ResourceIds;
  readonly query?: string;
  readonly body?: { readonly json: unknown; readonly xml: string };
}

type Prepare = (t: HttpTestApp) => WriteRequest;

export const WRITE_REQUESTS: Readonly<Record<string, Prepare>> = {
  "POST /tenants/{id}/projects": () => ({
    body: { json: { name: "newproj" }, xml: "<project_create><name>newproj</name></project_create>" },
  }),
  "POST /tenants/{id}/subtenants": () => ({
    body: {
      json: {
        name: "Tenant B",
        description: "a subtenant",
        user_mappings: [{ domain: "corp.example", attributes: [{ key: "ou", value: ["ops", "dev"] }], groups: ["g1"] }],
      },
      xml:
        "<tenant_create><name>Tenant B</name><description>a subtenant</description><user_mappings><user_mapping>" +
        "<domain>corp.example</domain><attributes><attribute><key>ou</key><value>ops</value><value>dev</value>" +
        "</attribute></attributes><groups><group>g1</group></groups></user_mapping></user_mappings></tenant_create>",
    },
  }),
  "PUT /tenants/{id}/role-assignments": () => ({
    body: {
      json: { add: [{ role: ["TENANT_ADMIN", "PROJECT_ADMIN"], subject_id: "alice" }] },
      xml:
        "<role_assignment_change><add><role>TENANT_ADMIN</role><role>PROJECT_ADMIN</role>" +
        "<subject_id>alice</subject_id></add></role_assignment_change>",
    },
  }),
  "PUT /projects/{id}/acl": () => ({
    body: {
      json: { add: [{ privilege: ["USE"], subject_id: "alice" }] },
      xml: "<acl_change><add><privilege>USE</privilege><subject_id>alice</subject_id></add></acl_change>",
    },
  }),
  // A project without volumes: one holding active volumes is refused.
  "POST /projects/{id}/deactivate": (t) => ({
    ids: { "/projects/{id}": t.world.addProject(t.providerTenantId, "empty", "root") },
  }),
  "POST /vdc/storage-systems": (t) => ({
    body: {
      json: { name: "symm-2", system_type: "vmax", serial_number: "000196700002", varrays: [t.world.varrayId] },
      xml:
        "<storage_system_create><name>symm-2</name><system_type>vmax</system_type>" +
        `<serial_number>000196700002</serial_number><varrays><varray>${t.world.varrayId}</varray></varrays>` +
        "</storage_system_create>",
    },
  }),
  "POST /vdc/varrays": () => ({
    body: { json: { name: "varray2" }, xml: "<varray_create><name>varray2</name></varray_create>" },
  }),
  "POST /block/vpools": (t) => ({
    body: {
      json: {
        name: "silver",
        system_type: "vmax",
        protocols: ["FC"],
        varrays: [t.world.varrayId],
        protection: { snapshots: { max_native_snapshots: 16 } },
      },
      xml:
        "<block_vpool_create><name>silver</name><system_type>vmax</system_type><protocols><protocol>FC</protocol>" +
        `</protocols><varrays><varray>${t.world.varrayId}</varray></varrays><protection><snapshots>` +
        "<max_native_snapshots>16</max_native_snapshots></snapshots></protection></block_vpool_create>",
    },
  }),
  "POST /block/volumes": (t) => {
    const { varrayId } = t.world;
    const { vpoolId } = t.snapvx;
    return {
      body: {
        json: { name: "newvol", size: "1GB", count: 2, varray: varrayId, vpool: vpoolId, project: t.projectId },
        xml:
          "<volume_create><name>newvol</name><size>1GB</size><count>2</count>" +
          `<varray>${varrayId}</varray><vpool>${vpoolId}</vpool><project>${t.projectId}</project></volume_create>`,
      },
    };
  },
  "POST /block/consistency-groups": (t) => ({
    body: {
      json: { name: "cg2", project: t.projectId, array_consistency: false },
      xml:
        `<consistency_group_create><name>cg2</name><project>${t.projectId}</project>` +
        "<array_consistency>false</array_consistency></consistency_group_create>",
    },
  }),
  "POST /block/consistency-groups/bulk": (t) => {
    const second = t.world.addConsistencyGroup(t.projectId, "cg2");
    return {
      body: {
        json: { id: [t.consistencyGroupId, second] },
        xml: `<ids><id>${t.consistencyGroupId}</id><id>${second}</id></ids>`,
      },
    };
  },
  "POST /block/consistency-groups/{id}/deactivate": () => ({ query: "?type=FULL" }),
  "POST /block/volumes/bulk": (t) => ({
    body: {
      json: { id: [t.volumeId, t.mockVolumeId] },
      xml: `<ids><id>${t.volumeId}</id><id>${t.mockVolumeId}</id></ids>`,
    },
  }),
  // A volume without sessions: one with active sessions is refused.
  "POST /block/volumes/{id}/deactivate": (t) => ({
    ids: { "/block/volumes/{id}": t.world.addVolume(t.projectId, t.snapvx, "spare") },
  }),
  "POST /block/volumes/{id}/protection/snapshot-sessions": () => ({
    body: {
      json: { name: "snap2", new_linked_targets: { count: 1, target_name: "t2", copy_mode: "nocopy" } },
      xml:
        "<snapshot_session_create><name>snap2</name><new_linked_targets><count>1</count>" +
        "<target_name>t2</target_name><copy_mode>nocopy</copy_mode></new_linked_targets></snapshot_session_create>",
    },
  }),
  "POST /block/consistency-groups/{id}/protection/snapshot-sessions": (t) => ({
    ids: { "/block/consistency-groups/{id}": t.sessionGroup.groupId },
    body: {
      json: { name: "gsnap", new_linked_targets: { count: 1, target_name: "gt", copy_mode: "nocopy" } },
      xml:
        "<snapshot_session_create><name>gsnap</name><new_linked_targets><count>1</count>" +
        "<target_name>gt</target_name><copy_mode>nocopy</copy_mode></new_linked_targets></snapshot_session_create>",
    },
  }),
  "POST /block/consistency-groups/{id}/protection/snapshot-sessions/{sid}/link-targets": (t) => ({
    ids: { "/block/consistency-groups/{id}": t.sessionGroup.groupId },
    body: {
      json: { new_linked_targets: { count: 1, target_name: "gl", copy_mode: "nocopy" } },
      xml:
        "<snapshot_session_link_targets><new_linked_targets><count>1</count><target_name>gl</target_name>" +
        "<copy_mode>nocopy</copy_mode></new_linked_targets></snapshot_session_link_targets>",
    },
  }),
  "POST /block/consistency-groups/{id}/protection/snapshot-sessions/{sid}/relink-targets": (t) => {
    const [first] = t.world.addLinkedSet(t.sessionGroup.sessionId, "rs");
    return {
      ids: { "/block/consistency-groups/{id}": t.sessionGroup.groupId },
      body: {
        json: { ids: [first] },
        xml: `<snapshot_session_relink_targets><ids><id>${first}</id></ids></snapshot_session_relink_targets>`,
      },
    };
  },
  "POST /block/consistency-groups/{id}/protection/snapshot-sessions/{sid}/unlink-targets": (t) => {
    const [first] = t.world.addLinkedSet(t.sessionGroup.sessionId, "us");
    return {
      ids: { "/block/consistency-groups/{id}": t.sessionGroup.groupId },
      body: {
        json: { linked_targets: [{ id: first, delete_target: "true" }] },
        xml:
          `<snapshot_session_unlink_targets><linked_targets><linked_target><id>${first}</id><delete_target>true` +
          "</delete_target></linked_target></linked_targets></snapshot_session_unlink_targets>",
      },
    };
  },
  "POST /block/consistency-groups/{id}/protection/snapshots/{sid}/restore": (t) => ({
    ids: {
      "/block/consistency-groups/{id}": t.sessionGroup.groupId,
      "/block/consistency-groups/{id}/protection/snapshots/{sid}":
        t.world.addLinkedSet(t.sessionGroup.sessionId, "rg")[0] ?? "",
    },
  }),
  "POST /block/consistency-groups/{id}/protection/snapshot-sessions/{sid}/restore": (t) => ({
    ids: { "/block/consistency-groups/{id}": t.sessionGroup.groupId },
  }),
  "POST /block/consistency-groups/{id}/protection/snapshot-sessions/{sid}/deactivate": (t) => ({
    ids: { "/block/consistency-groups/{id}": t.sessionGroup.groupId },
  }),
  "POST /block/snapshot-sessions/bulk": (t) => ({
    body: {
      json: { id: [t.sessionId, t.mockSessionId] },
      xml: `<ids><id>${t.sessionId}</id><id>${t.mockSessionId}</id></ids>`,
    },
  }),
  "POST /block/snapshot-sessions/{id}/link-targets": () => ({
    body: {
      json: { new_linked_targets: { count: 2, target_name: "tgt", copy_mode: "copy" } },
      xml:
        "<snapshot_session_link_targets><new_linked_targets><count>2</count><target_name>tgt</target_name>" +
        "<copy_mode>copy</copy_mode></new_linked_targets></snapshot_session_link_targets>",
    },
  }),
  "POST /block/snapshot-sessions/{id}/relink-targets": (t) => {
    const [first, second] = t.world.addLinkedTargets(t.sessionId, "lt", 2);
    return {
      body: {
        json: { ids: [first, second] },
        xml: `<snapshot_session_relink_targets><ids><id>${first}</id><id>${second}</id></ids></snapshot_session_relink_targets>`,
      },
    };
  },
  "POST /block/snapshot-sessions/{id}/unlink-targets": (t) => {
    const [first, second] = t.world.addLinkedTargets(t.sessionId, "lt", 2);
    return {
      body: {
        json: {
          linked_targets: [
            { id: first, delete_target: "true" },
            { id: second, delete_target: "false" },
          ],
        },
        xml:
          `<snapshot_session_unlink_targets><linked_targets><linked_target><id>${first}</id><delete_target>true` +
          `</delete_target></linked_target><linked_target><id>${second}</id><delete_target>false</delete_target>` +
          "</linked_target></linked_targets></snapshot_session_unlink_targets>",
      },
    };
  },
  "POST /block/snapshot-sessions/{id}/restore": () => ({}),
  "POST /block/snapshot-sessions/{id}/deactivate": () => ({ query: "?type=FULL" }),
  "POST /block/snapshots/{id}/deactivate": (t) => ({
    ids: { "/block/snapshots/{id}": t.world.addLinkedTargets(t.sessionId, "lt", 1)[0] ?? "" },
  }),
  "POST /block/snapshots/{id}/restore": (t) => ({
    ids: { "/block/snapshots/{id}": t.world.addLinkedTargets(t.sessionId, "lt", 1)[0] ?? "" },
  }),
  "POST /block/snapshots/bulk": (t) => {
    const [first, second] = t.world.addLinkedTargets(t.sessionId, "lt", 2);
    return { body: { json: { id: [first, second] }, xml: `<ids><id>${first}</id><id>${second}</id></ids>` } };
  },
};

export function writeRequest(key: string): Prepare {
  const prepare = WRITE_REQUESTS[key];
  if (prepare === undefined) throw new Error(`no request is written for ${key}`);
  return prepare;
}
