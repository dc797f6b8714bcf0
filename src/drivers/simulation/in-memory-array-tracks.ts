import type { ArrayTracks, SimTrackUsage } from "./array-state-store.js";
import type { InMemoryArrayState } from "./in-memory-array-state.js";

/** An array's data plane in process memory. */
export function inMemoryArrayTracks(state: InMemoryArrayState): ArrayTracks {
  const part: ArrayTracks = {
    async ownTracks(nativeId: string, tracks: readonly number[]): Promise<Map<number, Uint8Array>> {
      const own = state.tracks.get(nativeId);
      const found = new Map<number, Uint8Array>();
      for (const track of tracks) {
        const data = own?.get(track);
        if (data) found.set(track, data);
      }
      return found;
    },

    async ownTrackNumbers(nativeId: string): Promise<number[]> {
      return [...(state.tracks.get(nativeId)?.keys() ?? [])].sort((a, b) => a - b);
    },

    async putOwnTracks(nativeId: string, tracks: ReadonlyMap<number, Uint8Array>): Promise<void> {
      const own = state.tracks.get(nativeId) ?? new Map<number, Uint8Array>();
      for (const [track, data] of tracks) own.set(track, Uint8Array.from(data));
      state.tracks.set(nativeId, own);
    },

    async deleteOwnTracks(nativeId: string, tracks?: readonly number[]): Promise<void> {
      if (tracks === undefined) {
        state.tracks.delete(nativeId);
        return;
      }
      const own = state.tracks.get(nativeId);
      for (const track of tracks) own?.delete(track);
    },

    async deleteOwnTracksOfDevices(nativeIds: readonly string[]): Promise<void> {
      for (const nativeId of nativeIds) state.tracks.delete(nativeId);
    },

    async preservedTracks(
      snapIds: readonly number[],
      tracks: readonly number[],
    ): Promise<Map<number, Uint8Array | null>> {
      const found = new Map<number, Uint8Array | null>();
      for (const snapId of [...snapIds].sort((a, b) => a - b)) {
        const preserved = state.preserved.get(snapId);
        if (!preserved) continue;
        for (const track of tracks) {
          if (!found.has(track) && preserved.has(track)) found.set(track, preserved.get(track) ?? null);
        }
      }
      return found;
    },

    async preservedTrackNumbers(snapIds: readonly number[]): Promise<number[]> {
      const numbers = new Set<number>();
      for (const snapId of snapIds) for (const track of state.preserved.get(snapId)?.keys() ?? []) numbers.add(track);
      return [...numbers].sort((a, b) => a - b);
    },

    async preserveTracks(snapId: number, tracks: ReadonlyMap<number, Uint8Array | null>): Promise<void> {
      const preserved = state.preserved.get(snapId) ?? new Map<number, Uint8Array | null>();
      for (const [track, data] of tracks) {
        if (!preserved.has(track)) preserved.set(track, data === null ? null : Uint8Array.from(data));
      }
      state.preserved.set(snapId, preserved);
    },

    async handOverPreservedTracks(fromSnapId: number, toSnapId: number | null): Promise<void> {
      const from = state.preserved.get(fromSnapId);
      state.preserved.delete(fromSnapId);
      if (!from || toSnapId === null) return;
      await part.preserveTracks(toSnapId, from);
    },

    async trackUsage(): Promise<SimTrackUsage> {
      const usage = (tracks: ReadonlyMap<number, Uint8Array | null>) => ({
        tracks: tracks.size,
        bytes: [...tracks.values()].reduce((sum, data) => sum + (data?.length ?? 0), 0),
      });
      return {
        devices: new Map([...state.tracks].filter(([, t]) => t.size > 0).map(([id, t]) => [id, usage(t)])),
        snapshots: new Map([...state.preserved].filter(([, t]) => t.size > 0).map(([id, t]) => [id, usage(t)])),
      };
    },
  };
  return part;
}
