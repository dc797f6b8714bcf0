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
import { passesInTicks } from "../simulation/simulated-array-kernel.js";
import type { JobTiming, SimulationClock } from "../simulation/simulation-clock.js";
import { deviceMissing, existingDevice, MockArrayRestores } from "./mock-array-restores.js";
import { MOCK_MESSAGES, mockLinkState, parseSnapshotNativeId, refusal, snapshotNativeId } from "./mock-array-words.js";
import type { MockSettings } from "./mock-settings.js";

/**
 * The simulated mock array, one per serial number, on the simulated-array kernel: links come back defined,
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
    await this.store.transaction(serial, (tx) =>
      this.kernel.deleteUnusedDevice(tx, nativeId, () => refusal(MOCK_MESSAGES.deviceInUse(nativeId))),
    );
  }

  establishSnapshot(
    serial: string,
    settings: MockSettings,
    request: EstablishSnapshotRequest,
  ): Promise<EstablishedSnapshot> {
    return this.store.transaction(serial, async (tx) => {
      const { sourceNativeId, idempotencyKey } = request;
      const { snapshot } = await this.kernel.takeSnapshot(
        tx,
        { sourceNativeId, name: arraySideName(request.name), idempotencyKey },
        {
          maxPerSource: settings.maxSnapshotsPerSource,
          deviceMissing,
          limitReached: () => refusal(MOCK_MESSAGES.snapshotLimit(sourceNativeId, settings.maxSnapshotsPerSource)),
        },
      );
      return { nativeId: snapshotNativeId(snapshot.snapId), deviceLabel: snapshot.name };
    });
  }

  async terminateSnapshot(serial: string, nativeId: string): Promise<void> {
    const snapId = parseSnapshotNativeId(nativeId);
    await this.store.transaction(serial, async (tx) => {
      const snapshot = await tx.snapshot(snapId);
      if (!snapshot) return;
      await tx.lockDevices([snapshot.sourceNativeId]);
      await this.kernel.removeSnapshot(tx, snapshot, {
        linked: () => refusal(MOCK_MESSAGES.snapshotLinked(nativeId)),
        restoring: () => refusal(MOCK_MESSAGES.snapshotRestoring(nativeId)),
      });
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
      const needsTiming = this.kernel.needsTiming(
        wanted.map((item) => item.copyMode),
        passesInTicks(settings.ticks),
      );
      const timing = needsTiming ? await this.clock.timing(tx) : undefined;
      const now = this.clock.now();
      const made = await linkAll(tx, wanted, this.linkRules(settings, now, timing));
      const stateOf = new Map(
        wanted.map((item, index) => [
          item,
          mapOutcome(made[index] as BatchOutcome<LinkMade>, ({ link }) =>
            mockLinkState(link, this.kernel.progressOf(link, stalls)),
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
      build: ({ targetNativeId, snapId, copyMode }, source) =>
        this.kernel.newLink(
          { targetNativeId, snapId, sourceNativeId: source.nativeId, copyMode },
          source.capacityBytes,
          passesInTicks(settings.ticks),
          now,
          timing,
        ),
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
        return mockLinkState(link, this.kernel.progressOf(link, stalls));
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
      await this.kernel.unlink(tx, target, link, {
        force: options.force === true,
        unsettled: () => refusal(MOCK_MESSAGES.unlinkUnsettled(ref.targetNativeId)),
      });
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
      const source = (await tx.lockDevices([current.sourceNativeId, targetNativeId])).get(current.sourceNativeId);
      if (!source) throw deviceMissing(current.sourceNativeId);
      const moved = await this.kernel.relink(tx, current, to, source, passesInTicks(settings.ticks));
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
    return mockLinkState(link, this.kernel.progressOf(link, await tx.stalls()));
  }
}

function provisioned(device: SimDevice): ProvisionedDevice {
  return { nativeId: device.nativeId, wwn: device.wwn, deviceLabel: device.label };
}
