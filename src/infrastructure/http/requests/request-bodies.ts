import type { CreateSnapshotSessionDraft } from "../../../application/snapshots/create-snapshot-session.handler.js";
import type { LinkTargetsDraft } from "../../../application/snapshots/link-targets-draft.js";
import type { CreateProjectDraft } from "../../../application/tenancy/create-project.handler.js";
import type { CreateVolumesDraft } from "../../../application/volumes/create-volumes.handler.js";
import { integer, object, requestBody, text } from "./request-body.js";

/** `snapshot_session_new_targets`: the same in a link request and in a session creation. */
const newLinkedTargets = object("newLinkedTargets", {
  count: integer("count"),
  target_name: text("targetName"),
  copy_mode: text("copyMode"),
});

export const projectCreateBody = requestBody<CreateProjectDraft>("project_create", { name: text("name") });

export const volumeCreateBody = requestBody<CreateVolumesDraft>("volume_create", {
  name: text("name"),
  size: text("size"),
  count: integer("count"),
  varray: text("varray"),
  vpool: text("vpool"),
  project: text("project"),
});

export const snapshotSessionCreateBody = requestBody<CreateSnapshotSessionDraft>("snapshot_session_create", {
  name: text("name"),
  new_linked_targets: newLinkedTargets,
});

export const linkTargetsBody = requestBody<LinkTargetsDraft>("snapshot_session_link_targets", {
  new_linked_targets: newLinkedTargets,
});
