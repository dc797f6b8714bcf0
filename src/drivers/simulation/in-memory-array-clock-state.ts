import type { ArrayClockState, SimClockSetting, SimJob, SimStalls } from "./array-state-store.js";
import type { InMemoryArrayState } from "./in-memory-array-state.js";

/** A shared holder, so that transactions see a setting saved after they were created. */
export interface ClockSettingCell {
  setting: SimClockSetting | null;
}

/** An array's stalled jobs, and the clock setting shared by every array, in process memory. */
export function inMemoryArrayClockState(state: InMemoryArrayState, clock: ClockSettingCell): ArrayClockState {
  const part: ArrayClockState = {
    async stallJobs(job: SimJob, since: number): Promise<void> {
      if (!state.stalls.has(job)) state.stalls.set(job, since);
    },

    async stalls(): Promise<SimStalls> {
      return new Map(state.stalls);
    },

    async clearStalls(): Promise<SimStalls> {
      const stalls = new Map(state.stalls);
      state.stalls.clear();
      return stalls;
    },

    async clockSetting(): Promise<SimClockSetting | null> {
      return clock.setting;
    },
  };
  return part;
}
