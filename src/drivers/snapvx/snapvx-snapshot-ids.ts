import { ArrayOperationError } from "../../application/ports/array-operation-error.js";
import type { SnapshotRef } from "./snapvx-array-client.js";

/** A SnapVX snapshot's native id for the controller: `<source device>:<snapshot name>:<snap_id>`. */
export function snapshotNativeId(ref: SnapshotRef): string {
  return `${ref.sourceDeviceId}:${ref.snapshotName}:${ref.snapId}`;
}

/** The snapshot a native id names; a malformed id is refused, not retryable. */
export function parseSnapshotNativeId(nativeId: string): SnapshotRef {
  const match = /^([0-9A-F]{5}):([A-Za-z0-9_-]{1,31}):(\d+)$/.exec(nativeId);
  if (!match?.[1] || !match[2] || !match[3]) {
    throw new ArrayOperationError(`${nativeId} is not a SnapVX snapshot id (<device>:<name>:<snap_id>)`, false);
  }
  return { sourceDeviceId: match[1], snapshotName: match[2], snapId: Number(match[3]) };
}
