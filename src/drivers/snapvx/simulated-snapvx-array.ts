import type { StorageSystemRecord } from "../../application/ports/storage-catalog.js";
import type {
  ArrayDevices,
  ArraySnapshots,
  ArrayStateStore,
  SimDevice,
  SimLink,
  SimSnapshot,
  SimStalls,
} from "../simulation/array-state-store.js";
import { createDeviceOnce, MAX_ARRAY_NAME_LENGTH } from "../simulation/devices.js";
import { type FaultPlan, StoredFaultPlan } from "../simulation/fault-plan.js";
import { restoreProgress } from "../simulation/link-progress.js";
import { PASSES_AT_PROFILE_RATES, SimulatedArrayKernel } from "../simulation/simulated-array-kernel.js";
import type { SimulatedFamily } from "../simulation/simulated-family.js";
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
import { cylindersOf, symmetrixWwn } from "./symmetrix-device-geometry.js";

export const SNAPVX_MAX_SNAPSHOTS_PER_SOURCE = 256;
export const SNAPVX_MAX_LINKS_PER_SOURCE = 1024;
const FIRST_DEVICE_NUMBER = 0x100;

const deviceNotFound = (deviceId: string) =>
  new SymmetrixError("device-not-found", SYMMETRIX_MESSAGES.deviceNotFound(deviceId));

/**
 * A simulated VMAX3 / PowerMax on the simulated-array kernel: SnapVX snapshots and links with
 * the real array's limits, states, error texts and their order; passes at the clock profile's
 * rates (a define pass, then a copy pass for a copy-mode link). `copy` faults of the plan fail
 * the start of a copy pass (a copy-mode link); stalls freeze the passes.
 */
export class SimulatedSnapVxArray implements SnapVxArrayClient {
  readonly establishesConsistentSnapshots = true;
  private readonly kernel: SimulatedArrayKernel;

  constructor(
    private readonly store: ArrayStateStore,
    private readonly clock: SimulationClock,
    private readonly faults: FaultPlan = new StoredFaultPlan(store),
  ) {
    this.kernel = new SimulatedArrayKernel(clock);
  }

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
      const inSession = () => new SymmetrixError("device-in-session", SYMMETRIX_MESSAGES.deviceInSession(deviceId));
      if (!(await this.kernel.deleteUnusedDevice(tx, deviceId, inSession))) throw deviceNotFound(deviceId);
    });
  }

  addToStorageGroup(
    system: StorageSystemRecord,
    request: { storageGroup: string; deviceIds: readonly string[] },
  ): Promise<void> {
    return this.store.transaction(system.nativeId, (tx) =>
      this.kernel.addToReplicationGroup(tx, request.storageGroup, request.deviceIds, {
        deviceMissing: deviceNotFound,
        inAnotherGroup: (deviceId, group) =>
          new SymmetrixError(
            "device-in-other-storage-group",
            SYMMETRIX_MESSAGES.deviceInOtherStorageGroup(deviceId, group),
          ),
      }),
    );
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
      const { snapshot, ofSource } = await this.kernel.takeSnapshot(
        tx,
        { sourceNativeId: sourceDeviceId, name: snapshotName, idempotencyKey: request.idempotencyKey },
        {
          maxPerSource: SNAPVX_MAX_SNAPSHOTS_PER_SOURCE,
          deviceMissing: deviceNotFound,
          limitReached: () => new SymmetrixError("sessions-exceeded", SYMMETRIX_MESSAGES.sessionsExceeded),
        },
      );
      return this.snapVxSnapshot(snapshot, ofSource ?? (await tx.snapshotsOfSource(sourceDeviceId)));
    });
  }

  establishConsistent(
    system: StorageSystemRecord,
    requests: readonly { sourceDeviceId: string; snapshotName: string; idempotencyKey: string }[],
  ): Promise<SnapVxSnapshot[]> {
    return this.store.transaction(system.nativeId, async (tx) => {
      const tooLong = requests.find((request) => request.snapshotName.length > MAX_ARRAY_NAME_LENGTH);
      if (tooLong) throw new SymmetrixError("name-too-long", SYMMETRIX_MESSAGES.nameTooLong(tooLong.snapshotName));
      const taken = await this.kernel.takeSnapshotsAtOneInstant(
        tx,
        requests.map((r) => ({
          sourceNativeId: r.sourceDeviceId,
          name: r.snapshotName,
          idempotencyKey: r.idempotencyKey,
        })),
        {
          maxPerSource: SNAPVX_MAX_SNAPSHOTS_PER_SOURCE,
          deviceMissing: deviceNotFound,
          limitReached: () => new SymmetrixError("sessions-exceeded", SYMMETRIX_MESSAGES.sessionsExceeded),
        },
      );
      return taken.map(({ snapshot, ofSource }) => this.snapVxSnapshot(snapshot, ofSource));
    });
  }

  terminate(system: StorageSystemRecord, ref: SnapshotRef): Promise<void> {
    return this.store.transaction(system.nativeId, async (tx) => {
      await tx.lockDevices([ref.sourceDeviceId]);
      await this.kernel.removeSnapshot(tx, await this.snapshotOf(tx, ref), {
        linked: () => new SymmetrixError("snapshot-has-links", SYMMETRIX_MESSAGES.snapshotHasLinks),
        restoring: () => new SymmetrixError("snapshot-restoring", SYMMETRIX_MESSAGES.snapshotRestoring),
      });
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
      if (!source) throw deviceNotFound(ref.sourceDeviceId);
      const target = devices.get(targetDeviceId);
      if (!target) throw deviceNotFound(targetDeviceId);
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
      const wanted = { targetNativeId: targetDeviceId, snapId: ref.snapId, sourceNativeId: ref.sourceDeviceId };
      await this.kernel.link(tx, { ...wanted, copyMode: copy ? "copy" : "nocopy" }, source, PASSES_AT_PROFILE_RATES);
    });
  }

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
      await this.kernel.unlink(tx, target, link, {
        force: request.symforce,
        unsettled: () => new SymmetrixError("unlink-needs-force", SYMMETRIX_MESSAGES.unlinkNeedsForce),
      });
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

  /** Moves (or refreshes) the link within the source's snapshots (see the kernel's relink). */
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
      const source = await this.kernel.lockedDevice(tx, link.sourceNativeId, deviceNotFound);
      await this.kernel.relink(tx, link, to.snapId, source, PASSES_AT_PROFILE_RATES);
    });
  }

  /**
   * The source reads the image at once; the restore pass copies the tracks written since the
   * snapshot. Refused while a copy link of the snapshot, or one onto the source itself (the
   * source being restored from its linked target), is not fully copied.
   */
  restore(system: StorageSystemRecord, ref: SnapshotRef): Promise<void> {
    return this.store.transaction(system.nativeId, async (tx) => {
      const source = await this.kernel.lockedDevice(tx, ref.sourceDeviceId, deviceNotFound);
      const snapshot = await this.snapshotOf(tx, ref);
      const ontoSource = await tx.linkOfTarget(source.nativeId);
      const links = [...(await tx.linksOfSnapshot(snapshot.snapId)), ...(ontoSource ? [ontoSource] : [])];
      if (this.kernel.someStillCopying(links, await tx.stalls())) {
        throw new SymmetrixError("link-not-fully-copied", SYMMETRIX_MESSAGES.linkNotFullyCopied);
      }
      const restoring = await this.kernel.restoringSnapshotOf(tx, source.nativeId);
      if (restoring) {
        if (restoring.snapId === snapshot.snapId) return;
        throw new SymmetrixError("restore-session-exists", SYMMETRIX_MESSAGES.restoreSessionExists(source.nativeId));
      }
      await this.kernel.startRestore(tx, snapshot, source, PASSES_AT_PROFILE_RATES);
    });
  }

  terminateRestore(system: StorageSystemRecord, ref: SnapshotRef): Promise<void> {
    return this.store.transaction(system.nativeId, async (tx) => {
      await this.kernel.lockedDevice(tx, ref.sourceDeviceId, deviceNotFound);
      const snapshot = await this.snapshotOf(tx, ref);
      if (!snapshot.restore) {
        throw new SymmetrixError("no-restore-session", SYMMETRIX_MESSAGES.noRestoreSession(ref.snapshotName));
      }
      await this.kernel.endRestore(
        tx,
        snapshot,
        () => new SymmetrixError("restore-in-progress", SYMMETRIX_MESSAGES.restoreInProgress, true),
      );
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
    const progress = this.kernel.progressOf(link, stalls);
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

  private async existingDevice(tx: ArrayDevices, deviceId: string): Promise<SimDevice> {
    const device = await tx.device(deviceId);
    if (!device) throw deviceNotFound(deviceId);
    return device;
  }

  private async snapshotOf(tx: ArraySnapshots, ref: SnapshotRef): Promise<SimSnapshot> {
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
