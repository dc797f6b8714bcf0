import type { ArrayReplicationGroups, SimReplicationGroup } from "./array-state-store.js";
import type { InMemoryArrayState } from "./in-memory-array-state.js";

/** An array's replication groups in process memory (group name → member native ids). */
export function inMemoryArrayReplicationGroups(state: InMemoryArrayState): ArrayReplicationGroups {
  return {
    async addToReplicationGroup(groupName: string, nativeIds: readonly string[]): Promise<void> {
      const joining = new Set(nativeIds);
      for (const [name, members] of state.replicationGroups) {
        if (name !== groupName)
          state.replicationGroups.set(
            name,
            members.filter((member) => !joining.has(member)),
          );
      }
      const members = state.replicationGroups.get(groupName) ?? [];
      state.replicationGroups.set(groupName, [...new Set([...members, ...joining])]);
    },

    async replicationGroupsOf(nativeIds: readonly string[]): Promise<ReadonlyMap<string, string>> {
      const wanted = new Set(nativeIds);
      const found = new Map<string, string>();
      for (const [name, members] of state.replicationGroups) {
        for (const member of members) if (wanted.has(member)) found.set(member, name);
      }
      return found;
    },

    async allReplicationGroups(): Promise<SimReplicationGroup[]> {
      return [...state.replicationGroups]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([name, members]) => ({ name, members: [...members].sort((a, b) => a.localeCompare(b)) }));
    },
  };
}
