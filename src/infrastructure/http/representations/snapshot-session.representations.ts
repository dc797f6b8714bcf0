import type { SessionView } from "../../../application/ports/read-model.js";
import { dataObjectFields } from "./data-object.js";
import { list, type Representation, repeated, representation } from "./document.js";
import { namedRelated, related } from "./links.js";

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
