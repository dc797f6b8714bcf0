import type { CopyMode } from "../../domain/snapshots/copy-mode.js";
import type { LinkState } from "../../domain/snapshots/link-state.js";
import type { StorageSystemRecord } from "./storage-catalog.js";

/**
 * What an array family can do and how far it goes, for a system of given settings: everything
 * in which families differ, as the API checks it up front and docs/support-matrix.md shows it.
 */
export interface DriverCapabilities {
  /** The family's name in messages: its `system_type`. */
  readonly family: string;
  /** Linked targets per source volume, summed over all its snapshots. */
  readonly maxLinkedTargetsPerSource: number;
  /** Snapshots per source volume. */
  readonly maxSnapshotsPerSource: number;
  /** Links in `copy` mode; without, a copy-mode link is refused up front with 405/1007. */
  readonly supportsCopyMode: boolean;
  /**
   * Null when the array takes snapshot-session operations; otherwise the family's name in the
   * real controller's refusal of every one of them, 405/1007 `Operation not supported for {0}.`
   * (for a family configured to behave as CoprHD 3.6 does).
   */
  readonly snapshotSessionsRefusedFor: string | null;
  /** A copy-mode target can be relinked; without, its relink is refused up front with 405/1007. */
  readonly relinksCopyLinks: boolean;
  /**
   * A copy-mode target can restore its source (`POST /block/snapshots/{id}/restore`); without,
   * that restore is refused up front with 405/1007.
   */
  readonly restoresFromCopyTargets: boolean;
  /**
   * How the real controller reads a linked target whose link has not completed when asked to
   * restore from it: as a snapshot without its settings instance (`settings-instance`), or as
   * one not yet activated (`activation`); both 400/1013, worded differently.
   */
  readonly unlinkedTargetRestoreRefusal: "settings-instance" | "activation";
  /**
   * The array keeps groups of volumes consistent (a replication group): volumes of a virtual
   * pool with `multi_volume_consistency` are placed only on such arrays, as the real
   * controller's pool matching does.
   */
  readonly supportsConsistencyGroups: boolean;
  /**
   * The array takes the snapshots of several of its devices at one instant
   * ({@link ArrayDriver.establishSnapshotsAtOneInstant}); without, a group session is refused up
   * front with 405/1007.
   */
  readonly establishesSnapshotsAtOneInstant: boolean;
  /** Which of the array's jobs take time on a timed clock (else they are done when the call returns). */
  readonly takesTime: {
    /** The define pass of a nocopy link: the link is `linked` but not `defined` for a while. */
    readonly define: boolean;
    /** The copy of a copy-mode link (and of a relink's differing tracks). */
    readonly copy: boolean;
    /** A restore, which then has a session to finish. */
    readonly restore: boolean;
  };
}

/** A device the array created for the controller. */
export interface ProvisionedDevice {
  readonly nativeId: string;
  readonly wwn: string;
  readonly deviceLabel: string;
}

export interface ProvisionVolumeRequest {
  readonly poolNativeId: string;
  /** The controller's name; the array shortens and sanitizes it to its own rules. */
  readonly name: string;
  readonly capacityBytes: number;
  /**
   * The controller's URN of the volume or target. A repeated call with the same key returns
   * the device the first call created instead of creating a second one.
   */
  readonly idempotencyKey: string;
}

export interface ProvisionTargetRequest extends ProvisionVolumeRequest {
  /** The source volume's device: the target is created thin and like it. */
  readonly sourceNativeId: string;
}

export interface EstablishSnapshotRequest {
  readonly sourceNativeId: string;
  readonly name: string;
  readonly idempotencyKey: string;
}

export interface EstablishedSnapshot {
  readonly nativeId: string;
  readonly deviceLabel: string;
}

export interface LinkRequest {
  readonly snapshotNativeId: string;
  readonly targetNativeId: string;
  readonly copyMode: CopyMode;
}

export interface LinkRef {
  readonly snapshotNativeId: string;
  readonly targetNativeId: string;
}

/** Moves a linked target from one snapshot to another of the same source (or refreshes it: same snapshot). */
export interface RelinkRequest {
  readonly fromSnapshotNativeId: string;
  readonly toSnapshotNativeId: string;
  readonly targetNativeId: string;
}

/** Where a restore of a snapshot onto its source stands. */
export interface RestoreState {
  /** `restoring` while the array copies the image back; `restored` once every track is back. */
  readonly state: "restoring" | "restored";
  /** The array's own word (`RestoreInProg`, `Restored`, `Ready`…). */
  readonly nativeState: string;
  /** Whole percent of the differing tracks copied back; 100 once restored. */
  readonly percentRestored: number;
}

/** A linked target, and the snapshot it is linked to, whose source a restore from the target writes. */
export interface TargetRestoreRef {
  readonly snapshotNativeId: string;
  readonly targetNativeId: string;
}

/**
 * One item's outcome in a batch call: what the array did for it, or the error it met alone
 * (an {@link ArrayOperationError} for a refusal). An error that stops the whole call (the array
 * unreachable) is thrown instead, and then nothing of the batch is assumed done.
 */
export type BatchOutcome<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly error: unknown };

/**
 * The controller's view of one array family. Every method is idempotent: repeating a call
 * that already took effect succeeds and changes nothing (the array's "already in the desired
 * state" answers are success here). Methods raise {@link ArrayOperationError} for refusals
 * and failures of the array, with `retryable` telling whether trying again may help.
 */
export interface ArrayDriver {
  /** The `system_type` this driver serves. */
  readonly systemType: string;

  capabilities(system: StorageSystemRecord): DriverCapabilities;

  provisionVolume(system: StorageSystemRecord, request: ProvisionVolumeRequest): Promise<ProvisionedDevice>;

  /** Deletes a device; a device that no longer exists is success. */
  deleteVolume(system: StorageSystemRecord, nativeId: string): Promise<void>;

  /**
   * Puts the devices in the array's replication group of that name (a storage group, a
   * consistency group), made if absent: how a consistency group's volumes are kept consistent on
   * the array. Idempotent: a device already in it stays, once. A device deleted leaves its group.
   * Refused (not retryable) for a device in another group, and by families that take no group
   * snapshots (`establishesSnapshotsAtOneInstant` false), which are never asked.
   */
  addToReplicationGroup(system: StorageSystemRecord, groupName: string, nativeIds: readonly string[]): Promise<void>;

  establishSnapshot(system: StorageSystemRecord, request: EstablishSnapshotRequest): Promise<EstablishedSnapshot>;

  /**
   * The snapshots of several source devices of the array taken at one instant (a consistency
   * group's): data written to any of them after the call is in none of the images, none written
   * before is missing. One snapshot per request, in order. All or nothing: the array takes them
   * in one operation, so a refusal of any (a device missing, a limit reached) takes none, and the
   * call raises it; answering per request would leave a partial group that is no longer one
   * instant. Idempotent per key as {@link establishSnapshot} is: a repeated call finds the
   * snapshots taken with those keys. Refused (not retryable) by families that do not declare
   * `establishesSnapshotsAtOneInstant`.
   */
  establishSnapshotsAtOneInstant(
    system: StorageSystemRecord,
    requests: readonly EstablishSnapshotRequest[],
  ): Promise<EstablishedSnapshot[]>;

  /** Refused while the snapshot still has links. A snapshot that no longer exists is success. */
  terminateSnapshot(system: StorageSystemRecord, snapshotNativeId: string): Promise<void>;

  /** Creates a thin target device like the source, for linking. */
  provisionTarget(system: StorageSystemRecord, request: ProvisionTargetRequest): Promise<ProvisionedDevice>;

  /** Links the target to the snapshot in the given mode; returns the link's state right after. */
  linkTarget(system: StorageSystemRecord, request: LinkRequest): Promise<LinkState>;

  /** The link's current state; copy progress is derived from the array's clock. */
  linkStatus(system: StorageSystemRecord, link: LinkRef): Promise<LinkState>;

  /**
   * {@link provisionTarget} for many targets in as few array operations as the family allows;
   * one outcome per request, in order. Each request is idempotent by its key as alone.
   */
  provisionTargets(
    system: StorageSystemRecord,
    requests: readonly ProvisionTargetRequest[],
  ): Promise<BatchOutcome<ProvisionedDevice>[]>;

  /**
   * {@link linkTarget} for many targets (an array may link a storage group of them in one
   * operation, or attach many mount points in one call); one outcome per request, in order. A target the
   * array refuses fails alone; the others are linked.
   */
  linkTargets(system: StorageSystemRecord, requests: readonly LinkRequest[]): Promise<BatchOutcome<LinkState>[]>;

  /** {@link linkStatus} for many links at once; one outcome per link, in order. */
  linkStatuses(system: StorageSystemRecord, links: readonly LinkRef[]): Promise<BatchOutcome<LinkState>[]>;

  /**
   * Removes the link. Refused (not retryable) while a nocopy link is not yet defined or a
   * copy link is not yet copied, unless `force`. A link that no longer exists is success.
   *
   * The target stays on the array as an independent device: after a copy link that reached
   * `copied` it holds the full point-in-time image (and survives the snapshot's termination and
   * later writes to the source); after a nocopy link it keeps only what was written to the target
   * itself, the rest reads as zeros, and it is not a full copy; after a forced unlink mid-copy it
   * is incomplete and unusable. Unlink with delete is `unlinkTarget` then `deleteVolume`.
   */
  unlinkTarget(system: StorageSystemRecord, link: LinkRef, options?: { force?: boolean }): Promise<void>;

  /**
   * Moves the target's link from `fromSnapshotNativeId` to `toSnapshotNativeId`, a snapshot of
   * the same source (another source is refused, not retryable), keeping the link's copy mode;
   * the target's own writes are discarded and it presents the new image. Relinking to the same
   * snapshot refreshes the target to that image. A copy link copies only the tracks that differ,
   * so it may come back `copying` and reach `copied` later; a nocopy link goes through its define
   * pass again. Families without a native relink detach and attach, which a copy link that is a
   * LUN of its own cannot do: refused, not retryable (`relinksCopyLinks` false).
   *
   * Idempotent: a target already linked to `toSnapshotNativeId` (and not to `from`) is success and
   * returns its state. A target not linked to either snapshot is refused, not retryable.
   */
  relinkTarget(system: StorageSystemRecord, request: RelinkRequest): Promise<LinkState>;

  /**
   * Starts restoring the snapshot's point-in-time image onto its source; the source reads the
   * image at once, the array copies it back in the background (`restoring` → `restored`).
   * Refused, not retryable, while a copy link of the snapshot is not fully copied (`Link must be
   * fully copied for this operation to proceed`) or while another snapshot of the same source
   * has a restore session. Idempotent: a snapshot already restoring or restored returns its state.
   */
  restoreSnapshot(system: StorageSystemRecord, snapshotNativeId: string): Promise<RestoreState>;

  /**
   * The restore's current state, derived from the array's clock. No restore session: refused,
   * not retryable — except on families whose restore completes at once and has no session
   * (`takesTime.restore` false),
   * which answer `restored` for as long as the snapshot exists.
   */
  restoreStatus(system: StorageSystemRecord, snapshotNativeId: string): Promise<RestoreState>;

  /**
   * Ends the restore (terminates the restore session, the snapshot back to its plain state). Refused,
   * retryable, while the restore is still in progress. Idempotent: no restore session (already
   * finished, or a family that has none) is success.
   */
  finishRestore(system: StorageSystemRecord, snapshotNativeId: string): Promise<void>;

  /**
   * Starts restoring the snapshot's source from the linked target's current image (what the
   * target reads now: the snapshot's image and what was written to the target): the source reads
   * it at once, the array copies it in the background (`restoring` → `restored`), each family its
   * own way (docs/arrays.md: as the real controller does it, through a snapshot of the target
   * linked to the source; or from the snapshot attached to an SMP, at once). Refused, not retryable,
   * while a copy link of the target is not fully copied (`Link must be fully copied for this
   * operation to proceed`), when the target is not linked to that snapshot, while the source has
   * another restore, and by families that cannot (`restoresFromCopyTargets` false, for a copy target).
   * Idempotent: a restore from that target already running or done returns its state.
   */
  restoreFromTarget(system: StorageSystemRecord, ref: TargetRestoreRef): Promise<RestoreState>;

  /**
   * The state of the restore from the target, derived from the array's clock. None: refused, not
   * retryable — except on families whose restore completes at once, which answer `restored`
   * while the target is linked to the snapshot.
   */
  restoreFromTargetStatus(system: StorageSystemRecord, ref: TargetRestoreRef): Promise<RestoreState>;

  /**
   * Ends the restore from the target. Refused, retryable, while it is still in progress.
   * Idempotent: none (already finished, or a family that has none) is success.
   */
  finishRestoreFromTarget(system: StorageSystemRecord, ref: TargetRestoreRef): Promise<void>;
}

/** Multi-bound: one binding per array family, looked up by `system_type`. */
export const ARRAY_DRIVER = Symbol("ArrayDriver");
