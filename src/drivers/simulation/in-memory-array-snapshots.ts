import type { ArraySnapshots, SimSnapshot } from "./array-state-store.js";
import type { InMemoryArrayState } from "./in-memory-array-state.js";

/** An array's snapshots in process memory; a snapshot deleted takes its preserved tracks with it. */
export function inMemoryArraySnapshots(state: InMemoryArrayState): ArraySnapshots {
  const part: ArraySnapshots = {
    async snapshot(snapId: number): Promise<SimSnapshot | null> {
      return state.snapshots.get(snapId) ?? null;
    },

    async snapshotByIdempotencyKey(key: string): Promise<SimSnapshot | null> {
      for (const snapshot of state.snapshots.values()) if (snapshot.idempotencyKey === key) return snapshot;
      return null;
    },

    async snapshotsOfSource(sourceNativeId: string): Promise<SimSnapshot[]> {
      return [...state.snapshots.values()]
        .filter((s) => s.sourceNativeId === sourceNativeId)
        .sort((a, b) => a.snapId - b.snapId);
    },

    async insertSnapshot(snapshot: SimSnapshot): Promise<void> {
      if (state.snapshots.has(snapshot.snapId)) throw new Error(`snapshot ${snapshot.snapId} exists`);
      state.snapshots.set(snapshot.snapId, snapshot);
    },

    async updateSnapshot(snapshot: SimSnapshot): Promise<void> {
      if (!state.snapshots.has(snapshot.snapId)) throw new Error(`no snapshot ${snapshot.snapId}`);
      state.snapshots.set(snapshot.snapId, snapshot);
    },

    async deleteSnapshot(snapId: number): Promise<boolean> {
      state.preserved.delete(snapId);
      return state.snapshots.delete(snapId);
    },

    async allSnapshots(): Promise<SimSnapshot[]> {
      return [...state.snapshots.values()].sort((a, b) => a.snapId - b.snapId);
    },
  };
  return part;
}
