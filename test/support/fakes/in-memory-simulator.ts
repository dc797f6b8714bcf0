import type { ArrayDriver } from "../../../src/application/ports/array-driver.js";
import type { DeviceLocator, LocatedDevice } from "../../../src/application/ports/device-locator.js";
import type { StorageSystemRecord } from "../../../src/application/ports/storage-catalog.js";
import { ARRAY_FAMILIES } from "../../../src/drivers/array-families.js";
import { InMemoryArrayStateStore } from "../../../src/drivers/simulation/in-memory-array-state-store.js";
import { SimulatedArrays } from "../../../src/drivers/simulation/simulated-arrays.js";
import { SimulationClock } from "../../../src/drivers/simulation/simulation-clock.js";
import { SimulatorApi } from "../../../src/drivers/simulation/simulator-api.js";

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
  readonly arrays = new SimulatedArrays(
    this.store,
    this.clock,
    ARRAY_FAMILIES.map((family) => family.simulatedFamily),
  );
  readonly api = new SimulatorApi(this.arrays, this.locator);
  /** Every listed family's driver on these arrays, by system type. */
  readonly drivers: ReadonlyMap<string, ArrayDriver> = new Map(
    ARRAY_FAMILIES.map((family) => [family.systemType, family.createDriver({ store: this.store, clock: this.clock })]),
  );
  /** The drivers the tests arrange with by name. */
  readonly snapvx = this.driverOf("vmax");
  readonly mock = this.driverOf("mock");

  driverOf(systemType: string): ArrayDriver {
    const driver = this.drivers.get(systemType);
    if (!driver) throw new Error(`no listed family has system_type ${systemType}`);
    return driver;
  }
}
