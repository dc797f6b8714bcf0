import type { SessionView } from "../../../application/ports/read-model.js";
import { arraySnapshotLabel } from "../../../domain/snapshots/snapshot-label.js";
import { dataObjectFields } from "./data-object.js";
import { list, node, type Representation, relatedList, repeated, representation } from "./document.js";
import { hrefOf, namedRelated, related, selfLink } from "./links.js";

/** `snapshot_sessions`: `{"snapshot_session":[{id,link,name}]}`, always a list. */
export function sessionListRepresentation(sessions: readonly SessionView[]): Representation {
  return representation("snapshot_sessions", {
    snapshot_session: repeated(sessions.map((s) => namedRelated(s.id, s.name))),
  });
}

/**
 * `block_snapshot_session` (docs/api/snapshot-sessions.md; element order and the fields the
 * real controller leaves out: docs/api/conventions.md). `linked_targets` holds only targets
 * whose link completed; `session_label` is the name as the array takes it. `device_label`,
 * `native_id` and `varray` (the array snapshot) are coprsim's additions. A group session shows
 * its `consistency_group` and its name as `session_set_name`, and no `parent`.
 */
export function blockSnapshotSessionRepresentation(session: SessionView): Representation {
  const group = session.consistencyGroupId;
  return representation("block_snapshot_session", {
    ...dataObjectFields(session),
    consistency_group: group === null ? null : related(group),
    device_label: session.deviceLabel,
    native_id: session.nativeId,
    protocols: list("protocol", []),
    replication_group_instance: null,
    storage_controller: session.storageSystemId,
    varray: related(session.varrayId),
    wwn: null,
    linked_targets: relatedList("linked_target", session.linkedTargetIds),
    parent: group === null ? related(session.sourceVolumeId) : null,
    project: related(session.projectId),
    session_label: arraySnapshotLabel(session.name),
    session_set_name: group === null ? null : session.name,
  });
}

/** `bulk_block_snapshot_sessions`: `{"block_snapshot_session":[...]}`, each a full representation. */
export function sessionBulkRepresentation(sessions: readonly SessionView[]): Representation {
  return representation("bulk_block_snapshot_sessions", {
    block_snapshot_session: repeated(sessions.map((s) => blockSnapshotSessionRepresentation(s).body)),
  });
}

/** `ids`: `{"id":[...]}`, what a bulk GET answers. */
export function idListRepresentation(ids: readonly string[]): Representation {
  return representation("ids", { id: repeated(ids) });
}

/** `results`: `{"resource":[{id,link,match}]}`, `match` being the session's name. */
export function sessionSearchRepresentation(sessions: readonly SessionView[]): Representation {
  return representation("results", {
    resource: repeated(sessions.map((s) => node({ id: s.id, link: selfLink(hrefOf(s.id)), match: s.name }))),
  });
}
