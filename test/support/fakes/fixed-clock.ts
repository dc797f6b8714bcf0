import type { Clock } from "../../../src/application/ports/clock.js";

/** A clock that moves only when told to. */
export class FixedClock implements Clock {
  constructor(private current = Date.UTC(2024, 0, 15, 12, 0, 0)) {}

  now(): number {
    return this.current;
  }

  advance(ms: number): void {
    this.current += ms;
  }
}
