import type { StorageSystemRecord } from "../../application/ports/storage-catalog.js";
import type {
  ArrayStateStore,
  ArrayStateTransaction,
  SimDevice,
  SimSnapshot,
} from "../simulation/array-state-store.js";
import { createDeviceOnce, MAX_ARRAY_NAME_LENGTH } from "../simulation/devices.js";
import { linkProgress, TRACK_BYTES, tracksOf } from "../simulation/link-progress.js";
import type { SimulationClock } from "../simulation/simulation-clock.js";
import {
  type CreateDeviceSpec,
  type SnapshotRef,
  type SnapVxArrayClient,
  type SnapVxLink,
  type SnapVxSnapshot,
  SYMMETRIX_MESSAGES,
  type SymDevice,
  SymmetrixError,
} from "./snapvx-array-client.js";

export const SNAPVX_MAX_SNAPSHOTS_PER_SOURCE = 256;
export const SNAPVX_MAX_LINKS_PER_SOURCE = 1024;
const TRACKS_PER_CYLINDER = 15;
const FIRST_DEVICE_NUMBER = 0x100;

/** ⌈bytes / 1.875 MiB⌉. */
export function cylindersOf(bytes: number): number {
  return Math.ceil(bytes / (TRACKS_PER_CYLINDER * TRACK_BYTES));
}

/** `60000970` + the 12-digit serial + `53` + the device number in ASCII hex. */
export function symmetrixWwn(serial: string, deviceId: string): string {
  const serialDigits = serial.replace(/\D/g, "").slice(-12).padStart(12, "0");
  const ascii = [...deviceId].map((c) => (c.codePointAt(0) ?? 0).toString(16).padStart(2, "0")).join("");
  return `60000970${serialDigits}53${ascii}`.toUpperCase();
}

/**
 * A simulated VMAX3 / PowerMax: devices, SnapVX snapshots and links kept in the state store,
 * with the real array's limits, states and error texts; link progress comes from the clock.
 */
export class SimulatedSnapVxArray implements SnapVxArrayClient {
  constructor(
    private readonly store: ArrayStateStore,
    private readonly clock: SimulationClock,
  ) {}

  createDevice(system: StorageSystemRecord, spec: CreateDeviceSpec): Promise<SymDevice> {
    return this.store.transaction(system.nativeId, async (tx) => {
      const device = await createDeviceOnce(tx, spec.idempotencyKey, (n) => {
        const deviceId = (FIRST_DEVICE_NUMBER + n - 1).toString(16).toUpperCase().padStart(5, "0");
        return {
          nativeId: deviceId,
          wwn: symmetrixWwn(system.nativeId, deviceId),
          label: spec.identifier.slice(0, MAX_ARRAY_NAME_LENGTH),
          poolNativeId: spec.srpId,
          capacityBytes: spec.capacityBytes,
          kind: "volume",
          parentNativeId: null,
          createdAt: this.clock.now(),
        };
      });
      return symDevice(device);
    });
  }

  deleteDevice(system: StorageSystemRecord, deviceId: string): Promise<void> {
    return this.store.transaction(system.nativeId, async (tx) => {
      const device = (await tx.lockDevices([deviceId])).get(deviceId);
      if (!device) throw new SymmetrixError("device-not-found", SYMMETRIX_MESSAGES.deviceNotFound(deviceId));
      const inSession =
        (await tx.linkOfTarget(deviceId)) !== null ||
        (await tx.countLinksOfSource(deviceId)) > 0 ||
        (await tx.snapshotsOfSource(deviceId)).length > 0;
      if (inSession) throw new SymmetrixError("device-in-session", SYMMETRIX_MESSAGES.deviceInSession(deviceId));
      await tx.deleteDevice(deviceId);
    });
  }

  establish(
    system: StorageSystemRecord,
    request: { sourceDeviceId: string; snapshotName: string; idempotencyKey: string },
  ): Promise<SnapVxSnapshot> {
    const { sourceDeviceId, snapshotName } = request;
    return this.store.transaction(system.nativeId, async (tx) => {
      if (snapshotName.length > MAX_ARRAY_NAME_LENGTH) {
        throw new SymmetrixError("name-too-long", SYMMETRIX_MESSAGES.nameTooLong(snapshotName));
      }
      await this.lockedDevice(tx, sourceDeviceId);
      const existing = await tx.snapshotByIdempotencyKey(request.idempotencyKey);
      const snapshots = await tx.snapshotsOfSource(sourceDeviceId);
      if (existing) return snapVxSnapshot(existing, snapshots);
      if (snapshots.length >= SNAPVX_MAX_SNAPSHOTS_PER_SOURCE) {
        throw new SymmetrixError("sessions-exceeded", SYMMETRIX_MESSAGES.sessionsExceeded);
      }
      const snapshot: SimSnapshot = {
        snapId: await tx.nextNumber("snapshot"),
        sourceNativeId: sourceDeviceId,
        name: snapshotName,
        idempotencyKey: request.idempotencyKey,
        createdAt: this.clock.now(),
      };
      await tx.insertSnapshot(snapshot);
      return snapVxSnapshot(snapshot, [...snapshots, snapshot]);
    });
  }

  terminate(system: StorageSystemRecord, ref: SnapshotRef): Promise<void> {
    return this.store.transaction(system.nativeId, async (tx) => {
      await tx.lockDevices([ref.sourceDeviceId]);
      await this.snapshotOf(tx, ref);
      if ((await tx.linksOfSnapshot(ref.snapId)).length > 0) {
        throw new SymmetrixError("snapshot-has-links", SYMMETRIX_MESSAGES.snapshotHasLinks);
      }
      await tx.deleteSnapshot(ref.snapId);
    });
  }

  link(
    system: StorageSystemRecord,
    ref: SnapshotRef,
    request: { targetDeviceId: string; copy: boolean },
  ): Promise<void> {
    const { targetDeviceId, copy } = request;
    return this.store.transaction(system.nativeId, async (tx) => {
      // The source's lock serializes every link to it, so the per-source count below holds.
      const devices = await tx.lockDevices([ref.sourceDeviceId, targetDeviceId]);
      const source = devices.get(ref.sourceDeviceId);
      if (!source) throw new SymmetrixError("device-not-found", SYMMETRIX_MESSAGES.deviceNotFound(ref.sourceDeviceId));
      const target = devices.get(targetDeviceId);
      if (!target) throw new SymmetrixError("device-not-found", SYMMETRIX_MESSAGES.deviceNotFound(targetDeviceId));
      await this.snapshotOf(tx, ref);

      const existing = await tx.linkOfTarget(targetDeviceId);
      if (existing) {
        const same = existing.snapId === ref.snapId && (existing.copyMode === "copy") === copy;
        throw same
          ? new SymmetrixError("already-in-desired-state", SYMMETRIX_MESSAGES.alreadyInDesiredState)
          : new SymmetrixError("already-copy-target", SYMMETRIX_MESSAGES.alreadyCopyTarget);
      }
      const sourceCylinders = cylindersOf(source.capacityBytes);
      const targetCylinders = cylindersOf(target.capacityBytes);
      if (sourceCylinders > targetCylinders) {
        throw new SymmetrixError(
          "target-too-small",
          SYMMETRIX_MESSAGES.targetTooSmall(sourceCylinders, targetCylinders),
        );
      }
      if ((await tx.countLinksOfSource(ref.sourceDeviceId)) >= SNAPVX_MAX_LINKS_PER_SOURCE) {
        throw new SymmetrixError("sessions-exceeded", SYMMETRIX_MESSAGES.sessionsExceeded);
      }
      const now = this.clock.now();
      await tx.insertLink({
        targetNativeId: targetDeviceId,
        snapId: ref.snapId,
        sourceNativeId: ref.sourceDeviceId,
        copyMode: copy ? "copy" : "nocopy",
        startedAt: now,
        tracks: tracksOf(source.capacityBytes),
        defineDurationMs: this.clock.defineDurationMs(source.capacityBytes),
        copyStartedAt: copy ? now : null,
        copyDurationMs: copy ? this.clock.copyDurationMs(source.capacityBytes) : 0,
        copyDestinationNativeId: null,
      });
    });
  }

  unlink(
    system: StorageSystemRecord,
    ref: SnapshotRef,
    request: { targetDeviceId: string; symforce: boolean },
  ): Promise<void> {
    return this.store.transaction(system.nativeId, async (tx) => {
      await tx.lockDevices([ref.sourceDeviceId, request.targetDeviceId]);
      const link = await tx.linkOfTarget(request.targetDeviceId);
      if (!link || link.snapId !== ref.snapId) {
        throw new SymmetrixError("already-in-desired-state", SYMMETRIX_MESSAGES.alreadyInDesiredState);
      }
      const progress = linkProgress(link, this.clock.now());
      const settled = link.copyMode === "copy" ? progress.copied : progress.defined;
      if (!settled && !request.symforce) {
        throw new SymmetrixError("unlink-needs-force", SYMMETRIX_MESSAGES.unlinkNeedsForce);
      }
      await tx.deleteLink(request.targetDeviceId);
    });
  }

  linkState(system: StorageSystemRecord, targetDeviceId: string): Promise<SnapVxLink | null> {
    return this.store.transaction(system.nativeId, async (tx) => {
      const link = await tx.linkOfTarget(targetDeviceId);
      if (!link) return null;
      const snapshot = await tx.snapshot(link.snapId);
      const progress = linkProgress(link, this.clock.now());
      const copy = link.copyMode === "copy";
      return {
        sourceDeviceId: link.sourceNativeId,
        snapshotName: snapshot?.name ?? "",
        snapId: link.snapId,
        targetDeviceId,
        copy,
        state: copy ? (progress.copied ? "Copied" : "CopyInProg") : "Linked",
        defined: progress.defined,
        tracks: link.tracks,
        copiedTracks: progress.copiedTracks,
        percentCopied: progress.percentCopied,
      };
    });
  }

  private async lockedDevice(tx: ArrayStateTransaction, deviceId: string): Promise<SimDevice> {
    const device = (await tx.lockDevices([deviceId])).get(deviceId);
    if (!device) throw new SymmetrixError("device-not-found", SYMMETRIX_MESSAGES.deviceNotFound(deviceId));
    return device;
  }

  private async snapshotOf(tx: ArrayStateTransaction, ref: SnapshotRef): Promise<SimSnapshot> {
    const snapshot = await tx.snapshot(ref.snapId);
    if (!snapshot || snapshot.sourceNativeId !== ref.sourceDeviceId || snapshot.name !== ref.snapshotName) {
      throw new SymmetrixError(
        "snapshot-not-found",
        SYMMETRIX_MESSAGES.snapshotNotFound(ref.snapshotName, ref.sourceDeviceId),
      );
    }
    return snapshot;
  }
}

function symDevice(device: SimDevice): SymDevice {
  return {
    deviceId: device.nativeId,
    wwn: device.wwn,
    identifier: device.label,
    capacityBytes: device.capacityBytes,
    cylinders: cylindersOf(device.capacityBytes),
  };
}

/** Generation: how many snapshots of the same name on the source are newer. */
function snapVxSnapshot(snapshot: SimSnapshot, snapshotsOfSource: readonly SimSnapshot[]): SnapVxSnapshot {
  const generation = snapshotsOfSource.filter((s) => s.name === snapshot.name && s.snapId > snapshot.snapId).length;
  return {
    sourceDeviceId: snapshot.sourceNativeId,
    snapshotName: snapshot.name,
    snapId: snapshot.snapId,
    generation,
    timestamp: snapshot.createdAt,
  };
}
