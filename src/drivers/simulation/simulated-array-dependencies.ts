import type { ArrayStateStore } from "./array-state-store.js";
import type { SimulationClock } from "./simulation-clock.js";

/** What every simulated array needs: where its state lives and the clock its jobs run on. */
export interface SimulatedArrayDependencies {
  readonly store: ArrayStateStore;
  readonly clock: SimulationClock;
}
