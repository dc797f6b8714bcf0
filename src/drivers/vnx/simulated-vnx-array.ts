import type { StorageSystemRecord } from "../../application/ports/storage-catalog.js";
import type { ArrayStateStore, ArrayStateTransaction, SimDevice } from "../simulation/array-state-store.js";
import { createDeviceOnce, serialHash } from "../simulation/devices.js";
import { type FaultPlan, StoredFaultPlan } from "../simulation/fault-plan.js";
import { type PassTiming, SimulatedArrayKernel } from "../simulation/simulated-array-kernel.js";
import type { SimulatedFamily } from "../simulation/simulated-family.js";
import type { MigrationRate, SimulationClock } from "../simulation/simulation-clock.js";
import { VolumeContent } from "../simulation/volume-content.js";
import {
  VNX_MESSAGES,
  type VnxArrayClient,
  VnxError,
  type VnxLun,
  type VnxMigration,
  type VnxSnapshot,
} from "./vnx-array-client.js";
import { lunView, snapshotView } from "./vnx-array-views.js";
import { parseVnxSettings } from "./vnx-settings.js";

export const VNX_MAX_SNAPSHOTS_PER_LUN = 256;

/** Attachments have no define pass; their copy pass (a migration's) is timed by its rate, not by the kernel. */
const ATTACHMENT_PASSES: PassTiming = { copyMs: () => 0 };

const lunNotFound = (lunId: string) => new VnxError("lun-not-found", VNX_MESSAGES.lunNotFound(lunId));

const SNAPSHOT_RULES = {
  maxPerSource: VNX_MAX_SNAPSHOTS_PER_LUN,
  deviceMissing: lunNotFound,
  limitReached: (lunId: string) =>
    new VnxError("snapshot-limit", VNX_MESSAGES.snapshotLimit(lunId, VNX_MAX_SNAPSHOTS_PER_LUN)),
};

/**
 * A simulated VNX for Block array on the simulated-array kernel. SMPs are devices of kind
 * `snapshot-mount-point` whose parent is their primary LUN; an attachment is a link; a LUN
 * migration is the link's copy pass towards `copyDestinationNativeId`, whose device has the
 * SMP as parent while the migration runs. Migration progress comes from the clock; a migration
 * that has ended is applied (the SMP becomes a normal LUN of the destination's size, the
 * destination and the attachment disappear) by the first operation that looks at the SMP.
 * Locks are taken primary LUN first, then SMP, then destination. An attached SMP reads the
 * snapshot's image (and what was written to it); a migration that ends copies the image into it.
 * `copy` faults of the plan fail the start of a migration.
 */
export class SimulatedVnxArray implements VnxArrayClient {
  private readonly kernel: SimulatedArrayKernel;

  constructor(
    private readonly store: ArrayStateStore,
    private readonly clock: SimulationClock,
    private readonly faults: FaultPlan = new StoredFaultPlan(store),
  ) {
    this.kernel = new SimulatedArrayKernel(clock);
  }

  createLun(
    system: StorageSystemRecord,
    spec: { poolId: string; name: string; capacityBytes: number; idempotencyKey: string },
  ): Promise<VnxLun> {
    return this.store.transaction(system.nativeId, async (tx) => {
      const lun = await createDeviceOnce(tx, spec.idempotencyKey, (n) => ({
        ...this.newLunIdentity(system, n),
        label: spec.name,
        poolNativeId: spec.poolId,
        capacityBytes: spec.capacityBytes,
        kind: "volume",
        parentNativeId: null,
      }));
      return lunView(lun, null);
    });
  }

  destroyLun(system: StorageSystemRecord, lunId: string): Promise<void> {
    return this.store.transaction(system.nativeId, async (tx) => {
      const seen = await tx.device(lunId);
      // A migration destination goes with its source: settle the source first (lock order).
      if (seen?.kind === "volume" && seen.parentNativeId !== null) await this.settledLun(tx, seen.parentNativeId);
      const lun = await this.settledLun(tx, lunId);
      if (!lun) throw lunNotFound(lunId);
      const smps = await this.settledSmpsOf(tx, lunId);
      const inUse = lun.parentNativeId !== null && lun.kind === "volume"; // a migration's destination
      if (inUse || (await tx.linkOfTarget(lunId)) !== null) {
        throw new VnxError("lun-in-use", VNX_MESSAGES.lunInUse);
      }
      if (smps.length > 0) throw new VnxError("lun-has-smps", VNX_MESSAGES.lunHasSmps);
      if ((await tx.snapshotsOfSource(lunId)).length > 0) {
        throw new VnxError("lun-has-snapshots", VNX_MESSAGES.lunHasSnapshots);
      }
      await tx.deleteDevice(lunId);
    });
  }

  getLun(system: StorageSystemRecord, lunId: string): Promise<VnxLun | null> {
    return this.store.transaction(system.nativeId, async (tx) => {
      const lun = await this.settledLun(tx, lunId);
      return lun ? lunView(lun, await tx.linkOfTarget(lunId)) : null;
    });
  }

  addToConsistencyGroup(system: StorageSystemRecord, spec: { name: string; lunIds: readonly string[] }): Promise<void> {
    return this.store.transaction(system.nativeId, (tx) =>
      this.kernel.addToReplicationGroup(tx, spec.name, spec.lunIds, {
        deviceMissing: lunNotFound,
        inAnotherGroup: (lunId, group) =>
          new VnxError("lun-in-other-consistency-group", VNX_MESSAGES.lunInOtherConsistencyGroup(lunId, group)),
      }),
    );
  }

  createSnapshot(
    system: StorageSystemRecord,
    spec: { primaryLunId: string; name: string; idempotencyKey: string },
  ): Promise<VnxSnapshot> {
    return this.store.transaction(system.nativeId, async (tx) => {
      const wanted = { sourceNativeId: spec.primaryLunId, name: spec.name, idempotencyKey: spec.idempotencyKey };
      return snapshotView((await this.kernel.takeSnapshot(tx, wanted, SNAPSHOT_RULES)).snapshot);
    });
  }

  createConsistencyGroupSnapshot(
    system: StorageSystemRecord,
    spec: { name: string; members: readonly { primaryLunId: string; idempotencyKey: string }[] },
  ): Promise<VnxSnapshot[]> {
    return this.store.transaction(system.nativeId, async (tx) => {
      const wanted = spec.members.map((m) => ({ sourceNativeId: m.primaryLunId, name: spec.name, ...m }));
      const taken = await this.kernel.takeSnapshotsAtOneInstant(tx, wanted, SNAPSHOT_RULES);
      return taken.map(({ snapshot }) => snapshotView(snapshot));
    });
  }

  destroySnapshot(system: StorageSystemRecord, snapshotId: string): Promise<void> {
    return this.store.transaction(system.nativeId, async (tx) => {
      const snapId = Number(snapshotId);
      const snapshot = await tx.snapshot(snapId);
      if (!snapshot) throw new VnxError("snapshot-not-found", VNX_MESSAGES.snapshotNotFound(snapshotId));
      await tx.lockDevices([snapshot.sourceNativeId]);
      await this.settledSmpsOf(tx, snapshot.sourceNativeId);
      await this.kernel.removeSnapshot(tx, snapshot, {
        linked: () => new VnxError("snapshot-attached", VNX_MESSAGES.snapshotAttached),
      });
    });
  }

  restoreSnapshot(system: StorageSystemRecord, snapshotId: string): Promise<void> {
    return this.store.transaction(system.nativeId, async (tx) => {
      const snapId = Number(snapshotId);
      const snapshot = await tx.snapshot(snapId);
      if (!snapshot) throw new VnxError("snapshot-not-found", VNX_MESSAGES.snapshotNotFound(snapshotId));
      await this.lockedLun(tx, snapshot.sourceNativeId);
      await this.settledSmpsOf(tx, snapshot.sourceNativeId);
      const migrating = (await tx.linksOfSnapshot(snapId)).some((link) => link.copyDestinationNativeId !== null);
      if (migrating) throw new VnxError("link-not-fully-copied", VNX_MESSAGES.linkNotFullyCopied);
      await new VolumeContent(tx).restore(snapshot);
    });
  }

  restoreFromSnapshotMountPoint(system: StorageSystemRecord, smpId: string): Promise<void> {
    return this.store.transaction(system.nativeId, async (tx) => {
      const seen = await tx.device(smpId);
      // The primary LUN first, then the SMP: the order every operation locks them in.
      if (seen?.parentNativeId) await this.lockedLun(tx, seen.parentNativeId);
      const smp = await this.settledLun(tx, smpId);
      if (!smp) throw lunNotFound(smpId);
      if (smp.kind !== "snapshot-mount-point") {
        throw new VnxError("not-a-snapshot-mount-point", VNX_MESSAGES.notASnapshotMountPoint(smpId));
      }
      const attachment = await tx.linkOfTarget(smpId);
      if (!attachment) throw new VnxError("not-attached", VNX_MESSAGES.notAttached);
      if (attachment.copyDestinationNativeId !== null) {
        throw new VnxError("link-not-fully-copied", VNX_MESSAGES.linkNotFullyCopied);
      }
      await this.settledSmpsOf(tx, attachment.sourceNativeId);
      await new VolumeContent(tx).restoreFromTarget(attachment);
    });
  }

  getSnapshot(system: StorageSystemRecord, snapshotId: string): Promise<VnxSnapshot | null> {
    return this.store.transaction(system.nativeId, async (tx) => {
      const snapshot = await tx.snapshot(Number(snapshotId));
      if (!snapshot) return null;
      return snapshotView(snapshot);
    });
  }

  createSnapshotMountPoint(
    system: StorageSystemRecord,
    spec: { primaryLunId: string; name: string; idempotencyKey: string },
  ): Promise<VnxLun> {
    return this.store.transaction(system.nativeId, async (tx) => {
      const limit = parseVnxSettings(system.settings).maxSnapshotMountPointsPerSource;
      // The primary's lock serializes SMP creation for it, so the count below holds.
      const primary = await this.lockedLun(tx, spec.primaryLunId);
      if (primary.kind !== "volume") throw new VnxError("invalid-lun-type", VNX_MESSAGES.invalidLunType);
      const existing = await tx.deviceByIdempotencyKey(spec.idempotencyKey);
      if (existing) return lunView(existing, await tx.linkOfTarget(existing.nativeId));
      if ((await this.settledSmpsOf(tx, primary.nativeId)).length >= limit) {
        throw new VnxError("smp-limit", VNX_MESSAGES.smpLimit(primary.nativeId, limit));
      }
      const smp = await createDeviceOnce(tx, spec.idempotencyKey, (n) => ({
        ...this.newLunIdentity(system, n),
        label: spec.name,
        poolNativeId: primary.poolNativeId,
        capacityBytes: primary.capacityBytes,
        kind: "snapshot-mount-point",
        parentNativeId: primary.nativeId,
      }));
      return lunView(smp, null);
    });
  }

  attachSnapshot(system: StorageSystemRecord, request: { smpId: string; snapshotId: string }): Promise<void> {
    return this.store.transaction(system.nativeId, async (tx) => {
      const smp = await this.settledLun(tx, request.smpId);
      if (!smp) throw lunNotFound(request.smpId);
      if (smp.kind !== "snapshot-mount-point") throw new VnxError("invalid-lun-type", VNX_MESSAGES.invalidLunType);
      const snapId = Number(request.snapshotId);
      const snapshot = await tx.snapshot(snapId);
      if (!snapshot) throw new VnxError("snapshot-not-found", VNX_MESSAGES.snapshotNotFound(request.snapshotId));
      if (snapshot.sourceNativeId !== smp.parentNativeId) {
        throw new VnxError("snapshot-of-other-lun", VNX_MESSAGES.snapshotOfOtherLun);
      }
      const attached = await tx.linkOfTarget(smp.nativeId);
      if (attached) {
        throw attached.snapId === snapId
          ? new VnxError("already-attached", VNX_MESSAGES.alreadyAttached)
          : new VnxError("attached-to-other-snapshot", VNX_MESSAGES.attachedToOtherSnapshot);
      }
      // An attachment is a nocopy link defined at once, whose copy pass only a LUN migration starts.
      const attachment = { targetNativeId: smp.nativeId, snapId, sourceNativeId: snapshot.sourceNativeId };
      await new VolumeContent(tx).discardOwnTracks(smp.nativeId);
      await tx.insertLink(
        this.kernel.newLink(
          { ...attachment, copyMode: "nocopy" },
          smp.capacityBytes,
          ATTACHMENT_PASSES,
          this.clock.now(),
        ),
      );
    });
  }

  detachSnapshot(system: StorageSystemRecord, smpId: string): Promise<void> {
    return this.store.transaction(system.nativeId, async (tx) => {
      const smp = await this.settledLun(tx, smpId);
      if (!smp) throw lunNotFound(smpId);
      const attached = await tx.linkOfTarget(smpId);
      if (!attached) throw new VnxError("not-attached", VNX_MESSAGES.notAttached);
      if (attached.copyDestinationNativeId !== null) throw new VnxError("smp-migrating", VNX_MESSAGES.smpMigrating);
      await tx.deleteLink(smpId);
      await tx.updateDevice({ ...smp, content: "pointers-only" });
    });
  }

  async startMigration(
    system: StorageSystemRecord,
    request: { sourceLunId: string; destinationLunId: string; rate: MigrationRate },
  ): Promise<void> {
    const { sourceLunId, destinationLunId } = request;
    await this.faults.check(system.nativeId, "copy");
    return this.store.transaction(system.nativeId, async (tx) => {
      const source = await this.settledLun(tx, sourceLunId);
      if (!source) throw lunNotFound(sourceLunId);
      const destination = (await tx.lockDevices([destinationLunId])).get(destinationLunId);
      const attachment = await tx.linkOfTarget(sourceLunId);
      if (!attachment || attachment.copyDestinationNativeId !== null) {
        throw new VnxError("not-migratable", VNX_MESSAGES.notMigratable(sourceLunId));
      }
      const available =
        destination !== undefined &&
        destination.nativeId !== sourceLunId &&
        destination.kind === "volume" &&
        destination.parentNativeId === null &&
        destination.capacityBytes >= source.capacityBytes &&
        (await tx.linkOfTarget(destinationLunId)) === null &&
        (await tx.childDevices(destinationLunId)).length === 0 &&
        (await tx.snapshotsOfSource(destinationLunId)).length === 0;
      if (!destination || !available) {
        throw new VnxError("destination-not-available", VNX_MESSAGES.destinationNotAvailable);
      }
      const timing = await this.clock.timing(tx);
      await tx.updateDevice({ ...destination, parentNativeId: sourceLunId });
      await tx.updateLink({
        ...attachment,
        copyMode: "copy",
        copyStartedAt: this.clock.now(),
        copyDurationMs: timing.migrationDurationMs(source.capacityBytes, request.rate),
        copyDestinationNativeId: destinationLunId,
      });
    });
  }

  migration(system: StorageSystemRecord, sourceLunId: string): Promise<VnxMigration | null> {
    return this.store.transaction(system.nativeId, async (tx) => {
      if (!(await this.settledLun(tx, sourceLunId))) return null;
      const link = await tx.linkOfTarget(sourceLunId);
      if (!link?.copyDestinationNativeId || link.copyStartedAt === null) return null;
      const progress = this.kernel.progressOf(link, await tx.stalls());
      const remainingTracks = link.tracks - progress.copiedTracks;
      return {
        sourceLunId,
        destinationLunId: link.copyDestinationNativeId,
        state: "MIGRATING",
        percentComplete: progress.percentCopied,
        timeRemainingSeconds: Math.ceil((link.copyDurationMs * remainingTracks) / Math.max(1, link.tracks) / 1000),
      };
    });
  }

  cancelMigration(system: StorageSystemRecord, sourceLunId: string): Promise<void> {
    return this.store.transaction(system.nativeId, async (tx) => {
      await this.settledLun(tx, sourceLunId);
      const link = await tx.linkOfTarget(sourceLunId);
      if (!link?.copyDestinationNativeId) throw new VnxError("not-migrating", VNX_MESSAGES.notMigrating(sourceLunId));
      const destination = (await tx.lockDevices([link.copyDestinationNativeId])).get(link.copyDestinationNativeId);
      if (destination) await tx.updateDevice({ ...destination, parentNativeId: null });
      await tx.updateLink({
        ...link,
        copyMode: "nocopy",
        copyStartedAt: null,
        copyDurationMs: 0,
        copyDestinationNativeId: null,
      });
    });
  }

  private newLunIdentity(system: StorageSystemRecord, n: number): Pick<SimDevice, "nativeId" | "wwn" | "createdAt"> {
    return {
      nativeId: String(n),
      wwn: `60060160${serialHash(system.nativeId)}${n.toString(16).toUpperCase().padStart(16, "0")}`,
      createdAt: this.clock.now(),
    };
  }

  private lockedLun(tx: ArrayStateTransaction, lunId: string): Promise<SimDevice> {
    return this.kernel.lockedDevice(tx, lunId, lunNotFound);
  }

  /** Locks the LUN and applies its migration if that has ended; null when there is no such LUN. */
  private async settledLun(tx: ArrayStateTransaction, lunId: string): Promise<SimDevice | null> {
    const lun = (await tx.lockDevices([lunId])).get(lunId);
    return lun ? this.applyEndedMigration(tx, lun) : null;
  }

  /** The primary's SMPs after applying ended migrations (which turn SMPs into normal LUNs). The primary must be locked. */
  private async settledSmpsOf(tx: ArrayStateTransaction, primaryLunId: string): Promise<SimDevice[]> {
    const children = await tx.childDevices(primaryLunId);
    const locked = await tx.lockDevices(children.map((c) => c.nativeId));
    const smps: SimDevice[] = [];
    for (const child of locked.values()) {
      const settled = await this.applyEndedMigration(tx, child);
      if (settled.kind === "snapshot-mount-point") smps.push(settled);
    }
    return smps;
  }

  /** The destination takes the SMP's identity; the SMP's content (the image and its own writes) is copied into it. */
  private async applyEndedMigration(tx: ArrayStateTransaction, lun: SimDevice): Promise<SimDevice> {
    const link = await tx.linkOfTarget(lun.nativeId);
    if (!link?.copyDestinationNativeId || !this.kernel.progressOf(link, await tx.stalls()).copied) return lun;
    const destination = await tx.device(link.copyDestinationNativeId);
    const migrated: SimDevice = {
      ...lun,
      kind: "volume",
      parentNativeId: null,
      capacityBytes: destination?.capacityBytes ?? lun.capacityBytes,
      content: "complete",
    };
    await new VolumeContent(tx).materialize(link);
    await tx.deleteLink(lun.nativeId);
    if (destination) await tx.deleteDevice(destination.nativeId);
    await tx.updateDevice(migrated);
    return migrated;
  }
}

/** The VNX array's words, for its own view: LUN types, attachments and migrations, snapshots `Ready`. */
export const VNX_FAMILY: SimulatedFamily = {
  systemType: "vnxblock",
  deviceType: (device) => (device.kind === "snapshot-mount-point" ? "snap" : "normal"),
  linkState: (link, progress) =>
    link.copyDestinationNativeId === null ? "Attached" : progress.copied ? "MIGRATED" : "MIGRATING",
  snapshotState: () => "Ready",
};
