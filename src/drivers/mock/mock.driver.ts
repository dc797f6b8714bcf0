import type {
  ArrayDriver,
  BatchOutcome,
  DriverCapabilities,
  EstablishedSnapshot,
  EstablishSnapshotRequest,
  LinkRef,
  LinkRequest,
  ProvisionedDevice,
  ProvisionTargetRequest,
  ProvisionVolumeRequest,
  RelinkRequest,
  RestoreState,
  TargetRestoreRef,
} from "../../application/ports/array-driver.js";
import { ArrayOperationError } from "../../application/ports/array-operation-error.js";
import type { StorageSystemRecord } from "../../application/ports/storage-catalog.js";
import type { LinkState } from "../../domain/snapshots/link-state.js";
import type {
  ArrayStateStore,
  ArrayStateTransaction,
  SimDevice,
  SimLink,
  SimSnapshot,
  SimStalls,
} from "../simulation/array-state-store.js";
import { eachItem } from "../simulation/batch-items.js";
import { arraySideName, createDeviceOnce, serialHash } from "../simulation/devices.js";
import { familyRegistration } from "../simulation/family-registration.js";
import { FaultInjectingDriver } from "../simulation/fault-injecting-driver.js";
import { type FaultPlan, StoredFaultPlan } from "../simulation/fault-plan.js";
import { type LinkProgress, linkProgress, restoreProgress, tracksOf } from "../simulation/link-progress.js";
import { InvalidArraySetting } from "../simulation/settings.js";
import type { SimulatedArrayDependencies } from "../simulation/simulated-array-dependencies.js";
import type { SimulatedFamily } from "../simulation/simulated-family.js";
import type { JobTiming, SimulationClock } from "../simulation/simulation-clock.js";
import { VolumeContent } from "../simulation/volume-content.js";
import { MOCK_SETTING_KEYS, MOCK_UNLIMITED, type MockSettings, parseMockSettings } from "./mock-settings.js";

export const MOCK_SYSTEM_TYPE = "mock";

/** The mock array's error texts. */
export const MOCK_MESSAGES = {
  linkLimit: (source: string, limit: number) =>
    `Mock array: source device ${source} has reached its limit of ${limit} linked targets`,
  snapshotLimit: (source: string, limit: number) =>
    `Mock array: source device ${source} has reached its limit of ${limit} snapshots`,
  targetLinked: (target: string) => `Mock array: target device ${target} is already linked`,
  snapshotLinked: (snapshot: string) => `Mock array: snapshot ${snapshot} still has linked targets`,
  deviceInUse: (device: string) => `Mock array: device ${device} has snapshots or links`,
  deviceMissing: (device: string) => `Mock array: device ${device} does not exist`,
  snapshotMissing: (snapshot: string) => `Mock array: snapshot ${snapshot} does not exist`,
  notLinked: (target: string, snapshot: string) => `Mock array: target device ${target} is not linked to ${snapshot}`,
  unlinkUnsettled: (target: string) => `Mock array: the link of device ${target} is not settled; unlink needs force`,
  copyUnsupported: "Mock array: copy mode is not supported by this storage system",
  relinkOtherSource: (snapshot: string) => `Mock array: snapshot ${snapshot} is of another source device`,
  linkNotFullyCopied: "Link must be fully copied for this operation to proceed",
  restoreSessionExists: (source: string) => `Mock array: source device ${source} already has a restore session`,
  noRestoreSession: (snapshot: string) => `Mock array: snapshot ${snapshot} has no restore session`,
  restoreInProgress: (snapshot: string) => `Mock array: the restore of snapshot ${snapshot} is still in progress`,
  snapshotRestoring: (snapshot: string) => `Mock array: snapshot ${snapshot} has a restore session`,
  noRestoreFromTarget: (target: string) => `Mock array: no restore from target device ${target}`,
} as const;

/**
 * The mock array (`system_type` `mock`), for people's own test suites: links come back defined,
 * copies and restores finish at once or after the storage system's fixed number of clock
 * `ticks` (for all of a device's tracks; a relink's or a restore's pass over fewer tracks takes
 * that share of them), limits are unlimited unless configured (see {@link MockSettings}), preconditions
 * are strict. Its faults are met in front of it ({@link createMockDriver}); `copy` faults fail
 * the start of a copy-mode link. Refusals are not retryable.
 *
 * A snapshot's native id is `mocksnap-<snap_id>`; device ids are `mock-<number>`.
 */
export class MockDriver implements ArrayDriver {
  readonly systemType = MOCK_SYSTEM_TYPE;

  constructor(
    private readonly store: ArrayStateStore,
    private readonly clock: SimulationClock,
    private readonly faults: FaultPlan,
  ) {}

  capabilities(system: StorageSystemRecord): DriverCapabilities {
    const settings = parseMockSettings(system.settings);
    return {
      family: MOCK_SYSTEM_TYPE,
      maxLinkedTargetsPerSource: settings.maxLinkedTargetsPerSource,
      maxSnapshotsPerSource: settings.maxSnapshotsPerSource,
      supportsCopyMode: settings.supportsCopyMode,
      snapshotSessionsRefusedFor: null,
      relinksCopyLinks: true,
      restoresFromCopyTargets: true,
      unlinkedTargetRestoreRefusal: "activation",
      // Links come back defined; copies and restores take the system's ticks.
      takesTime: { define: false, copy: settings.ticks > 0, restore: settings.ticks > 0 },
    };
  }

  provisionVolume(system: StorageSystemRecord, request: ProvisionVolumeRequest): Promise<ProvisionedDevice> {
    return this.store.transaction(system.nativeId, async (tx) =>
      provisioned(await this.createDevice(tx, system, request)),
    );
  }

  provisionTarget(system: StorageSystemRecord, request: ProvisionTargetRequest): Promise<ProvisionedDevice> {
    return this.store.transaction(system.nativeId, async (tx) => {
      await existingDevice(tx, request.sourceNativeId);
      return provisioned(await this.createDevice(tx, system, request));
    });
  }

  async deleteVolume(system: StorageSystemRecord, nativeId: string): Promise<void> {
    await this.store.transaction(system.nativeId, async (tx) => {
      if (!(await tx.lockDevices([nativeId])).has(nativeId)) return;
      const inUse = (await tx.linkOfTarget(nativeId)) !== null || (await tx.snapshotsOfSource(nativeId)).length > 0;
      if (inUse) throw refusal(MOCK_MESSAGES.deviceInUse(nativeId));
      await tx.deleteDevice(nativeId);
    });
  }

  establishSnapshot(system: StorageSystemRecord, request: EstablishSnapshotRequest): Promise<EstablishedSnapshot> {
    const settings = settingsOf(system);
    return this.store.transaction(system.nativeId, async (tx) => {
      await existingDevice(tx, request.sourceNativeId, { lock: true });
      const name = arraySideName(request.name);
      const existing = await tx.snapshotByIdempotencyKey(request.idempotencyKey);
      if (existing) return { nativeId: snapshotNativeId(existing.snapId), deviceLabel: existing.name };
      if ((await tx.snapshotsOfSource(request.sourceNativeId)).length >= settings.maxSnapshotsPerSource) {
        throw refusal(MOCK_MESSAGES.snapshotLimit(request.sourceNativeId, settings.maxSnapshotsPerSource));
      }
      const snapId = await tx.nextNumber("snapshot");
      await tx.insertSnapshot({
        snapId,
        sourceNativeId: request.sourceNativeId,
        name,
        idempotencyKey: request.idempotencyKey,
        createdAt: this.clock.now(),
        restore: null,
      });
      return { nativeId: snapshotNativeId(snapId), deviceLabel: name };
    });
  }

  async terminateSnapshot(system: StorageSystemRecord, nativeId: string): Promise<void> {
    const snapId = parseSnapshotNativeId(nativeId);
    await this.store.transaction(system.nativeId, async (tx) => {
      const snapshot = await tx.snapshot(snapId);
      if (!snapshot) return;
      await tx.lockDevices([snapshot.sourceNativeId]);
      if ((await tx.linksOfSnapshot(snapId)).length > 0) throw refusal(MOCK_MESSAGES.snapshotLinked(nativeId));
      if (snapshot.restore) throw refusal(MOCK_MESSAGES.snapshotRestoring(nativeId));
      await new VolumeContent(tx).forgetSnapshot(snapId, snapshot.sourceNativeId);
      await tx.deleteSnapshot(snapId);
    });
  }

  provisionTargets(
    system: StorageSystemRecord,
    requests: readonly ProvisionTargetRequest[],
  ): Promise<BatchOutcome<ProvisionedDevice>[]> {
    return this.store.transaction(system.nativeId, (tx) =>
      eachItem(requests, async (request) => {
        await existingDevice(tx, request.sourceNativeId);
        return provisioned(await this.createDevice(tx, system, request));
      }),
    );
  }

  async linkTarget(system: StorageSystemRecord, request: LinkRequest): Promise<LinkState> {
    const settings = settingsOf(system);
    if (request.copyMode === "copy" && !settings.supportsCopyMode) throw refusal(MOCK_MESSAGES.copyUnsupported);
    if (request.copyMode === "copy") await this.faults.check(system.nativeId, "copy");
    return this.store.transaction(system.nativeId, async (tx) =>
      this.linkOne(tx, settings, request, { stalls: await tx.stalls(), timing: undefined }),
    );
  }

  /** One array transaction for the whole batch: a target refused fails alone. */
  async linkTargets(system: StorageSystemRecord, requests: readonly LinkRequest[]): Promise<BatchOutcome<LinkState>[]> {
    const settings = settingsOf(system);
    const copies = requests.filter((request) => request.copyMode === "copy" && settings.supportsCopyMode);
    const copyFaults = await this.faults.checkEach(system.nativeId, "copy", copies.length);
    const refusedBefore = new Map<LinkRequest, ArrayOperationError>();
    copies.forEach((request, index) => {
      const fault = copyFaults[index];
      if (fault) refusedBefore.set(request, fault);
    });
    return this.store.transaction(system.nativeId, async (tx) => {
      const context: LinkContext = { stalls: await tx.stalls(), timing: undefined };
      return eachItem(requests, async (request) => {
        const refusal = refusedBefore.get(request);
        if (refusal) throw refusal;
        return this.linkOne(tx, settings, request, context);
      });
    });
  }

  private async linkOne(
    tx: ArrayStateTransaction,
    settings: MockSettings,
    request: LinkRequest,
    context: LinkContext,
  ): Promise<LinkState> {
    const snapId = parseSnapshotNativeId(request.snapshotNativeId);
    const { targetNativeId, copyMode } = request;
    if (copyMode === "copy" && !settings.supportsCopyMode) throw refusal(MOCK_MESSAGES.copyUnsupported);
    const snapshot = await tx.snapshot(snapId);
    if (!snapshot) throw refusal(MOCK_MESSAGES.snapshotMissing(request.snapshotNativeId));
    // The target first, and everything that concerns it alone: every link of the source
    // waits for the source's lock, so that lock is taken last and held for the insert only.
    const target = (await tx.lockDevices([targetNativeId])).get(targetNativeId);
    if (!target || targetNativeId === snapshot.sourceNativeId) {
      throw refusal(MOCK_MESSAGES.deviceMissing(targetNativeId));
    }
    const existing = await tx.linkOfTarget(targetNativeId);
    if (existing) {
      if (existing.snapId === snapId && existing.copyMode === copyMode) {
        return mockLinkState(existing, linkProgress(existing, this.clock.now(), context.stalls));
      }
      throw refusal(MOCK_MESSAGES.targetLinked(targetNativeId));
    }
    if (copyMode === "copy") context.timing ??= await this.clock.timing(tx);
    const timing = copyMode === "copy" ? context.timing : undefined;
    await new VolumeContent(tx).discardOwnTracks(targetNativeId);
    const source = (await tx.lockDevices([snapshot.sourceNativeId])).get(snapshot.sourceNativeId);
    if (!source) throw refusal(MOCK_MESSAGES.deviceMissing(snapshot.sourceNativeId));
    const now = this.clock.now();
    const tracks = tracksOf(source.capacityBytes);
    const created: SimLink = {
      targetNativeId,
      snapId,
      sourceNativeId: source.nativeId,
      copyMode,
      startedAt: now,
      tracks,
      copyTracks: tracks,
      defineDurationMs: 0,
      copyStartedAt: copyMode === "copy" ? now : null,
      copyDurationMs: timing ? timing.ticksMs(settings.ticks) : 0,
      copyDestinationNativeId: null,
    };
    if (!(await tx.insertLinkWithinLimit(created, settings.maxLinkedTargetsPerSource))) {
      throw refusal(MOCK_MESSAGES.linkLimit(source.nativeId, settings.maxLinkedTargetsPerSource));
    }
    return mockLinkState(created, linkProgress(created, now, context.stalls));
  }

  linkStatuses(system: StorageSystemRecord, refs: readonly LinkRef[]): Promise<BatchOutcome<LinkState>[]> {
    return this.store.transaction(system.nativeId, async (tx) => {
      const stalls = await tx.stalls();
      return eachItem(refs, async (ref) => {
        const link = await tx.linkOfTarget(ref.targetNativeId);
        if (!link || link.snapId !== parseSnapshotNativeId(ref.snapshotNativeId)) {
          throw refusal(MOCK_MESSAGES.notLinked(ref.targetNativeId, ref.snapshotNativeId));
        }
        return mockLinkState(link, linkProgress(link, this.clock.now(), stalls));
      });
    });
  }

  async linkStatus(system: StorageSystemRecord, ref: LinkRef): Promise<LinkState> {
    const snapId = parseSnapshotNativeId(ref.snapshotNativeId);
    return this.store.transaction(system.nativeId, async (tx) => {
      const link = await tx.linkOfTarget(ref.targetNativeId);
      if (!link || link.snapId !== snapId) {
        throw refusal(MOCK_MESSAGES.notLinked(ref.targetNativeId, ref.snapshotNativeId));
      }
      return this.stateOf(link, tx);
    });
  }

  async unlinkTarget(system: StorageSystemRecord, ref: LinkRef, options: { force?: boolean } = {}): Promise<void> {
    const snapId = parseSnapshotNativeId(ref.snapshotNativeId);
    await this.store.transaction(system.nativeId, async (tx) => {
      const target = (await tx.lockDevices([ref.targetNativeId])).get(ref.targetNativeId);
      const link = await tx.linkOfTarget(ref.targetNativeId);
      if (!target || !link || link.snapId !== snapId) return;
      const progress = linkProgress(link, this.clock.now(), await tx.stalls());
      const settled = link.copyMode === "copy" ? progress.copied : progress.defined;
      if (!settled && options.force !== true) throw refusal(MOCK_MESSAGES.unlinkUnsettled(ref.targetNativeId));
      await new VolumeContent(tx).unlink(target, link, progress);
    });
  }

  async relinkTarget(system: StorageSystemRecord, request: RelinkRequest): Promise<LinkState> {
    const settings = settingsOf(system);
    const from = parseSnapshotNativeId(request.fromSnapshotNativeId);
    const to = parseSnapshotNativeId(request.toSnapshotNativeId);
    const { targetNativeId } = request;
    return this.store.transaction(system.nativeId, async (tx) => {
      const current = await tx.linkOfTarget(targetNativeId);
      if (current && current.snapId === to && from !== to) return this.stateOf(current, tx);
      if (!current || current.snapId !== from) {
        throw refusal(MOCK_MESSAGES.notLinked(targetNativeId, request.fromSnapshotNativeId));
      }
      const snapshot = await tx.snapshot(to);
      if (!snapshot) throw refusal(MOCK_MESSAGES.snapshotMissing(request.toSnapshotNativeId));
      if (snapshot.sourceNativeId !== current.sourceNativeId) {
        throw refusal(MOCK_MESSAGES.relinkOtherSource(request.toSnapshotNativeId));
      }
      await tx.lockDevices([current.sourceNativeId, targetNativeId]);
      const now = this.clock.now();
      const copy = current.copyMode === "copy";
      const copied = copy ? linkProgress(current, now, await tx.stalls()).copiedTracks : current.tracks;
      const copyTracks = await new VolumeContent(tx).relinkDifference(current, to, copied);
      const moved: SimLink = {
        ...current,
        snapId: to,
        startedAt: now,
        copyTracks,
        copyStartedAt: copy ? now : null,
        copyDurationMs: copy
          ? share(copyTracks, current.tracks, (await this.clock.timing(tx)).ticksMs(settings.ticks))
          : 0,
      };
      await tx.updateLink(moved);
      return this.stateOf(moved, tx);
    });
  }

  restoreSnapshot(system: StorageSystemRecord, nativeId: string): Promise<RestoreState> {
    const settings = settingsOf(system);
    const snapId = parseSnapshotNativeId(nativeId);
    return this.store.transaction(system.nativeId, async (tx) => {
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

  restoreStatus(system: StorageSystemRecord, nativeId: string): Promise<RestoreState> {
    return this.store.transaction(system.nativeId, async (tx) => {
      const snapshot = await existingSnapshot(tx, nativeId);
      if (snapshot.restore?.fromTargetNativeId) throw refusal(MOCK_MESSAGES.noRestoreSession(nativeId));
      return this.restoreStateOf(snapshot, nativeId, await tx.stalls());
    });
  }

  async finishRestore(system: StorageSystemRecord, nativeId: string): Promise<void> {
    const snapId = parseSnapshotNativeId(nativeId);
    await this.store.transaction(system.nativeId, async (tx) => {
      const snapshot = await tx.snapshot(snapId);
      if (!snapshot?.restore || snapshot.restore.fromTargetNativeId) return;
      await tx.lockDevices([snapshot.sourceNativeId]);
      if (!restoreProgress(snapshot.restore, this.clock.now(), await tx.stalls()).restored) {
        throw new ArrayOperationError(MOCK_MESSAGES.restoreInProgress(nativeId), true);
      }
      await tx.updateSnapshot({ ...snapshot, restore: null });
    });
  }

  restoreFromTarget(system: StorageSystemRecord, ref: TargetRestoreRef): Promise<RestoreState> {
    const settings = settingsOf(system);
    const snapId = parseSnapshotNativeId(ref.snapshotNativeId);
    const { targetNativeId } = ref;
    return this.store.transaction(system.nativeId, async (tx) => {
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

  restoreFromTargetStatus(system: StorageSystemRecord, ref: TargetRestoreRef): Promise<RestoreState> {
    return this.store.transaction(system.nativeId, async (tx) => {
      const snapshot = await existingSnapshot(tx, ref.snapshotNativeId);
      if (snapshot.restore?.fromTargetNativeId !== ref.targetNativeId) {
        throw refusal(MOCK_MESSAGES.noRestoreFromTarget(ref.targetNativeId));
      }
      return this.restoreStateOf(snapshot, ref.snapshotNativeId, await tx.stalls());
    });
  }

  async finishRestoreFromTarget(system: StorageSystemRecord, ref: TargetRestoreRef): Promise<void> {
    const snapId = parseSnapshotNativeId(ref.snapshotNativeId);
    await this.store.transaction(system.nativeId, async (tx) => {
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

  private createDevice(
    tx: ArrayStateTransaction,
    system: StorageSystemRecord,
    request: ProvisionVolumeRequest,
  ): Promise<SimDevice> {
    return createDeviceOnce(tx, request.idempotencyKey, (n) => ({
      nativeId: `mock-${String(n).padStart(6, "0")}`,
      wwn: `60000000${serialHash(system.nativeId)}${n.toString(16).toUpperCase().padStart(16, "0")}`,
      label: arraySideName(request.name),
      poolNativeId: request.poolNativeId,
      capacityBytes: request.capacityBytes,
      kind: "volume",
      parentNativeId: null,
      createdAt: this.clock.now(),
    }));
  }

  private async stateOf(link: SimLink, tx: ArrayStateTransaction): Promise<LinkState> {
    return mockLinkState(link, linkProgress(link, this.clock.now(), await tx.stalls()));
  }
}

/** A pass over `tracks` of a device's `of` takes that share of a whole pass's `durationMs`. */
function share(tracks: number, of: number, durationMs: number): number {
  return Math.ceil((durationMs * Math.min(tracks, of)) / Math.max(1, of));
}

/** The mock's words for a link's state. */
export function mockLinkState(link: SimLink, progress: LinkProgress): LinkState {
  if (link.copyMode === "nocopy") {
    return { state: "linked", nativeState: "Linked", defined: progress.defined, percentCopied: 0 };
  }
  return progress.copied
    ? { state: "copied", nativeState: "Copied", defined: true, percentCopied: 100 }
    : { state: "copying", nativeState: "Copying", defined: progress.defined, percentCopied: progress.percentCopied };
}

/** The mock driver on a simulated array kept in `store`, with the array's fault plan in front. */
export const MOCK_REGISTRATION = familyRegistration({
  systemType: MOCK_SYSTEM_TYPE,
  poolName: "pool-1",
  maxSnapshotsPerSource: MOCK_UNLIMITED,
  serialPrefix: "MOCK+",
  serialDigits: 6,
  knownSettings: MOCK_SETTING_KEYS,
  parseSettings: parseMockSettings,
});

export function createMockDriver(dependencies: SimulatedArrayDependencies): FaultInjectingDriver {
  const faults = new StoredFaultPlan(dependencies.store);
  return new FaultInjectingDriver(new MockDriver(dependencies.store, dependencies.clock, faults), faults);
}

function settingsOf(system: StorageSystemRecord): MockSettings {
  try {
    return parseMockSettings(system.settings);
  } catch (error) {
    if (error instanceof InvalidArraySetting) throw refusal(error.message);
    throw error;
  }
}

async function existingDevice(
  tx: ArrayStateTransaction,
  nativeId: string,
  options: { lock?: boolean } = {},
): Promise<SimDevice> {
  const device = options.lock ? (await tx.lockDevices([nativeId])).get(nativeId) : await tx.device(nativeId);
  if (!device) throw refusal(MOCK_MESSAGES.deviceMissing(nativeId));
  return device;
}

async function existingSnapshot(tx: ArrayStateTransaction, nativeId: string): Promise<SimSnapshot> {
  const snapshot = await tx.snapshot(parseSnapshotNativeId(nativeId));
  if (!snapshot) throw refusal(MOCK_MESSAGES.snapshotMissing(nativeId));
  return snapshot;
}

/** What the links of one array transaction share: the stalls, and the clock's timing once a copy needs it. */
interface LinkContext {
  readonly stalls: SimStalls;
  timing: JobTiming | undefined;
}

function provisioned(device: SimDevice): ProvisionedDevice {
  return { nativeId: device.nativeId, wwn: device.wwn, deviceLabel: device.label };
}

function refusal(message: string): ArrayOperationError {
  return new ArrayOperationError(message, false);
}

function snapshotNativeId(snapId: number): string {
  return `mocksnap-${snapId}`;
}

function parseSnapshotNativeId(nativeId: string): number {
  const match = /^mocksnap-(\d+)$/.exec(nativeId);
  if (!match?.[1]) throw refusal(`${nativeId} is not a mock snapshot id (mocksnap-<number>)`);
  return Number(match[1]);
}

/** The mock array's words, for its own view. */
export const MOCK_FAMILY: SimulatedFamily = {
  systemType: MOCK_SYSTEM_TYPE,
  deviceType: () => "volume",
  linkState: (link, progress) => mockLinkState(link, progress).nativeState,
  snapshotState: (_snapshot, restore) => (restore === null ? "Ready" : restore.restored ? "Restored" : "Restoring"),
};
