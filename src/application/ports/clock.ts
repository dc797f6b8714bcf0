/** Wall-clock time in epoch milliseconds; replaced by a fixed clock in tests. */
export interface Clock {
  now(): number;
}

export const CLOCK = Symbol("Clock");

export const systemClock: Clock = { now: () => Date.now() };
