import type { DeviceLocator, LocatedDevice } from "../../../src/application/ports/device-locator.js";
import type { StorageSystemRecord } from "../../../src/application/ports/storage-catalog.js";
import { createMockDriver, MOCK_FAMILY } from "../../../src/drivers/mock/mock.driver.js";
import { InMemoryArrayStateStore } from "../../../src/drivers/simulation/in-memory-array-state-store.js";
import { SimulatedArrays } from "../../../src/drivers/simulation/simulated-arrays.js";
import { SimulationClock } from "../../../src/drivers/simulation/simulation-clock.js";
import { SimulatorApi } from "../../../src/drivers/simulation/simulator-api.js";
import { SNAPVX_FAMILY } from "../../../src/drivers/snapvx/simulated-snapvx-array.js";
import { createSnapVxDriver } from "../../../src/drivers/snapvx/snapvx.driver.js";
import { VNX_FAMILY } from "../../../src/drivers/vnx/simulated-vnx-array.js";

/** Ids registered by hand: the controller's records are not needed to reach a simulated device. */
export class InMemoryDeviceLocator implements DeviceLocator {
  private readonly systems = new Map<string, StorageSystemRecord>();
  private readonly devices = new Map<string, LocatedDevice>();

  addSystem(system: StorageSystemRecord): void {
    this.systems.set(system.id, system);
  }

  addDevice(id: string, device: LocatedDevice): void {
    this.devices.set(id, device);
  }

  async storageSystem(id: string): Promise<StorageSystemRecord | null> {
    return this.systems.get(id) ?? null;
  }

  async device(id: string): Promise<LocatedDevice | null> {
    return this.devices.get(id) ?? null;
  }
}

/** The `/sim` API over simulated arrays in memory (instant clock), with drivers on the same arrays. */
export class InMemorySimulator {
  readonly store = new InMemoryArrayStateStore();
  readonly clock = new SimulationClock({ profile: "instant" });
  readonly locator = new InMemoryDeviceLocator();
  readonly arrays = new SimulatedArrays(this.store, this.clock, [SNAPVX_FAMILY, VNX_FAMILY, MOCK_FAMILY]);
  readonly api = new SimulatorApi(this.arrays, this.locator);
  readonly snapvx = createSnapVxDriver({ store: this.store, clock: this.clock });
  readonly mock = createMockDriver({ store: this.store, clock: this.clock });
}
