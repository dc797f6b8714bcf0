import type { RestoreState, TargetRestoreRef } from "../../application/ports/array-driver.js";
import { ArrayOperationError } from "../../application/ports/array-operation-error.js";
import type {
  ArrayStateStore,
  ArrayStateTransaction,
  SimDevice,
  SimSnapshot,
  SimStalls,
} from "../simulation/array-state-store.js";
import { linkProgress, restoreProgress, tracksOf } from "../simulation/link-progress.js";
import type { SimulationClock } from "../simulation/simulation-clock.js";
import { VolumeContent } from "../simulation/volume-content.js";
import { MOCK_MESSAGES, parseSnapshotNativeId, refusal } from "./mock-array-words.js";
import type { MockSettings } from "./mock-settings.js";

/**
 * The simulated mock array's restores: of a snapshot onto its source, and of a source from a
 * linked target, each a pass that takes the system's `ticks` for a whole device and ends when
 * finished. {@link SimulatedMockArray} adds devices, snapshots and links.
 */
export class MockArrayRestores {
  constructor(
    protected readonly store: ArrayStateStore,
    protected readonly clock: SimulationClock,
  ) {}

  restoreSnapshot(serial: string, settings: MockSettings, nativeId: string): Promise<RestoreState> {
    const snapId = parseSnapshotNativeId(nativeId);
    return this.store.transaction(serial, async (tx) => {
      const snapshot = await existingSnapshot(tx, nativeId);
      const source = await existingDevice(tx, snapshot.sourceNativeId, { lock: true });
      const stalls = await tx.stalls();
      const restoring = (await tx.snapshotsOfSource(source.nativeId)).find((s) => s.restore !== null);
      if (restoring?.snapId === snapId && !restoring.restore?.fromTargetNativeId) {
        return this.restoreStateOf(restoring, nativeId, stalls);
      }
      for (const link of await tx.linksOfSnapshot(snapId)) {
        if (link.copyMode === "copy" && !linkProgress(link, this.clock.now(), stalls).copied) {
          throw refusal(MOCK_MESSAGES.linkNotFullyCopied);
        }
      }
      if (restoring) throw refusal(MOCK_MESSAGES.restoreSessionExists(source.nativeId));
      const tracks = await new VolumeContent(tx).restore(snapshot);
      const durationMs = share(
        tracks,
        tracksOf(source.capacityBytes),
        (await this.clock.timing(tx)).ticksMs(settings.ticks),
      );
      const started: SimSnapshot = { ...snapshot, restore: { startedAt: this.clock.now(), durationMs, tracks } };
      await tx.updateSnapshot(started);
      return this.restoreStateOf(started, nativeId, stalls);
    });
  }

  restoreStatus(serial: string, nativeId: string): Promise<RestoreState> {
    return this.store.transaction(serial, async (tx) => {
      const snapshot = await existingSnapshot(tx, nativeId);
      if (snapshot.restore?.fromTargetNativeId) throw refusal(MOCK_MESSAGES.noRestoreSession(nativeId));
      return this.restoreStateOf(snapshot, nativeId, await tx.stalls());
    });
  }

  async finishRestore(serial: string, nativeId: string): Promise<void> {
    const snapId = parseSnapshotNativeId(nativeId);
    await this.store.transaction(serial, async (tx) => {
      const snapshot = await tx.snapshot(snapId);
      if (!snapshot?.restore || snapshot.restore.fromTargetNativeId) return;
      await tx.lockDevices([snapshot.sourceNativeId]);
      if (!restoreProgress(snapshot.restore, this.clock.now(), await tx.stalls()).restored) {
        throw new ArrayOperationError(MOCK_MESSAGES.restoreInProgress(nativeId), true);
      }
      await tx.updateSnapshot({ ...snapshot, restore: null });
    });
  }

  restoreFromTarget(serial: string, settings: MockSettings, ref: TargetRestoreRef): Promise<RestoreState> {
    const snapId = parseSnapshotNativeId(ref.snapshotNativeId);
    const { targetNativeId } = ref;
    return this.store.transaction(serial, async (tx) => {
      const snapshot = await existingSnapshot(tx, ref.snapshotNativeId);
      const devices = await tx.lockDevices([snapshot.sourceNativeId, targetNativeId]);
      const source = devices.get(snapshot.sourceNativeId);
      if (!source) throw refusal(MOCK_MESSAGES.deviceMissing(snapshot.sourceNativeId));
      if (!devices.has(targetNativeId)) throw refusal(MOCK_MESSAGES.deviceMissing(targetNativeId));
      const link = await tx.linkOfTarget(targetNativeId);
      if (!link || link.snapId !== snapId) throw refusal(MOCK_MESSAGES.notLinked(targetNativeId, ref.snapshotNativeId));
      const stalls = await tx.stalls();
      const restoring = (await tx.snapshotsOfSource(source.nativeId)).find((s) => s.restore !== null);
      if (restoring?.snapId === snapId && restoring.restore?.fromTargetNativeId === targetNativeId) {
        return this.restoreStateOf(restoring, ref.snapshotNativeId, stalls);
      }
      if (link.copyMode === "copy" && !linkProgress(link, this.clock.now(), stalls).copied) {
        throw refusal(MOCK_MESSAGES.linkNotFullyCopied);
      }
      if (restoring) throw refusal(MOCK_MESSAGES.restoreSessionExists(source.nativeId));
      const tracks = await new VolumeContent(tx).restoreFromTarget(link);
      const durationMs = share(
        tracks,
        tracksOf(source.capacityBytes),
        (await this.clock.timing(tx)).ticksMs(settings.ticks),
      );
      const started: SimSnapshot = {
        ...snapshot,
        restore: { startedAt: this.clock.now(), durationMs, tracks, fromTargetNativeId: targetNativeId },
      };
      await tx.updateSnapshot(started);
      return this.restoreStateOf(started, ref.snapshotNativeId, stalls);
    });
  }

  restoreFromTargetStatus(serial: string, ref: TargetRestoreRef): Promise<RestoreState> {
    return this.store.transaction(serial, async (tx) => {
      const snapshot = await existingSnapshot(tx, ref.snapshotNativeId);
      if (snapshot.restore?.fromTargetNativeId !== ref.targetNativeId) {
        throw refusal(MOCK_MESSAGES.noRestoreFromTarget(ref.targetNativeId));
      }
      return this.restoreStateOf(snapshot, ref.snapshotNativeId, await tx.stalls());
    });
  }

  async finishRestoreFromTarget(serial: string, ref: TargetRestoreRef): Promise<void> {
    const snapId = parseSnapshotNativeId(ref.snapshotNativeId);
    await this.store.transaction(serial, async (tx) => {
      const snapshot = await tx.snapshot(snapId);
      if (!snapshot?.restore || snapshot.restore.fromTargetNativeId !== ref.targetNativeId) return;
      await tx.lockDevices([snapshot.sourceNativeId]);
      if (!restoreProgress(snapshot.restore, this.clock.now(), await tx.stalls()).restored) {
        throw new ArrayOperationError(MOCK_MESSAGES.restoreInProgress(ref.snapshotNativeId), true);
      }
      await tx.updateSnapshot({ ...snapshot, restore: null });
    });
  }

  private restoreStateOf(snapshot: SimSnapshot, nativeId: string, stalls: SimStalls): RestoreState {
    if (!snapshot.restore) throw refusal(MOCK_MESSAGES.noRestoreSession(nativeId));
    const progress = restoreProgress(snapshot.restore, this.clock.now(), stalls);
    return progress.restored
      ? { state: "restored", nativeState: "Restored", percentRestored: 100 }
      : { state: "restoring", nativeState: "Restoring", percentRestored: progress.percentRestored };
  }
}

/** A pass over `tracks` of a device's `of` takes that share of a whole pass's `durationMs`. */
export function share(tracks: number, of: number, durationMs: number): number {
  return Math.ceil((durationMs * Math.min(tracks, of)) / Math.max(1, of));
}

export async function existingDevice(
  tx: ArrayStateTransaction,
  nativeId: string,
  options: { lock?: boolean } = {},
): Promise<SimDevice> {
  const device = options.lock ? (await tx.lockDevices([nativeId])).get(nativeId) : await tx.device(nativeId);
  if (!device) throw refusal(MOCK_MESSAGES.deviceMissing(nativeId));
  return device;
}

export async function existingSnapshot(tx: ArrayStateTransaction, nativeId: string): Promise<SimSnapshot> {
  const snapshot = await tx.snapshot(parseSnapshotNativeId(nativeId));
  if (!snapshot) throw refusal(MOCK_MESSAGES.snapshotMissing(nativeId));
  return snapshot;
}
