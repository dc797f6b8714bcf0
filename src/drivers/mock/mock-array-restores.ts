import type { RestoreState, TargetRestoreRef } from "../../application/ports/array-driver.js";
import { ArrayOperationError } from "../../application/ports/array-operation-error.js";
import type {
  ArrayDevices,
  ArraySnapshots,
  ArrayStateStore,
  SimDevice,
  SimSnapshot,
  SimStalls,
} from "../simulation/array-state-store.js";
import { restoreProgress } from "../simulation/link-progress.js";
import { passesInTicks, SimulatedArrayKernel } from "../simulation/simulated-array-kernel.js";
import type { SimulationClock } from "../simulation/simulation-clock.js";
import { MOCK_MESSAGES, parseSnapshotNativeId, refusal } from "./mock-array-words.js";
import type { MockSettings } from "./mock-settings.js";

/**
 * The simulated mock array's restores: of a snapshot onto its source, and of a source from a
 * linked target, each a pass that takes the system's `ticks` for a whole device and ends when
 * finished. {@link SimulatedMockArray} adds devices, snapshots and links.
 */
export class MockArrayRestores {
  protected readonly kernel: SimulatedArrayKernel;

  constructor(
    protected readonly store: ArrayStateStore,
    protected readonly clock: SimulationClock,
  ) {
    this.kernel = new SimulatedArrayKernel(clock);
  }

  restoreSnapshot(serial: string, settings: MockSettings, nativeId: string): Promise<RestoreState> {
    const snapId = parseSnapshotNativeId(nativeId);
    return this.store.transaction(serial, async (tx) => {
      const snapshot = await existingSnapshot(tx, nativeId);
      const source = await this.kernel.lockedDevice(tx, snapshot.sourceNativeId, deviceMissing);
      const stalls = await tx.stalls();
      const restoring = await this.kernel.restoringSnapshotOf(tx, source.nativeId);
      if (restoring?.snapId === snapId && !restoring.restore?.fromTargetNativeId) {
        return this.restoreStateOf(restoring, nativeId, stalls);
      }
      if (this.kernel.someStillCopying(await tx.linksOfSnapshot(snapId), stalls)) {
        throw refusal(MOCK_MESSAGES.linkNotFullyCopied);
      }
      if (restoring) throw refusal(MOCK_MESSAGES.restoreSessionExists(source.nativeId));
      const started = await this.kernel.startRestore(tx, snapshot, source, passesInTicks(settings.ticks));
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
      await this.kernel.endRestore(
        tx,
        snapshot,
        () => new ArrayOperationError(MOCK_MESSAGES.restoreInProgress(nativeId), true),
      );
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
      const restoring = await this.kernel.restoringSnapshotOf(tx, source.nativeId);
      if (restoring?.snapId === snapId && restoring.restore?.fromTargetNativeId === targetNativeId) {
        return this.restoreStateOf(restoring, ref.snapshotNativeId, stalls);
      }
      if (this.kernel.someStillCopying([link], stalls)) throw refusal(MOCK_MESSAGES.linkNotFullyCopied);
      if (restoring) throw refusal(MOCK_MESSAGES.restoreSessionExists(source.nativeId));
      const started = await this.kernel.startRestore(tx, snapshot, source, passesInTicks(settings.ticks), link);
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
      await this.kernel.endRestore(
        tx,
        snapshot,
        () => new ArrayOperationError(MOCK_MESSAGES.restoreInProgress(ref.snapshotNativeId), true),
      );
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

export const deviceMissing = (nativeId: string) => refusal(MOCK_MESSAGES.deviceMissing(nativeId));

export async function existingDevice(tx: ArrayDevices, nativeId: string): Promise<SimDevice> {
  const device = await tx.device(nativeId);
  if (!device) throw deviceMissing(nativeId);
  return device;
}

export async function existingSnapshot(tx: ArraySnapshots, nativeId: string): Promise<SimSnapshot> {
  const snapshot = await tx.snapshot(parseSnapshotNativeId(nativeId));
  if (!snapshot) throw refusal(MOCK_MESSAGES.snapshotMissing(nativeId));
  return snapshot;
}
