import { setTimeout as sleep } from "node:timers/promises";

/** Time as a follow sees it; a test hands in one that moves only when slept on. */
export interface Clock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const SYSTEM_CLOCK: Clock = {
  now: () => performance.now(),
  sleep: async (ms) => {
    await sleep(ms);
  },
};
