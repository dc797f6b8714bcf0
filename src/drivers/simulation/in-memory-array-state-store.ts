import type {
  ArrayStateStore,
  ArrayStateTransaction,
  SimCounter,
  SimDevice,
  SimFault,
  SimFaultSpec,
  SimLink,
  SimOperation,
  SimSnapshot,
} from "./array-state-store.js";

interface ArrayState {
  counters: Record<SimCounter, number>;
  devices: Map<string, SimDevice>;
  snapshots: Map<number, SimSnapshot>;
  links: Map<string, SimLink>;
  faults: SimFault[];
  nextFaultId: number;
}

function emptyArray(): ArrayState {
  return {
    counters: { device: 0, snapshot: 0 },
    devices: new Map(),
    snapshots: new Map(),
    links: new Map(),
    faults: [],
    nextFaultId: 1,
  };
}

/**
 * The state store in process memory, for unit tests and single-process runs. Transactions on
 * one array run one at a time on a copy of its state that replaces the state only on success,
 * so they are as atomic and isolated as the Postgres store's.
 */
export class InMemoryArrayStateStore implements ArrayStateStore {
  private readonly arrays = new Map<string, ArrayState>();
  private readonly queues = new Map<string, Promise<unknown>>();

  transaction<T>(arrayId: string, work: (tx: ArrayStateTransaction) => Promise<T>): Promise<T> {
    const previous = this.queues.get(arrayId) ?? Promise.resolve();
    const run = previous.then(async () => {
      const draft = structuredClone(this.arrays.get(arrayId) ?? emptyArray());
      const result = await work(new InMemoryTransaction(arrayId, draft));
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
  ) {}

  async lockArray(): Promise<void> {}

  async nextNumber(counter: SimCounter): Promise<number> {
    this.state.counters[counter] += 1;
    return this.state.counters[counter];
  }

  async device(nativeId: string): Promise<SimDevice | null> {
    return this.state.devices.get(nativeId) ?? null;
  }

  async lockDevices(nativeIds: readonly string[]): Promise<ReadonlyMap<string, SimDevice>> {
    const found = new Map<string, SimDevice>();
    for (const id of nativeIds) {
      const device = this.state.devices.get(id);
      if (device) found.set(id, device);
    }
    return found;
  }

  async deviceByIdempotencyKey(key: string): Promise<SimDevice | null> {
    for (const device of this.state.devices.values()) if (device.idempotencyKey === key) return device;
    return null;
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

  async updateDevice(device: SimDevice): Promise<void> {
    if (!this.state.devices.has(device.nativeId)) throw new Error(`no device ${device.nativeId}`);
    this.state.devices.set(device.nativeId, device);
  }

  async deleteDevice(nativeId: string): Promise<boolean> {
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
    return this.state.snapshots.delete(snapId);
  }

  async linkOfTarget(targetNativeId: string): Promise<SimLink | null> {
    return this.state.links.get(targetNativeId) ?? null;
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

  async updateLink(link: SimLink): Promise<void> {
    if (!this.state.links.has(link.targetNativeId)) throw new Error(`target ${link.targetNativeId} is not linked`);
    this.state.links.set(link.targetNativeId, link);
  }

  async deleteLink(targetNativeId: string): Promise<boolean> {
    return this.state.links.delete(targetNativeId);
  }

  async addFault(spec: SimFaultSpec): Promise<SimFault> {
    const fault: SimFault = { ...spec, id: this.state.nextFaultId, remaining: spec.count };
    this.state.nextFaultId += 1;
    this.state.faults.push(fault);
    return fault;
  }

  async takeFault(operation: SimOperation): Promise<SimFault | null> {
    const index = this.state.faults.findIndex((f) => f.operation === operation && f.remaining > 0);
    const fault = this.state.faults[index];
    if (!fault) return null;
    const spent = { ...fault, remaining: fault.remaining - 1 };
    if (spent.remaining === 0) this.state.faults.splice(index, 1);
    else this.state.faults[index] = spent;
    return spent;
  }

  async faults(): Promise<SimFault[]> {
    return this.state.faults.filter((f) => f.remaining > 0);
  }

  async clearFaults(): Promise<void> {
    this.state.faults = [];
  }
}
