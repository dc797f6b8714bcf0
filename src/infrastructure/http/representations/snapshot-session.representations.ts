import type { SessionView } from "../../../application/ports/read-model.js";
import { dataObjectFields } from "./data-object.js";
import { list, node, type Representation, repeated, representation } from "./document.js";
import { hrefOf, namedRelated, related, selfLink } from "./links.js";

/** `snapshot_sessions`: `{"snapshot_session":[{id,name,link}]}`, always a list. */
export function sessionListRepresentation(sessions: readonly SessionView[]): Representation {
  return representation("snapshot_sessions", {
    snapshot_session: repeated(sessions.map((s) => namedRelated(s.id, s.name))),
  });
}

/** `block_snapshot_session` (§6): `linked_targets` holds only targets whose link completed. */
export function blockSnapshotSessionRepresentation(session: SessionView): Representation {
  return representation("block_snapshot_session", {
    ...dataObjectFields(session),
    parent: related(session.sourceVolumeId),
    project: related(session.projectId),
    linked_targets: list("linked_target", session.linkedTargetIds.map(related)),
    session_label: session.name,
    storage_controller: session.storageSystemId,
    device_label: session.deviceLabel,
    native_id: session.nativeId,
    varray: related(session.varrayId),
    protocols: list("protocol", []),
    wwn: null,
    consistency_group: null,
    replication_group_instance: null,
    session_set_name: null,
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
