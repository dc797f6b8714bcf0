import type { CopyMode } from "../../domain/snapshots/copy-mode.js";
import type { LinkState } from "../../domain/snapshots/link-state.js";
import type { StorageSystemRecord } from "./storage-catalog.js";

/** What an array family can do and how far it goes. */
export interface DriverCapabilities {
  /** The family's name in messages (`vmax`, `vnxblock`, `mock`). */
  readonly family: string;
  /** Linked targets per source volume, summed over all its snapshots (1024 on SnapVX). */
  readonly maxLinkedTargetsPerSource: number;
  /** Snapshots per source volume (256 on SnapVX and VNX). */
  readonly maxSnapshotsPerSource: number;
  readonly supportsCopyMode: boolean;
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

  establishSnapshot(system: StorageSystemRecord, request: EstablishSnapshotRequest): Promise<EstablishedSnapshot>;

  /** Refused while the snapshot still has links. A snapshot that no longer exists is success. */
  terminateSnapshot(system: StorageSystemRecord, snapshotNativeId: string): Promise<void>;

  /** Creates a thin target device like the source, for linking. */
  provisionTarget(system: StorageSystemRecord, request: ProvisionTargetRequest): Promise<ProvisionedDevice>;

  /** Links the target to the snapshot in the given mode; returns the link's state right after. */
  linkTarget(system: StorageSystemRecord, request: LinkRequest): Promise<LinkState>;

  /** The link's current state; copy progress is derived from the array's clock. */
  linkStatus(system: StorageSystemRecord, link: LinkRef): Promise<LinkState>;

  /**
   * Removes the link. Refused (not retryable) while a nocopy link is not yet defined or a
   * copy link is not yet copied, unless `force`. A link that no longer exists is success.
   */
  unlinkTarget(system: StorageSystemRecord, link: LinkRef, options?: { force?: boolean }): Promise<void>;
}

/** Multi-bound: one binding per array family, looked up by `system_type`. */
export const ARRAY_DRIVER = Symbol("ArrayDriver");
