import type { StorageSystemRecord } from "../../application/ports/storage-catalog.js";
import { ArrayRefusal } from "../simulation/array-refusal.js";

/*
 * A VMAX3 / PowerMax array as its management API (Unisphere REST, Solutions Enabler) presents
 * it: devices, SnapVX snapshots addressed by source device + name + snap_id, links. The
 * simulated array implements it (simulated-snapvx-array.ts), and so does the Unisphere for
 * PowerMax REST client (unisphere/unisphere-array-client.ts). The array is addressed by its
 * storage system record (its serial is the record's native id).
 */

/** The array's own words for a link's state. */
export type SnapVxLinkState = "Linked" | "CopyInProg" | "Copied";

/** The array's own words for a snapshot's state (its restore session). */
export type SnapVxSnapshotState = "Established" | "RestoreInProg" | "Restored";

/** A thin device (TDEV). */
export interface SymDevice {
  /** The 5-hex-digit Symmetrix device number, `0012A`. */
  readonly deviceId: string;
  readonly wwn: string;
  /** The device identifier (its name), at most 31 characters. */
  readonly identifier: string;
  readonly capacityBytes: number;
  /** Capacity in cylinders of 15 tracks of 128 KiB (1.875 MiB), rounded up. */
  readonly cylinders: number;
}

export interface CreateDeviceSpec {
  /** The storage resource pool. */
  readonly srpId: string;
  readonly identifier: string;
  readonly capacityBytes: number;
  /** The simulator's addition: creating again with the same key returns the first device. */
  readonly idempotencyKey: string;
}

export interface SnapshotRef {
  readonly sourceDeviceId: string;
  readonly snapshotName: string;
  /** Stable for the snapshot's life, whatever its generation. */
  readonly snapId: number;
}

export interface SnapVxSnapshot extends SnapshotRef {
  /** 0 for the newest snapshot of that name on the source, 1 for the one before, … */
  readonly generation: number;
  /** Epoch milliseconds. */
  readonly timestamp: number;
  readonly state: SnapVxSnapshotState;
  /** Whole percent of the restore's tracks copied back: 0 without a restore session. */
  readonly percentRestored: number;
}

export interface SnapVxLink extends SnapshotRef {
  readonly targetDeviceId: string;
  readonly copy: boolean;
  readonly state: SnapVxLinkState;
  readonly defined: boolean;
  readonly tracks: number;
  readonly copiedTracks: number;
  /** Whole percent of tracks copied (0 for a nocopy link). */
  readonly percentCopied: number;
}

export type SymmetrixErrorReason =
  | "sessions-exceeded"
  | "already-copy-target"
  | "already-in-desired-state"
  | "unlink-needs-force"
  | "target-too-small"
  | "snapshot-has-links"
  | "device-in-session"
  | "device-not-found"
  | "snapshot-not-found"
  | "name-too-long"
  | "link-not-fully-copied"
  | "restore-session-exists"
  | "restore-in-progress"
  | "no-restore-session"
  | "snapshot-restoring"
  | "relink-other-source"
  | "not-linked"
  | "device-in-other-storage-group";

/** The array's error texts. The first five are the real array's (docs/arrays.md, "SnapVX (`vmax`)"), to the letter. */
export const SYMMETRIX_MESSAGES = {
  sessionsExceeded: "The maximum number of sessions has been exceeded for the specified Source device",
  alreadyCopyTarget: "The Target device cannot be manipulated because it is already a Copy session Target device",
  alreadyInDesiredState: "The Device(s) is (are) already in the desired state or mode",
  unlinkNeedsForce: "The unlink cannot be completed in this state unless the Symmetrix force flag is used",
  targetTooSmall: (sourceCylinders: number, targetCylinders: number) =>
    `The number of source cylinders ${sourceCylinders} cannot be greater than the number of target cylinders ${targetCylinders}.`,
  // The simulator's own wording where arrays.md gives none:
  snapshotHasLinks: "The snapshot cannot be terminated because it has one or more linked targets",
  deviceInSession: (deviceId: string) => `Device ${deviceId} cannot be deleted because it is in a SnapVX session`,
  deviceNotFound: (deviceId: string) => `Device ${deviceId} was not found`,
  snapshotNotFound: (name: string, deviceId: string) => `Snapshot ${name} was not found on device ${deviceId}`,
  nameTooLong: (name: string) => `The snapshot name ${name} is longer than 31 characters`,
  /** The real array's refusal of a restore while a copy-mode link of the snapshot is still copying (docs/api/snapshot-sessions.md, "Restore"). */
  linkNotFullyCopied: "Link must be fully copied for this operation to proceed",
  restoreSessionExists: (deviceId: string) =>
    `A restore session already exists for device ${deviceId}; terminate it before another restore`,
  restoreInProgress: "The restore session cannot be terminated while the restore is in progress",
  noRestoreSession: (name: string) => `Snapshot ${name} has no restore session`,
  snapshotRestoring: "The snapshot cannot be terminated while it has a restore session",
  relinkOtherSource: "The relink target snapshot must be a snapshot of the same source device",
  notLinked: (deviceId: string, name: string) => `Device ${deviceId} is not linked to snapshot ${name}`,
  deviceInOtherStorageGroup: (deviceId: string, storageGroup: string) =>
    `Device ${deviceId} is already in the storage group ${storageGroup} of another consistency group`,
} as const;

/** The array refused an operation; `message` is the array's text, `reason` says which refusal. */
export class SymmetrixError extends ArrayRefusal<SymmetrixErrorReason> {
  override readonly name = "SymmetrixError";
}

/** Every method raises {@link SymmetrixError} for the array's refusals. */
export interface SnapVxArrayClient {
  /** Whether {@link establishConsistent} is taken through this client. */
  readonly establishesConsistentSnapshots: boolean;
  createDevice(system: StorageSystemRecord, spec: CreateDeviceSpec): Promise<SymDevice>;
  /** Refused while the device is a source or target of a SnapVX session; unknown device: `device-not-found`. */
  deleteDevice(system: StorageSystemRecord, deviceId: string): Promise<void>;
  /**
   * `symaccess -sg <group> add devs`: the devices into the storage group of a consistency group,
   * made if absent. Devices already in it stay, once; a device in another such group:
   * `device-in-other-storage-group`; unknown device: `device-not-found`.
   */
  addToStorageGroup(
    system: StorageSystemRecord,
    request: { storageGroup: string; deviceIds: readonly string[] },
  ): Promise<void>;
  /**
   * `symsnapvx establish`: a new snapshot of the source; reusing a name adds a generation.
   * With an idempotency key already used, returns that snapshot. At most 256 per source.
   */
  establish(
    system: StorageSystemRecord,
    request: { sourceDeviceId: string; snapshotName: string; idempotencyKey: string },
  ): Promise<SnapVxSnapshot>;
  /**
   * `symsnapvx -sg … establish`: the snapshots of several devices (a storage group's) at one
   * instant, in one operation: a refusal of any takes none. Idempotent per key as `establish` is.
   */
  establishConsistent(
    system: StorageSystemRecord,
    requests: readonly { sourceDeviceId: string; snapshotName: string; idempotencyKey: string }[],
  ): Promise<SnapVxSnapshot[]>;
  /** Refused while the snapshot has links. */
  terminate(system: StorageSystemRecord, snapshot: SnapshotRef): Promise<void>;
  /**
   * Links the target in copy or nocopy mode. A target already linked to that snapshot in that
   * mode: `already-in-desired-state`; linked otherwise: `already-copy-target`. At most 1024
   * links per source over all its snapshots; the target must have at least the source's cylinders.
   * The target may be a source of snapshots itself (they keep their images), but not one being
   * restored from one of them (`restore-session-exists`): that is how a source is restored from
   * its linked target, linked in copy mode to a snapshot of the target.
   */
  link(
    system: StorageSystemRecord,
    snapshot: SnapshotRef,
    request: { targetDeviceId: string; copy: boolean },
  ): Promise<void>;
  /**
   * A target not linked to the snapshot: `already-in-desired-state`. Refused while a nocopy link
   * is not defined or a copy link not copied, unless `symforce`.
   */
  unlink(
    system: StorageSystemRecord,
    snapshot: SnapshotRef,
    request: { targetDeviceId: string; symforce: boolean },
  ): Promise<void>;
  /** The target's link, or null when it has none. */
  linkState(system: StorageSystemRecord, targetDeviceId: string): Promise<SnapVxLink | null>;
  /**
   * `symsnapvx relink`: moves the target's link from one snapshot to another of the same source
   * (`relink-other-source` otherwise), or refreshes it to the same one, keeping the copy mode.
   * A target not linked to `from`: `not-linked`.
   */
  relink(
    system: StorageSystemRecord,
    from: SnapshotRef,
    to: SnapshotRef,
    request: { targetDeviceId: string },
  ): Promise<void>;
  /**
   * `symsnapvx restore`: the snapshot's image back onto its source, in a restore session
   * (`RestoreInProg` → `Restored`). Refused while a copy link of the snapshot, or a copy link onto
   * the source, is not copied (`link-not-fully-copied`), or another snapshot of the source has a
   * restore session.
   */
  restore(system: StorageSystemRecord, snapshot: SnapshotRef): Promise<void>;
  /** `symsnapvx terminate -restored`: back to `Established`. No session: `no-restore-session`. */
  terminateRestore(system: StorageSystemRecord, snapshot: SnapshotRef): Promise<void>;
  /** The snapshot with its generation and restore state; null when there is no such snapshot. */
  snapshot(system: StorageSystemRecord, snapshot: SnapshotRef): Promise<SnapVxSnapshot | null>;
  /** The device, or null when the array has no such device. */
  device(system: StorageSystemRecord, deviceId: string): Promise<SymDevice | null>;
  /** Every snapshot of the source, oldest first; an unknown source: `device-not-found`. */
  snapshotsOf(system: StorageSystemRecord, sourceDeviceId: string): Promise<SnapVxSnapshot[]>;
  /** Every link of every snapshot of the source; an unknown source: `device-not-found`. */
  linksOf(system: StorageSystemRecord, sourceDeviceId: string): Promise<SnapVxLink[]>;
}
