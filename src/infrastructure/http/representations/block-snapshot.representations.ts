import type { LinkedTargetView } from "../../../application/ports/read-model.js";
import { arraySnapshotLabel } from "../../../domain/snapshots/snapshot-label.js";
import { formatGigabytes } from "../../../domain/storage/capacity.js";
import { dataObjectFields } from "./data-object.js";
import { list, node, type Representation, repeated, representation } from "./document.js";
import { hrefOf, namedRelated, related, selfLink } from "./links.js";

/** What the real controller shows of a target's device until its link has completed. */
const UNPROVISIONED_CAPACITY = formatGigabytes(0);

/**
 * `block_snapshot`: a linked target, `PREPARED` until linked (docs/api/snapshots.md; element
 * order and empty values: docs/api/conventions.md). Until the link completes, the device's
 * fields are empty strings and its capacities `0.00`, as the real controller records them only
 * then. Also carries coprsim's additions `copy_mode`, `link_state` and `snapshot_session`: the
 * session it is linked or being linked to, which the session's `linked_targets` names only once
 * the link completed.
 */
export function blockSnapshotRepresentation(target: LinkedTargetView): Representation {
  const linked = target.replicaState !== "PREPARED";
  const capacity = linked ? formatGigabytes(target.capacityBytes) : UNPROVISIONED_CAPACITY;
  return representation("block_snapshot", {
    ...dataObjectFields(target),
    consistency_group: target.consistencyGroupId === null ? null : related(target.consistencyGroupId),
    device_label: linked ? (target.deviceLabel ?? "") : "",
    native_id: linked ? (target.nativeId ?? "") : "",
    protocols: list("protocol", []),
    replication_group_instance: "",
    storage_controller: target.storageSystemId,
    varray: related(target.varrayId),
    wwn: linked ? target.wwn : null,
    allocated_capacity_gb: capacity,
    parent: related(target.sourceVolumeId),
    project: related(target.projectId),
    provisioned_capacity_gb: capacity,
    read_only: false,
    replica_state: target.replicaState,
    snapset_label: arraySnapshotLabel(target.snapsetLabel),
    source_native_id: target.sourceNativeId,
    is_sync_active: linked,
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

/** `snapshots`: `{"snapshot":[{id,link,name}]}`, the linked targets of a volume; always a list. */
export function snapshotListRepresentation(targets: readonly LinkedTargetView[]): Representation {
  return representation("snapshots", { snapshot: repeated(targets.map((t) => namedRelated(t.id, t.name))) });
}

/** `bulk_block_snapshots`: `{"block_snapshot":[...]}`, each a full representation. */
export function linkedTargetBulkRepresentation(targets: readonly LinkedTargetView[]): Representation {
  return representation("bulk_block_snapshots", {
    block_snapshot: repeated(targets.map((t) => blockSnapshotRepresentation(t).body)),
  });
}

/** `results`: `{"resource":[{id,link,match}]}`, `match` being the linked target's name. */
export function linkedTargetSearchRepresentation(targets: readonly LinkedTargetView[]): Representation {
  return representation("results", {
    resource: repeated(targets.map((t) => node({ id: t.id, link: selfLink(hrefOf(t.id)), match: t.name }))),
  });
}
