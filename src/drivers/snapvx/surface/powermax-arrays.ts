import type { StorageSystemRecord } from "../../../application/ports/storage-catalog.js";
import type { ArrayStateStore } from "../../simulation/array-state-store.js";
import { type FaultPlan, StoredFaultPlan } from "../../simulation/fault-plan.js";
import { SimulatedArrays } from "../../simulation/simulated-arrays.js";
import type { SimulationClock } from "../../simulation/simulation-clock.js";
import { SimulatedSnapVxArray, SNAPVX_FAMILY } from "../simulated-snapvx-array.js";
import { SNAPVX_SYSTEM_TYPE } from "../snapvx.driver.js";
import type { SnapVxArrayClient } from "../snapvx-array-client.js";
import { symmetrixIdOf } from "../unisphere/powermax-identity.js";

/**
 * One simulated PowerMax as the Unisphere surface reaches it: the storage system, its SnapVX
 * array (the same simulated array the `vmax` driver uses in-process), the array's whole view
 * for lists, and its fault plan.
 */
export interface PowerMaxArray {
  readonly symmetrixId: string;
  readonly system: StorageSystemRecord;
  readonly snapvx: SnapVxArrayClient;
  readonly simulator: SimulatedArrays;
  readonly faults: FaultPlan;
}

/** The simulated PowerMax arrays the surface answers for, by Symmetrix id. */
export interface PowerMaxArrays {
  symmetrixIds(): Promise<string[]>;
  /** Null for an id the surface does not know. */
  array(symmetrixId: string): Promise<PowerMaxArray | null>;
}

/** How long the list of registered systems is reused before it is read again. */
const SYSTEMS_CACHE_MS = 1_000;

/**
 * Every registered `vmax` storage system whose serial number is a Symmetrix id (12 digits,
 * or `SYMMETRIX+` and 12 digits), on the process's state store and clock: those the controller
 * drives in-process and those it drives through this surface alike (docs/unisphere.md).
 */
export class RegisteredPowerMaxArrays implements PowerMaxArrays {
  private readonly faults: FaultPlan;
  private readonly snapvx: SnapVxArrayClient;
  private readonly simulator: SimulatedArrays;
  private cached: { readonly at: number; readonly systems: Promise<StorageSystemRecord[]> } | null = null;

  constructor(
    private readonly storageSystems: () => Promise<readonly StorageSystemRecord[]>,
    store: ArrayStateStore,
    clock: SimulationClock,
  ) {
    this.faults = new StoredFaultPlan(store);
    this.snapvx = new SimulatedSnapVxArray(store, clock, this.faults);
    this.simulator = new SimulatedArrays(store, clock, [SNAPVX_FAMILY], this.faults);
  }

  async symmetrixIds(): Promise<string[]> {
    return (await this.powerMaxSystems()).flatMap((system) => symmetrixIdOf(system.nativeId) ?? []).sort();
  }

  async array(symmetrixId: string): Promise<PowerMaxArray | null> {
    const system = (await this.powerMaxSystems()).find((s) => symmetrixIdOf(s.nativeId) === symmetrixId);
    if (!system) return null;
    return { symmetrixId, system, snapvx: this.snapvx, simulator: this.simulator, faults: this.faults };
  }

  private powerMaxSystems(): Promise<StorageSystemRecord[]> {
    const now = Date.now();
    if (!this.cached || now - this.cached.at > SYSTEMS_CACHE_MS) {
      const systems = this.storageSystems().then((all) => all.filter((s) => s.systemType === SNAPVX_SYSTEM_TYPE));
      this.cached = { at: now, systems };
      systems.catch(() => {
        this.cached = null;
      });
    }
    return this.cached.systems;
  }
}
