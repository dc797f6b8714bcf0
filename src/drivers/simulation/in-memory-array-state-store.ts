import type { ArrayStateStore, ArrayStateTransaction, SimClockSetting, SimCounter } from "./array-state-store.js";
import { type ClockSettingCell, inMemoryArrayClockState } from "./in-memory-array-clock-state.js";
import { inMemoryArrayDevices } from "./in-memory-array-devices.js";
import { hasHitsLeft, inMemoryArrayFaults } from "./in-memory-array-faults.js";
import { inMemoryArrayLinks } from "./in-memory-array-links.js";
import { inMemoryArrayReplicationGroups } from "./in-memory-array-replication-groups.js";
import { inMemoryArraySnapshots } from "./in-memory-array-snapshots.js";
import { emptyArrayState, type InMemoryArrayState } from "./in-memory-array-state.js";
import { inMemoryArrayTracks } from "./in-memory-array-tracks.js";

/**
 * The state store in process memory, for unit tests and single-process runs. Transactions on
 * one array run one at a time on a copy of its state that replaces the state only on success,
 * so they are as atomic and isolated as the Postgres store's. A transaction is made of one part
 * per concern of the port (in-memory-array-devices.ts, …-snapshots, …-links, …-faults,
 * …-clock-state, …-tracks), all on the same copy.
 */
export class InMemoryArrayStateStore implements ArrayStateStore {
  private readonly arrays = new Map<string, InMemoryArrayState>();
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
      const draft = structuredClone(this.arrays.get(arrayId) ?? emptyArrayState());
      const result = await work(inMemoryTransaction(arrayId, draft, this.clock));
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

function inMemoryTransaction(
  arrayId: string,
  state: InMemoryArrayState,
  clock: ClockSettingCell,
): ArrayStateTransaction {
  return {
    arrayId,
    // One transaction per array at a time: the array is always locked.
    async lockArray(): Promise<void> {},
    async nextNumber(counter: SimCounter): Promise<number> {
      state.counters[counter] += 1;
      return state.counters[counter];
    },
    async nextNumbers(counter: SimCounter, count: number): Promise<number[]> {
      const first = state.counters[counter] + 1;
      state.counters[counter] += count;
      return Array.from({ length: count }, (_, index) => first + index);
    },
    ...inMemoryArrayDevices(state),
    ...inMemoryArrayReplicationGroups(state),
    ...inMemoryArraySnapshots(state),
    ...inMemoryArrayLinks(state),
    ...inMemoryArrayFaults(state),
    ...inMemoryArrayClockState(state, clock),
    ...inMemoryArrayTracks(state),
  };
}
