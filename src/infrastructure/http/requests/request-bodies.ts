import type { CreateConsistencyGroupDraft } from "../../../application/consistency-groups/create-consistency-group.handler.js";
import type { BulkIdsDraft } from "../../../application/queries/bulk-ids.js";
import type { LinkTargetsDraft } from "../../../application/snapshots/link-targets-draft.js";
import type { RelinkTargetsDraft } from "../../../application/snapshots/relink-targets-draft.js";
import type { CreateSnapshotSessionDraft } from "../../../application/snapshots/session-create-request.js";
import type { UnlinkTargetsDraft } from "../../../application/snapshots/unlink-targets-draft.js";
import type { AssignmentChangesDraft } from "../../../application/tenancy/assignment-changes.js";
import type { CreateProjectDraft } from "../../../application/tenancy/create-project.handler.js";
import type { CreateSubtenantDraft } from "../../../application/tenancy/create-subtenant.handler.js";
import type { CreateVolumesDraft } from "../../../application/volumes/create-volumes.handler.js";
import { boolean, integer, object, repeatedList, requestBody, text, uri, wrappedList } from "./request-body.js";

/**
 * `snapshot_session_new_targets`: the same in a link request and in a session creation. The
 * fields of the session bodies are declared in the order the real controller's validator
 * visits them (a Java HashMap's), which decides which of two missing elements is named.
 */
const newLinkedTargets = (options: { required?: boolean } = {}) =>
  object(
    "newLinkedTargets",
    {
      target_name: text("targetName", { required: true }),
      count: integer("count", { required: true }),
      copy_mode: text("copyMode", { xmlDefault: "nocopy" }),
    },
    options,
  );

export const projectCreateBody = requestBody<CreateProjectDraft>("project_create", { name: text("name") });

export const volumeCreateBody = requestBody<CreateVolumesDraft>("volume_create", {
  name: text("name"),
  size: text("size"),
  count: integer("count"),
  varray: text("varray"),
  vpool: text("vpool"),
  project: text("project"),
  consistency_group: text("consistencyGroup"),
});

/** ViPR's BlockConsistencyGroupCreate (`consistency_group_create`). */
export const consistencyGroupCreateBody = requestBody<CreateConsistencyGroupDraft>("consistency_group_create", {
  name: text("name"),
  project: text("project"),
  array_consistency: boolean("arrayConsistency"),
});

/** `snapshot_session_create`; `volumes` names the volumes of a consistency group's session, and is ignored for a volume. */
export const snapshotSessionCreateBody = requestBody<CreateSnapshotSessionDraft>(
  "snapshot_session_create",
  {
    new_linked_targets: newLinkedTargets(),
    name: text("name"),
    volumes: wrappedList("volumes", "volume", { kind: "uri" }),
  },
  { validated: true },
);

export const linkTargetsBody = requestBody<LinkTargetsDraft>(
  "snapshot_session_link_targets",
  { new_linked_targets: newLinkedTargets({ required: true }) },
  { validated: true },
);

export const unlinkTargetsBody = requestBody<UnlinkTargetsDraft>(
  "snapshot_session_unlink_targets",
  {
    linked_targets: wrappedList(
      "linkedTargets",
      "linked_target",
      {
        kind: "object",
        fields: { delete_target: boolean("deleteTarget", { xmlDefault: false }), id: uri("id", { required: true }) },
      },
      { required: true },
    ),
  },
  { validated: true },
);

export const relinkTargetsBody = requestBody<RelinkTargetsDraft>(
  "snapshot_session_relink_targets",
  { ids: wrappedList("ids", "id", { kind: "uri" }, { required: true }) },
  { validated: true },
);

/** ViPR's BulkIdParam: `{"id":[...]}`, `<ids><id>…</id><id>…</id></ids>`. */
export const bulkIdsBody = requestBody<BulkIdsDraft>("ids", { id: repeatedList("ids", { kind: "text" }) });

/** ViPR's TenantCreateParam (`tenant_create`): a subtenant's name, description and user mappings. */
export const subtenantCreateBody = requestBody<CreateSubtenantDraft>("tenant_create", {
  name: text("name"),
  description: text("description"),
  user_mappings: wrappedList("userMappings", "user_mapping", {
    kind: "object",
    fields: {
      domain: text("domain"),
      attributes: wrappedList("attributes", "attribute", {
        kind: "object",
        fields: { key: text("key"), value: repeatedList("values", { kind: "text" }) },
      }),
      groups: wrappedList("groups", "group", { kind: "text" }),
    },
  }),
});

/** ViPR's RoleAssignmentChanges (`role_assignment_change`): `{"add":[{"role":[…],"subject_id":…}],"remove":[…]}`. */
export const roleAssignmentChangeBody = assignmentChangeBody("role_assignment_change", "role");

/** ViPR's ACLAssignmentChanges (`acl_change`): `{"add":[{"privilege":[…],"subject_id":…}],"remove":[…]}`. */
export const aclChangeBody = assignmentChangeBody("acl_change", "privilege");

function assignmentChangeBody(root: string, valueElement: string) {
  const entry = {
    kind: "object",
    fields: { [valueElement]: repeatedList("values", { kind: "text" }), subject_id: text("subjectId") },
  } as const;
  return requestBody<AssignmentChangesDraft>(root, {
    add: repeatedList("add", entry),
    remove: repeatedList("remove", entry),
  });
}
