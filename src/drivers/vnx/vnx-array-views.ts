import type { SimDevice, SimLink, SimSnapshot } from "../simulation/array-state-store.js";
import type { VnxLun, VnxSnapshot } from "./vnx-array-client.js";

/** A LUN as the array shows it: an SMP names its primary LUN and the snapshot attached to it. */
export function lunView(lun: SimDevice, attachment: SimLink | null): VnxLun {
  const smp = lun.kind === "snapshot-mount-point";
  return {
    lunId: lun.nativeId,
    name: lun.label,
    wwn: lun.wwn,
    poolId: lun.poolNativeId,
    capacityBytes: lun.capacityBytes,
    type: smp ? "snap" : "normal",
    state: "Ready",
    primaryLunId: smp ? lun.parentNativeId : null,
    attachedSnapshotId: attachment ? String(attachment.snapId) : null,
  };
}

/** A snapshot as the array shows it. */
export function snapshotView(snapshot: SimSnapshot): VnxSnapshot {
  const { snapId, name, sourceNativeId: primaryLunId, createdAt: creationTime } = snapshot;
  return { snapshotId: String(snapId), name, primaryLunId, state: "Ready", creationTime };
}
