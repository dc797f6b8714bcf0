import type { SimCounter, SimDevice, SimFault, SimJob, SimLink, SimSnapshot } from "./array-state-store.js";

/** One array's state in process memory; a transaction works on a copy of it. */
export interface InMemoryArrayState {
  counters: Record<SimCounter, number>;
  devices: Map<string, SimDevice>;
  snapshots: Map<number, SimSnapshot>;
  links: Map<string, SimLink>;
  /** Replication groups: name → member native ids. */
  replicationGroups: Map<string, string[]>;
  faults: SimFault[];
  nextFaultId: number;
  stalls: Map<SimJob, number>;
  /** Own tracks per device. */
  tracks: Map<string, Map<number, Uint8Array>>;
  /** Preserved tracks per snapshot. */
  preserved: Map<number, Map<number, Uint8Array | null>>;
}

export function emptyArrayState(): InMemoryArrayState {
  return {
    counters: { device: 0, snapshot: 0 },
    devices: new Map(),
    snapshots: new Map(),
    links: new Map(),
    replicationGroups: new Map(),
    faults: [],
    nextFaultId: 1,
    stalls: new Map(),
    tracks: new Map(),
    preserved: new Map(),
  };
}

/** The entries of `from` under those of `keys` it has. */
export function picked<V>(from: ReadonlyMap<string, V>, keys: readonly string[]): Map<string, V> {
  return new Map(keys.flatMap((key) => (from.has(key) ? [[key, from.get(key) as V] as const] : [])));
}
