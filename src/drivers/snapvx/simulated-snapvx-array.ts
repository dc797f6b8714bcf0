import type { StorageSystemRecord } from "../../application/ports/storage-catalog.js";
import type {
  ArrayStateStore,
  ArrayStateTransaction,
  SimDevice,
  SimLink,
  SimSnapshot,
  SimStalls,
} from "../simulation/array-state-store.js";
import { createDeviceOnce, MAX_ARRAY_NAME_LENGTH } from "../simulation/devices.js";
import { type FaultPlan, StoredFaultPlan } from "../simulation/fault-plan.js";
import { linkProgress, restoreProgress, TRACK_BYTES, tracksOf } from "../simulation/link-progress.js";
import type { SimulatedFamily } from "../simulation/simulated-family.js";
import type { SimulationClock } from "../simulation/simulation-clock.js";
import { VolumeContent } from "../simulation/volume-content.js";
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
 * with the real array's limits, states and error texts; link and restore progress comes from
 * the clock, device content from the data plane. `copy` faults of the plan fail the start of a
 * copy pass (a copy-mode link); stalls freeze the passes.
 */
export class SimulatedSnapVxArray implements SnapVxArrayClient {
  constructor(
    private readonly store: ArrayStateStore,
    private readonly clock: SimulationClock,
    private readonly faults: FaultPlan = new StoredFaultPlan(store),
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
      if (existing) return this.snapVxSnapshot(existing, snapshots);
      if (snapshots.length >= SNAPVX_MAX_SNAPSHOTS_PER_SOURCE) {
        throw new SymmetrixError("sessions-exceeded", SYMMETRIX_MESSAGES.sessionsExceeded);
      }
      const snapshot: SimSnapshot = {
        snapId: await tx.nextNumber("snapshot"),
        sourceNativeId: sourceDeviceId,
        name: snapshotName,
        idempotencyKey: request.idempotencyKey,
        createdAt: this.clock.now(),
        restore: null,
      };
      await tx.insertSnapshot(snapshot);
      return this.snapVxSnapshot(snapshot, [...snapshots, snapshot]);
    });
  }

  terminate(system: StorageSystemRecord, ref: SnapshotRef): Promise<void> {
    return this.store.transaction(system.nativeId, async (tx) => {
      await tx.lockDevices([ref.sourceDeviceId]);
      const snapshot = await this.snapshotOf(tx, ref);
      if ((await tx.linksOfSnapshot(ref.snapId)).length > 0) {
        throw new SymmetrixError("snapshot-has-links", SYMMETRIX_MESSAGES.snapshotHasLinks);
      }
      if (snapshot.restore) throw new SymmetrixError("snapshot-restoring", SYMMETRIX_MESSAGES.snapshotRestoring);
      await new VolumeContent(tx).forgetSnapshot(snapshot.snapId, snapshot.sourceNativeId);
      await tx.deleteSnapshot(ref.snapId);
    });
  }

  async link(
    system: StorageSystemRecord,
    ref: SnapshotRef,
    request: { targetDeviceId: string; copy: boolean },
  ): Promise<void> {
    const { targetDeviceId, copy } = request;
    if (copy) await this.faults.check(system.nativeId, "copy");
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
      if (targetDeviceId === ref.sourceDeviceId) {
        throw new SymmetrixError("already-copy-target", SYMMETRIX_MESSAGES.alreadyCopyTarget);
      }
      // A source is restored from its linked target by linking it to a snapshot of that target;
      // a device being restored from one of its own snapshots cannot be linked meanwhile.
      if ((await tx.snapshotsOfSource(targetDeviceId)).some((s) => s.restore !== null)) {
        throw new SymmetrixError("restore-session-exists", SYMMETRIX_MESSAGES.restoreSessionExists(targetDeviceId));
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
      const timing = await this.clock.timing(tx);
      const now = this.clock.now();
      const tracks = tracksOf(source.capacityBytes);
      await new VolumeContent(tx).presentImage({
        snapId: ref.snapId,
        sourceNativeId: ref.sourceDeviceId,
        targetNativeId: targetDeviceId,
      });
      await tx.insertLink({
        targetNativeId: targetDeviceId,
        snapId: ref.snapId,
        sourceNativeId: ref.sourceDeviceId,
        copyMode: copy ? "copy" : "nocopy",
        startedAt: now,
        tracks,
        copyTracks: tracks,
        defineDurationMs: timing.defineDurationMs(source.capacityBytes),
        copyStartedAt: copy ? now : null,
        copyDurationMs: copy ? timing.copyDurationMs(source.capacityBytes) : 0,
        copyDestinationNativeId: null,
      });
    });
  }

  /**
   * The target stays as a device of its own: a copied copy-mode target with the whole image, a
   * nocopy target with its own writes only, a copy stopped by force with the tracks it reached.
   */
  unlink(
    system: StorageSystemRecord,
    ref: SnapshotRef,
    request: { targetDeviceId: string; symforce: boolean },
  ): Promise<void> {
    return this.store.transaction(system.nativeId, async (tx) => {
      const target = (await tx.lockDevices([ref.sourceDeviceId, request.targetDeviceId])).get(request.targetDeviceId);
      const link = await tx.linkOfTarget(request.targetDeviceId);
      if (!target || !link || link.snapId !== ref.snapId) {
        throw new SymmetrixError("already-in-desired-state", SYMMETRIX_MESSAGES.alreadyInDesiredState);
      }
      const progress = linkProgress(link, this.clock.now(), await tx.stalls());
      const copy = link.copyMode === "copy";
      const settled = copy ? progress.copied : progress.defined;
      if (!settled && !request.symforce) {
        throw new SymmetrixError("unlink-needs-force", SYMMETRIX_MESSAGES.unlinkNeedsForce);
      }
      await new VolumeContent(tx).unlink(target, link, progress);
    });
  }

  linkState(system: StorageSystemRecord, targetDeviceId: string): Promise<SnapVxLink | null> {
    return this.store.transaction(system.nativeId, async (tx) => {
      const link = await tx.linkOfTarget(targetDeviceId);
      if (!link) return null;
      const snapshot = await tx.snapshot(link.snapId);
      return this.snapVxLink(link, snapshot?.name ?? "", await tx.stalls());
    });
  }

  /**
   * Moves (or refreshes) the link: the target's own writes are dropped, a nocopy link is defined
   * again, a copy link copies the tracks that differ between the two images and those the target
   * was written at, plus any it had not copied yet.
   */
  relink(
    system: StorageSystemRecord,
    from: SnapshotRef,
    to: SnapshotRef,
    request: { targetDeviceId: string },
  ): Promise<void> {
    const { targetDeviceId } = request;
    return this.store.transaction(system.nativeId, async (tx) => {
      await tx.lockDevices([from.sourceDeviceId, to.sourceDeviceId, targetDeviceId]);
      const link = await tx.linkOfTarget(targetDeviceId);
      if (!link || link.snapId !== from.snapId) {
        throw new SymmetrixError("not-linked", SYMMETRIX_MESSAGES.notLinked(targetDeviceId, from.snapshotName));
      }
      const destination = await this.snapshotOf(tx, to);
      if (destination.sourceNativeId !== link.sourceNativeId) {
        throw new SymmetrixError("relink-other-source", SYMMETRIX_MESSAGES.relinkOtherSource);
      }
      const source = await this.lockedDevice(tx, link.sourceNativeId);
      const timing = await this.clock.timing(tx);
      const now = this.clock.now();
      const copy = link.copyMode === "copy";
      const copiedTracks = copy ? linkProgress(link, now, await tx.stalls()).copiedTracks : link.tracks;
      const copyTracks = await new VolumeContent(tx).relinkDifference(link, to.snapId, copiedTracks);
      await tx.updateLink({
        ...link,
        snapId: to.snapId,
        startedAt: now,
        defineDurationMs: timing.defineDurationMs(source.capacityBytes),
        copyTracks,
        copyStartedAt: copy ? now : null,
        copyDurationMs: copy ? timing.copyDurationMs(Math.min(copyTracks * TRACK_BYTES, source.capacityBytes)) : 0,
      });
    });
  }

  /**
   * The source reads the image at once; the restore pass copies the tracks written since the
   * snapshot. Refused while a copy link of the snapshot, or one onto the source itself (the
   * source being restored from its linked target), is not fully copied.
   */
  restore(system: StorageSystemRecord, ref: SnapshotRef): Promise<void> {
    return this.store.transaction(system.nativeId, async (tx) => {
      const source = await this.lockedDevice(tx, ref.sourceDeviceId);
      const snapshot = await this.snapshotOf(tx, ref);
      const now = this.clock.now();
      const stalls = await tx.stalls();
      const ontoSource = await tx.linkOfTarget(source.nativeId);
      for (const link of [...(await tx.linksOfSnapshot(snapshot.snapId)), ...(ontoSource ? [ontoSource] : [])]) {
        if (link.copyMode === "copy" && !linkProgress(link, now, stalls).copied) {
          throw new SymmetrixError("link-not-fully-copied", SYMMETRIX_MESSAGES.linkNotFullyCopied);
        }
      }
      const restoring = (await tx.snapshotsOfSource(source.nativeId)).find((s) => s.restore !== null);
      if (restoring) {
        if (restoring.snapId === snapshot.snapId) return;
        throw new SymmetrixError("restore-session-exists", SYMMETRIX_MESSAGES.restoreSessionExists(source.nativeId));
      }
      const timing = await this.clock.timing(tx);
      const tracks = await new VolumeContent(tx).restore(snapshot);
      const bytes = Math.min(tracks * TRACK_BYTES, source.capacityBytes);
      await tx.updateSnapshot({
        ...snapshot,
        restore: { startedAt: now, durationMs: timing.copyDurationMs(bytes), tracks },
      });
    });
  }

  terminateRestore(system: StorageSystemRecord, ref: SnapshotRef): Promise<void> {
    return this.store.transaction(system.nativeId, async (tx) => {
      await this.lockedDevice(tx, ref.sourceDeviceId);
      const snapshot = await this.snapshotOf(tx, ref);
      if (!snapshot.restore) {
        throw new SymmetrixError("no-restore-session", SYMMETRIX_MESSAGES.noRestoreSession(ref.snapshotName));
      }
      if (!restoreProgress(snapshot.restore, this.clock.now(), await tx.stalls()).restored) {
        throw new SymmetrixError("restore-in-progress", SYMMETRIX_MESSAGES.restoreInProgress, true);
      }
      await tx.updateSnapshot({ ...snapshot, restore: null });
    });
  }

  snapshot(system: StorageSystemRecord, ref: SnapshotRef): Promise<SnapVxSnapshot | null> {
    return this.store.transaction(system.nativeId, async (tx) => {
      const snapshot = await tx.snapshot(ref.snapId);
      if (!snapshot || snapshot.sourceNativeId !== ref.sourceDeviceId || snapshot.name !== ref.snapshotName)
        return null;
      return this.snapVxSnapshot(snapshot, await tx.snapshotsOfSource(snapshot.sourceNativeId), await tx.stalls());
    });
  }

  device(system: StorageSystemRecord, deviceId: string): Promise<SymDevice | null> {
    return this.store.transaction(system.nativeId, async (tx) => {
      const device = await tx.device(deviceId);
      return device ? symDevice(device) : null;
    });
  }

  snapshotsOf(system: StorageSystemRecord, sourceDeviceId: string): Promise<SnapVxSnapshot[]> {
    return this.store.transaction(system.nativeId, async (tx) => {
      await this.existingDevice(tx, sourceDeviceId);
      const snapshots = await tx.snapshotsOfSource(sourceDeviceId);
      const stalls = await tx.stalls();
      return snapshots.map((snapshot) => this.snapVxSnapshot(snapshot, snapshots, stalls));
    });
  }

  linksOf(system: StorageSystemRecord, sourceDeviceId: string): Promise<SnapVxLink[]> {
    return this.store.transaction(system.nativeId, async (tx) => {
      await this.existingDevice(tx, sourceDeviceId);
      const stalls = await tx.stalls();
      const links: SnapVxLink[] = [];
      for (const snapshot of await tx.snapshotsOfSource(sourceDeviceId)) {
        for (const link of await tx.linksOfSnapshot(snapshot.snapId)) {
          links.push(this.snapVxLink(link, snapshot.name, stalls));
        }
      }
      return links;
    });
  }

  private snapVxLink(link: SimLink, snapshotName: string, stalls: SimStalls): SnapVxLink {
    const progress = linkProgress(link, this.clock.now(), stalls);
    const copy = link.copyMode === "copy";
    return {
      sourceDeviceId: link.sourceNativeId,
      snapshotName,
      snapId: link.snapId,
      targetDeviceId: link.targetNativeId,
      copy,
      state: copy ? (progress.copied ? "Copied" : "CopyInProg") : "Linked",
      defined: progress.defined,
      tracks: link.tracks,
      copiedTracks: progress.copiedTracks,
      percentCopied: progress.percentCopied,
    };
  }

  /** Generation: how many snapshots of the same name on the source are newer. */
  private snapVxSnapshot(
    snapshot: SimSnapshot,
    snapshotsOfSource: readonly SimSnapshot[],
    stalls?: SimStalls,
  ): SnapVxSnapshot {
    const generation = snapshotsOfSource.filter((s) => s.name === snapshot.name && s.snapId > snapshot.snapId).length;
    const restore = snapshot.restore ? restoreProgress(snapshot.restore, this.clock.now(), stalls) : null;
    return {
      sourceDeviceId: snapshot.sourceNativeId,
      snapshotName: snapshot.name,
      snapId: snapshot.snapId,
      generation,
      timestamp: snapshot.createdAt,
      state: restore === null ? "Established" : restore.restored ? "Restored" : "RestoreInProg",
      percentRestored: restore?.percentRestored ?? 0,
    };
  }

  private async existingDevice(tx: ArrayStateTransaction, deviceId: string): Promise<SimDevice> {
    const device = await tx.device(deviceId);
    if (!device) throw new SymmetrixError("device-not-found", SYMMETRIX_MESSAGES.deviceNotFound(deviceId));
    return device;
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

/** The SnapVX array's words, for its own view. */
export const SNAPVX_FAMILY: SimulatedFamily = {
  systemType: "vmax",
  deviceType: () => "TDEV",
  linkState: (link, progress) => (link.copyMode === "nocopy" ? "Linked" : progress.copied ? "Copied" : "CopyInProg"),
  snapshotState: (_snapshot, restore) =>
    restore === null ? "Established" : restore.restored ? "Restored" : "RestoreInProg",
};
