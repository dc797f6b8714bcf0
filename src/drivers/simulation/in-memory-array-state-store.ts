import type {
  ArrayStateStore,
  ArrayStateTransaction,
  SimClockSetting,
  SimCounter,
  SimDevice,
  SimFault,
  SimFaultHit,
  SimFaultSpec,
  SimJob,
  SimLink,
  SimOperation,
  SimSnapshot,
  SimStalls,
  SimTrackUsage,
} from "./array-state-store.js";
import { isLatencyFault } from "./array-state-store.js";

interface ArrayState {
  counters: Record<SimCounter, number>;
  devices: Map<string, SimDevice>;
  snapshots: Map<number, SimSnapshot>;
  links: Map<string, SimLink>;
  faults: SimFault[];
  nextFaultId: number;
  stalls: Map<SimJob, number>;
  /** Own tracks per device. */
  tracks: Map<string, Map<number, Uint8Array>>;
  /** Preserved tracks per snapshot. */
  preserved: Map<number, Map<number, Uint8Array | null>>;
}

function emptyArray(): ArrayState {
  return {
    counters: { device: 0, snapshot: 0 },
    devices: new Map(),
    snapshots: new Map(),
    links: new Map(),
    faults: [],
    nextFaultId: 1,
    stalls: new Map(),
    tracks: new Map(),
    preserved: new Map(),
  };
}

/** A shared holder, so that transactions see a setting saved after they were created. */
interface ClockSettingCell {
  setting: SimClockSetting | null;
}

/**
 * The state store in process memory, for unit tests and single-process runs. Transactions on
 * one array run one at a time on a copy of its state that replaces the state only on success,
 * so they are as atomic and isolated as the Postgres store's.
 */
export class InMemoryArrayStateStore implements ArrayStateStore {
  private readonly arrays = new Map<string, ArrayState>();
  private readonly queues = new Map<string, Promise<unknown>>();
  private readonly clock: ClockSettingCell = { setting: null };

  async hasFaults(arrayId: string): Promise<boolean> {
    await this.queues.get(arrayId);
    return (this.arrays.get(arrayId)?.faults ?? []).some(hasHitsLeft);
  }

  async saveClockSetting(setting: SimClockSetting | null): Promise<void> {
    this.clock.setting = setting;
  }

  transaction<T>(arrayId: string, work: (tx: ArrayStateTransaction) => Promise<T>): Promise<T> {
    const previous = this.queues.get(arrayId) ?? Promise.resolve();
    const run = previous.then(async () => {
      const draft = structuredClone(this.arrays.get(arrayId) ?? emptyArray());
      const result = await work(new InMemoryTransaction(arrayId, draft, this.clock));
      this.arrays.set(arrayId, draft);
      return result;
    });
    const settled = run.catch(() => undefined);
    this.queues.set(arrayId, settled);
    void settled.then(() => {
      if (this.queues.get(arrayId) === settled) this.queues.delete(arrayId);
    });
    return run;
  }
}

class InMemoryTransaction implements ArrayStateTransaction {
  constructor(
    readonly arrayId: string,
    private readonly state: ArrayState,
    private readonly clock: ClockSettingCell,
  ) {}

  async lockArray(): Promise<void> {}

  async nextNumber(counter: SimCounter): Promise<number> {
    this.state.counters[counter] += 1;
    return this.state.counters[counter];
  }

  async nextNumbers(counter: SimCounter, count: number): Promise<number[]> {
    const first = this.state.counters[counter] + 1;
    this.state.counters[counter] += count;
    return Array.from({ length: count }, (_, index) => first + index);
  }

  async devices(nativeIds: readonly string[]): Promise<ReadonlyMap<string, SimDevice>> {
    return this.lockDevices(nativeIds);
  }

  async device(nativeId: string): Promise<SimDevice | null> {
    return this.state.devices.get(nativeId) ?? null;
  }

  async lockDevices(nativeIds: readonly string[]): Promise<ReadonlyMap<string, SimDevice>> {
    return picked(this.state.devices, nativeIds);
  }

  async deviceByIdempotencyKey(key: string): Promise<SimDevice | null> {
    for (const device of this.state.devices.values()) if (device.idempotencyKey === key) return device;
    return null;
  }

  async devicesByIdempotencyKeys(keys: readonly string[]): Promise<ReadonlyMap<string, SimDevice>> {
    const wanted = new Set(keys);
    const found = new Map<string, SimDevice>();
    for (const device of this.state.devices.values()) {
      if (device.idempotencyKey !== null && wanted.has(device.idempotencyKey)) found.set(device.idempotencyKey, device);
    }
    return found;
  }

  async childDevices(parentNativeId: string): Promise<SimDevice[]> {
    return [...this.state.devices.values()].filter((d) => d.parentNativeId === parentNativeId);
  }

  async insertDevice(device: SimDevice): Promise<void> {
    if (this.state.devices.has(device.nativeId)) throw new Error(`device ${device.nativeId} exists`);
    if (device.idempotencyKey !== null && (await this.deviceByIdempotencyKey(device.idempotencyKey))) {
      throw new Error(`a device with idempotency key ${device.idempotencyKey} exists`);
    }
    this.state.devices.set(device.nativeId, device);
  }

  async insertDevices(devices: readonly SimDevice[]): Promise<void> {
    const before = new Map(this.state.devices);
    try {
      for (const device of devices) await this.insertDevice(device);
    } catch (error) {
      this.state.devices = before;
      throw error;
    }
  }

  async updateDevice(device: SimDevice): Promise<void> {
    if (!this.state.devices.has(device.nativeId)) throw new Error(`no device ${device.nativeId}`);
    this.state.devices.set(device.nativeId, device);
  }

  async deleteDevice(nativeId: string): Promise<boolean> {
    this.state.tracks.delete(nativeId);
    return this.state.devices.delete(nativeId);
  }

  async snapshot(snapId: number): Promise<SimSnapshot | null> {
    return this.state.snapshots.get(snapId) ?? null;
  }

  async snapshotByIdempotencyKey(key: string): Promise<SimSnapshot | null> {
    for (const snapshot of this.state.snapshots.values()) if (snapshot.idempotencyKey === key) return snapshot;
    return null;
  }

  async snapshotsOfSource(sourceNativeId: string): Promise<SimSnapshot[]> {
    return [...this.state.snapshots.values()]
      .filter((s) => s.sourceNativeId === sourceNativeId)
      .sort((a, b) => a.snapId - b.snapId);
  }

  async insertSnapshot(snapshot: SimSnapshot): Promise<void> {
    if (this.state.snapshots.has(snapshot.snapId)) throw new Error(`snapshot ${snapshot.snapId} exists`);
    this.state.snapshots.set(snapshot.snapId, snapshot);
  }

  async updateSnapshot(snapshot: SimSnapshot): Promise<void> {
    if (!this.state.snapshots.has(snapshot.snapId)) throw new Error(`no snapshot ${snapshot.snapId}`);
    this.state.snapshots.set(snapshot.snapId, snapshot);
  }

  async deleteSnapshot(snapId: number): Promise<boolean> {
    this.state.preserved.delete(snapId);
    return this.state.snapshots.delete(snapId);
  }

  async linkOfTarget(targetNativeId: string): Promise<SimLink | null> {
    return this.state.links.get(targetNativeId) ?? null;
  }

  async linksOfTargets(targetNativeIds: readonly string[]): Promise<ReadonlyMap<string, SimLink>> {
    return picked(this.state.links, targetNativeIds);
  }

  async linksOfSnapshot(snapId: number): Promise<SimLink[]> {
    return [...this.state.links.values()].filter((l) => l.snapId === snapId);
  }

  async countLinksOfSource(sourceNativeId: string): Promise<number> {
    let count = 0;
    for (const link of this.state.links.values()) if (link.sourceNativeId === sourceNativeId) count += 1;
    return count;
  }

  async insertLink(link: SimLink): Promise<void> {
    if (this.state.links.has(link.targetNativeId)) throw new Error(`target ${link.targetNativeId} is linked`);
    this.state.links.set(link.targetNativeId, link);
  }

  async insertLinkWithinLimit(link: SimLink, maxLinksOfSource: number): Promise<boolean> {
    if ((await this.countLinksOfSource(link.sourceNativeId)) >= maxLinksOfSource) return false;
    await this.insertLink(link);
    return true;
  }

  async insertLinksWithinLimit(links: readonly SimLink[], maxLinksOfSource: number): Promise<ReadonlySet<string>> {
    if (links.some((link) => this.state.links.has(link.targetNativeId))) throw new Error("a target is linked");
    const inserted = new Set<string>();
    for (const link of links) {
      if (await this.insertLinkWithinLimit(link, maxLinksOfSource)) inserted.add(link.targetNativeId);
    }
    return inserted;
  }

  async updateLink(link: SimLink): Promise<void> {
    if (!this.state.links.has(link.targetNativeId)) throw new Error(`target ${link.targetNativeId} is not linked`);
    this.state.links.set(link.targetNativeId, link);
  }

  async deleteLink(targetNativeId: string): Promise<boolean> {
    return this.state.links.delete(targetNativeId);
  }

  async allDevices(): Promise<SimDevice[]> {
    return [...this.state.devices.values()].sort((a, b) => a.nativeId.localeCompare(b.nativeId));
  }

  async allSnapshots(): Promise<SimSnapshot[]> {
    return [...this.state.snapshots.values()].sort((a, b) => a.snapId - b.snapId);
  }

  async allLinks(): Promise<SimLink[]> {
    return [...this.state.links.values()].sort((a, b) => a.targetNativeId.localeCompare(b.targetNativeId));
  }

  async addFault(spec: SimFaultSpec): Promise<SimFault> {
    const fault: SimFault = { ...spec, id: this.state.nextFaultId, remaining: spec.count };
    this.state.nextFaultId += 1;
    this.state.faults.push(fault);
    return fault;
  }

  async takeFault(operation: SimOperation): Promise<SimFaultHit> {
    const error = this.spend((f) => f.operation === operation && !isLatencyFault(f));
    const latency = this.spend((f) => f.operation === operation && isLatencyFault(f));
    return {
      error: error && !isLatencyFault(error) ? { message: error.message, retryable: error.retryable } : null,
      latencyMs: latency && isLatencyFault(latency) ? latency.latencyMs : 0,
    };
  }

  private spend(matches: (fault: SimFault) => boolean): SimFault | null {
    const index = this.state.faults.findIndex((f) => matches(f) && hasHitsLeft(f));
    const fault = this.state.faults[index];
    if (!fault) return null;
    if (fault.remaining === null) return fault;
    const spent = { ...fault, remaining: fault.remaining - 1 };
    if (spent.remaining === 0) this.state.faults.splice(index, 1);
    else this.state.faults[index] = spent;
    return spent;
  }

  async faults(): Promise<SimFault[]> {
    return this.state.faults.filter(hasHitsLeft);
  }

  async clearFaults(): Promise<void> {
    this.state.faults = [];
  }

  async stallJobs(job: SimJob, since: number): Promise<void> {
    if (!this.state.stalls.has(job)) this.state.stalls.set(job, since);
  }

  async stalls(): Promise<SimStalls> {
    return new Map(this.state.stalls);
  }

  async clearStalls(): Promise<SimStalls> {
    const stalls = new Map(this.state.stalls);
    this.state.stalls.clear();
    return stalls;
  }

  async ownTracks(nativeId: string, tracks: readonly number[]): Promise<Map<number, Uint8Array>> {
    const own = this.state.tracks.get(nativeId);
    const found = new Map<number, Uint8Array>();
    for (const track of tracks) {
      const data = own?.get(track);
      if (data) found.set(track, data);
    }
    return found;
  }

  async ownTrackNumbers(nativeId: string): Promise<number[]> {
    return [...(this.state.tracks.get(nativeId)?.keys() ?? [])].sort((a, b) => a - b);
  }

  async putOwnTracks(nativeId: string, tracks: ReadonlyMap<number, Uint8Array>): Promise<void> {
    const own = this.state.tracks.get(nativeId) ?? new Map<number, Uint8Array>();
    for (const [track, data] of tracks) own.set(track, Uint8Array.from(data));
    this.state.tracks.set(nativeId, own);
  }

  async deleteOwnTracks(nativeId: string, tracks?: readonly number[]): Promise<void> {
    if (tracks === undefined) {
      this.state.tracks.delete(nativeId);
      return;
    }
    const own = this.state.tracks.get(nativeId);
    for (const track of tracks) own?.delete(track);
  }

  async deleteOwnTracksOfDevices(nativeIds: readonly string[]): Promise<void> {
    for (const nativeId of nativeIds) this.state.tracks.delete(nativeId);
  }

  async preservedTracks(
    snapIds: readonly number[],
    tracks: readonly number[],
  ): Promise<Map<number, Uint8Array | null>> {
    const found = new Map<number, Uint8Array | null>();
    for (const snapId of [...snapIds].sort((a, b) => a - b)) {
      const preserved = this.state.preserved.get(snapId);
      if (!preserved) continue;
      for (const track of tracks) {
        if (!found.has(track) && preserved.has(track)) found.set(track, preserved.get(track) ?? null);
      }
    }
    return found;
  }

  async preservedTrackNumbers(snapIds: readonly number[]): Promise<number[]> {
    const numbers = new Set<number>();
    for (const snapId of snapIds)
      for (const track of this.state.preserved.get(snapId)?.keys() ?? []) numbers.add(track);
    return [...numbers].sort((a, b) => a - b);
  }

  async preserveTracks(snapId: number, tracks: ReadonlyMap<number, Uint8Array | null>): Promise<void> {
    const preserved = this.state.preserved.get(snapId) ?? new Map<number, Uint8Array | null>();
    for (const [track, data] of tracks) {
      if (!preserved.has(track)) preserved.set(track, data === null ? null : Uint8Array.from(data));
    }
    this.state.preserved.set(snapId, preserved);
  }

  async handOverPreservedTracks(fromSnapId: number, toSnapId: number | null): Promise<void> {
    const from = this.state.preserved.get(fromSnapId);
    this.state.preserved.delete(fromSnapId);
    if (!from || toSnapId === null) return;
    await this.preserveTracks(toSnapId, from);
  }

  async trackUsage(): Promise<SimTrackUsage> {
    const usage = (tracks: ReadonlyMap<number, Uint8Array | null>) => ({
      tracks: tracks.size,
      bytes: [...tracks.values()].reduce((sum, data) => sum + (data?.length ?? 0), 0),
    });
    return {
      devices: new Map([...this.state.tracks].filter(([, t]) => t.size > 0).map(([id, t]) => [id, usage(t)])),
      snapshots: new Map([...this.state.preserved].filter(([, t]) => t.size > 0).map(([id, t]) => [id, usage(t)])),
    };
  }

  async clockSetting(): Promise<SimClockSetting | null> {
    return this.clock.setting;
  }
}

function hasHitsLeft(fault: SimFault): boolean {
  return fault.remaining === null || fault.remaining > 0;
}

/** The entries of `from` under those of `keys` it has. */
function picked<V>(from: ReadonlyMap<string, V>, keys: readonly string[]): Map<string, V> {
  return new Map(keys.flatMap((key) => (from.has(key) ? [[key, from.get(key) as V] as const] : [])));
}
