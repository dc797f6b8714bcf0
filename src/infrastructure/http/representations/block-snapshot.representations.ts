import type { LinkedTargetView } from "../../../application/ports/read-model.js";
import { formatGigabytes } from "../../../domain/storage/capacity.js";
import { dataObjectFields } from "./data-object.js";
import { list, node, type Representation, repeated, representation } from "./document.js";
import { namedRelated, related } from "./links.js";

/**
 * `block_snapshot` (§6): a linked target, `PREPARED` until linked. Also carries the §9
 * additions `copy_mode`, `link_state` and `snapshot_session`: the session it is linked or being
 * linked to, which the session's `linked_targets` names only once the link completed.
 */
export function blockSnapshotRepresentation(target: LinkedTargetView): Representation {
  const capacity = formatGigabytes(target.capacityBytes);
  return representation("block_snapshot", {
    ...dataObjectFields(target),
    parent: related(target.sourceVolumeId),
    project: related(target.projectId),
    storage_controller: target.storageSystemId,
    varray: related(target.varrayId),
    protocols: list("protocol", []),
    device_label: target.deviceLabel,
    native_id: target.nativeId,
    wwn: target.wwn,
    source_native_id: target.sourceNativeId,
    is_sync_active: target.replicaState === "SYNCHRONIZED",
    replica_state: target.replicaState,
    snapset_label: target.name,
    read_only: false,
    provisioned_capacity_gb: capacity,
    allocated_capacity_gb: capacity,
    technology_type: "NATIVE",
    copy_mode: target.copyMode,
    snapshot_session: related(target.sessionId),
    link_state: node({
      state: target.linkState.state,
      native_state: target.linkState.nativeState,
      defined: target.linkState.defined,
      percent_copied: target.linkState.percentCopied,
    }),
  });
}

/** `snapshots`: `{"snapshot":[{id,name,link}]}`, the linked targets of a volume; always a list. */
export function snapshotListRepresentation(targets: readonly LinkedTargetView[]): Representation {
  return representation("snapshots", { snapshot: repeated(targets.map((t) => namedRelated(t.id, t.name))) });
}
