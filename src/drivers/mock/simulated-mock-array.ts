import { oneByOne } from "../../application/drivers/one-by-one-batch.js";
import type {
  BatchOutcome,
  EstablishedSnapshot,
  EstablishSnapshotRequest,
  LinkRef,
  LinkRequest,
  ProvisionedDevice,
  ProvisionTargetRequest,
  ProvisionVolumeRequest,
  RelinkRequest,
} from "../../application/ports/array-driver.js";
import type { ArrayOperationError } from "../../application/ports/array-operation-error.js";
import type { LinkState } from "../../domain/snapshots/link-state.js";
import type { ArrayStateStore, ArrayStateTransaction, SimDevice, SimLink } from "../simulation/array-state-store.js";
import { mapOutcome } from "../simulation/batch-items.js";
import { type LinkMade, type LinkRules, linkAll, type WantedLink } from "../simulation/batch-linking.js";
import { arraySideName, createDeviceOnce, createDevicesOnce, serialHash } from "../simulation/devices.js";
import type { FaultPlan } from "../simulation/fault-plan.js";
import { linkProgress, tracksOf } from "../simulation/link-progress.js";
import type { JobTiming, SimulationClock } from "../simulation/simulation-clock.js";
import { VolumeContent } from "../simulation/volume-content.js";
import { existingDevice, MockArrayRestores, share } from "./mock-array-restores.js";
import { MOCK_MESSAGES, mockLinkState, parseSnapshotNativeId, refusal, snapshotNativeId } from "./mock-array-words.js";
import type { MockSettings } from "./mock-settings.js";

/**
 * The simulated mock array, one per serial number, kept in `store`: links come back defined,
 * copies and restores finish at once or after the system's fixed number of clock `ticks` (for
 * all of a device's tracks; a relink's or a restore's pass over fewer tracks takes that share of
 * them), limits and copy mode are the system's settings (see {@link MockSettings}),
 * preconditions are strict; `copy` faults fail the start of a copy-mode link. Refusals are not
 * retryable. Its driver (mock.driver.ts) reads the settings and serves the controller's port.
 *
 * A snapshot's native id is `mocksnap-<snap_id>`; device ids are `mock-<number>`.
 */
export class SimulatedMockArray extends MockArrayRestores {
  constructor(
    store: ArrayStateStore,
    clock: SimulationClock,
    private readonly faults: FaultPlan,
  ) {
    super(store, clock);
  }

  provisionVolume(serial: string, request: ProvisionVolumeRequest): Promise<ProvisionedDevice> {
    return this.store.transaction(serial, async (tx) => provisioned(await this.createDevice(tx, serial, request)));
  }

  provisionTarget(serial: string, request: ProvisionTargetRequest): Promise<ProvisionedDevice> {
    return this.store.transaction(serial, async (tx) => {
      await existingDevice(tx, request.sourceNativeId);
      return provisioned(await this.createDevice(tx, serial, request));
    });
  }

  async deleteVolume(serial: string, nativeId: string): Promise<void> {
    await this.store.transaction(serial, async (tx) => {
      if (!(await tx.lockDevices([nativeId])).has(nativeId)) return;
      const inUse = (await tx.linkOfTarget(nativeId)) !== null || (await tx.snapshotsOfSource(nativeId)).length > 0;
      if (inUse) throw refusal(MOCK_MESSAGES.deviceInUse(nativeId));
      await tx.deleteDevice(nativeId);
    });
  }

  establishSnapshot(
    serial: string,
    settings: MockSettings,
    request: EstablishSnapshotRequest,
  ): Promise<EstablishedSnapshot> {
    return this.store.transaction(serial, async (tx) => {
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

  async terminateSnapshot(serial: string, nativeId: string): Promise<void> {
    const snapId = parseSnapshotNativeId(nativeId);
    await this.store.transaction(serial, async (tx) => {
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
    serial: string,
    requests: readonly ProvisionTargetRequest[],
  ): Promise<BatchOutcome<ProvisionedDevice>[]> {
    return this.store.transaction(serial, async (tx) => {
      const sources = await tx.devices(requests.map((request) => request.sourceNativeId));
      const creatable = requests.filter((request) => sources.has(request.sourceNativeId));
      const created = await createDevicesOnce(
        tx,
        creatable.map((request) => ({
          idempotencyKey: request.idempotencyKey,
          build: (n: number) => this.deviceOf(serial, request, n),
        })),
      );
      const byRequest = new Map(creatable.map((request, index) => [request, created[index] as SimDevice]));
      return requests.map((request): BatchOutcome<ProvisionedDevice> => {
        const device = byRequest.get(request);
        return device
          ? { ok: true, value: provisioned(device) }
          : { ok: false, error: refusal(MOCK_MESSAGES.deviceMissing(request.sourceNativeId)) };
      });
    });
  }

  async linkTarget(serial: string, settings: MockSettings, request: LinkRequest): Promise<LinkState> {
    const [outcome] = await this.linkTargets(serial, settings, [request]);
    if (!outcome?.ok) throw outcome?.error;
    return outcome.value;
  }

  /** One array transaction, and the same few statements, for the whole batch: a target refused fails alone. */
  async linkTargets(
    serial: string,
    settings: MockSettings,
    requests: readonly LinkRequest[],
  ): Promise<BatchOutcome<LinkState>[]> {
    const copies = requests.filter((request) => request.copyMode === "copy" && settings.supportsCopyMode);
    const copyFaults = await this.faults.checkEach(serial, "copy", copies.length);
    const refusedBefore = new Map<LinkRequest, ArrayOperationError>();
    copies.forEach((request, index) => {
      const fault = copyFaults[index];
      if (fault) refusedBefore.set(request, fault);
    });
    const wanted: (LinkRequest & WantedLink)[] = [];
    const outcomes = requests.map((request): BatchOutcome<LinkState> | (LinkRequest & WantedLink) => {
      try {
        if (request.copyMode === "copy" && !settings.supportsCopyMode) throw refusal(MOCK_MESSAGES.copyUnsupported);
        const refused = refusedBefore.get(request);
        if (refused) throw refused;
        const item = { ...request, snapId: parseSnapshotNativeId(request.snapshotNativeId) };
        wanted.push(item);
        return item;
      } catch (error) {
        return { ok: false, error: error as ArrayOperationError };
      }
    });
    if (wanted.length === 0) return outcomes as BatchOutcome<LinkState>[];
    return this.store.transaction(serial, async (tx) => {
      const stalls = await tx.stalls();
      const timing = wanted.some((item) => item.copyMode === "copy") ? await this.clock.timing(tx) : undefined;
      const now = this.clock.now();
      const made = await linkAll(tx, wanted, this.linkRules(settings, now, timing));
      const stateOf = new Map(
        wanted.map((item, index) => [
          item,
          mapOutcome(made[index] as BatchOutcome<LinkMade>, ({ link }) =>
            mockLinkState(link, linkProgress(link, now, stalls)),
          ),
        ]),
      );
      return outcomes.map((outcome) => ("ok" in outcome ? outcome : (stateOf.get(outcome) as BatchOutcome<LinkState>)));
    });
  }

  private linkRules(
    settings: MockSettings,
    now: number,
    timing: JobTiming | undefined,
  ): LinkRules<WantedLink & LinkRequest> {
    return {
      maxLinksOfSource: settings.maxLinkedTargetsPerSource,
      isRepeat: (existing, wanted) => existing.snapId === wanted.snapId && existing.copyMode === wanted.copyMode,
      build: ({ targetNativeId, snapId, copyMode }, source) => {
        const tracks = tracksOf(source.capacityBytes);
        return {
          targetNativeId,
          snapId,
          sourceNativeId: source.nativeId,
          copyMode,
          startedAt: now,
          tracks,
          copyTracks: tracks,
          defineDurationMs: 0,
          copyStartedAt: copyMode === "copy" ? now : null,
          copyDurationMs: copyMode === "copy" && timing ? timing.ticksMs(settings.ticks) : 0,
          copyDestinationNativeId: null,
        };
      },
      refuse: {
        snapshotMissing: (wanted) => refusal(MOCK_MESSAGES.snapshotMissing(wanted.snapshotNativeId)),
        deviceMissing: (nativeId) => refusal(MOCK_MESSAGES.deviceMissing(nativeId)),
        targetLinked: (nativeId) => refusal(MOCK_MESSAGES.targetLinked(nativeId)),
        linkLimit: (source) => refusal(MOCK_MESSAGES.linkLimit(source, settings.maxLinkedTargetsPerSource)),
      },
    };
  }

  linkStatuses(serial: string, refs: readonly LinkRef[]): Promise<BatchOutcome<LinkState>[]> {
    return this.store.transaction(serial, async (tx) => {
      const stalls = await tx.stalls();
      const links = await tx.linksOfTargets(refs.map((ref) => ref.targetNativeId));
      return oneByOne(refs, async (ref) => {
        const link = links.get(ref.targetNativeId);
        if (!link || link.snapId !== parseSnapshotNativeId(ref.snapshotNativeId)) {
          throw refusal(MOCK_MESSAGES.notLinked(ref.targetNativeId, ref.snapshotNativeId));
        }
        return mockLinkState(link, linkProgress(link, this.clock.now(), stalls));
      });
    });
  }

  async linkStatus(serial: string, ref: LinkRef): Promise<LinkState> {
    const snapId = parseSnapshotNativeId(ref.snapshotNativeId);
    return this.store.transaction(serial, async (tx) => {
      const link = await tx.linkOfTarget(ref.targetNativeId);
      if (!link || link.snapId !== snapId) {
        throw refusal(MOCK_MESSAGES.notLinked(ref.targetNativeId, ref.snapshotNativeId));
      }
      return this.stateOf(link, tx);
    });
  }

  async unlinkTarget(serial: string, ref: LinkRef, options: { force?: boolean } = {}): Promise<void> {
    const snapId = parseSnapshotNativeId(ref.snapshotNativeId);
    await this.store.transaction(serial, async (tx) => {
      const target = (await tx.lockDevices([ref.targetNativeId])).get(ref.targetNativeId);
      const link = await tx.linkOfTarget(ref.targetNativeId);
      if (!target || !link || link.snapId !== snapId) return;
      const progress = linkProgress(link, this.clock.now(), await tx.stalls());
      const settled = link.copyMode === "copy" ? progress.copied : progress.defined;
      if (!settled && options.force !== true) throw refusal(MOCK_MESSAGES.unlinkUnsettled(ref.targetNativeId));
      await new VolumeContent(tx).unlink(target, link, progress);
    });
  }

  async relinkTarget(serial: string, settings: MockSettings, request: RelinkRequest): Promise<LinkState> {
    const from = parseSnapshotNativeId(request.fromSnapshotNativeId);
    const to = parseSnapshotNativeId(request.toSnapshotNativeId);
    const { targetNativeId } = request;
    return this.store.transaction(serial, async (tx) => {
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

  private createDevice(tx: ArrayStateTransaction, serial: string, request: ProvisionVolumeRequest): Promise<SimDevice> {
    return createDeviceOnce(tx, request.idempotencyKey, (n) => this.deviceOf(serial, request, n));
  }

  private deviceOf(
    serial: string,
    request: ProvisionVolumeRequest,
    n: number,
  ): Omit<SimDevice, "idempotencyKey" | "content"> {
    return {
      nativeId: `mock-${String(n).padStart(6, "0")}`,
      wwn: `60000000${serialHash(serial)}${n.toString(16).toUpperCase().padStart(16, "0")}`,
      label: arraySideName(request.name),
      poolNativeId: request.poolNativeId,
      capacityBytes: request.capacityBytes,
      kind: "volume",
      parentNativeId: null,
      createdAt: this.clock.now(),
    };
  }

  private async stateOf(link: SimLink, tx: ArrayStateTransaction): Promise<LinkState> {
    return mockLinkState(link, linkProgress(link, this.clock.now(), await tx.stalls()));
  }
}

function provisioned(device: SimDevice): ProvisionedDevice {
  return { nativeId: device.nativeId, wwn: device.wwn, deviceLabel: device.label };
}
