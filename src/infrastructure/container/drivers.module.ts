import { ContainerModule } from "inversify";
import type { DataSource } from "typeorm";
import { MultiDriverRegistry } from "../../application/drivers/multi-driver-registry.js";
import { ARRAY_DRIVER, type ArrayDriver } from "../../application/ports/array-driver.js";
import { ARRAY_FAMILY_REGISTRATION } from "../../application/ports/array-family-registration.js";
import { DEVICE_LOCATOR, type DeviceLocator } from "../../application/ports/device-locator.js";
import { DRIVER_REGISTRY } from "../../application/ports/driver-registry.js";
import { ARRAY_FAMILIES } from "../../drivers/array-families.js";
import type { ArrayFamily } from "../../drivers/simulation/array-family.js";
import { ARRAY_STATE_STORE, type ArrayStateStore } from "../../drivers/simulation/array-state-store.js";
import { SimulatedArrays } from "../../drivers/simulation/simulated-arrays.js";
import { SIMULATED_FAMILY, type SimulatedFamily } from "../../drivers/simulation/simulated-family.js";
import { SIMULATION_CLOCK, SimulationClock } from "../../drivers/simulation/simulation-clock.js";
import { SimulatorApi } from "../../drivers/simulation/simulator-api.js";
import type { Config } from "../config/config.js";
import { PostgresArrayStateStore } from "../persistence/simulated-arrays/postgres-array-state-store.js";
import { SqlDeviceLocator } from "../persistence/sql-device-locator.js";
import { CONFIG, DATA_SOURCE } from "./infrastructure-tokens.js";

/** What every simulated array family shares: the state store in Postgres and the clock. */
export const simulationModule = new ContainerModule(({ bind }) => {
  bind(ARRAY_STATE_STORE)
    .toResolvedValue((dataSource: DataSource) => new PostgresArrayStateStore(dataSource), [DATA_SOURCE])
    .inSingletonScope();
  bind(SIMULATION_CLOCK)
    .toResolvedValue((config: Config) => new SimulationClock({ profile: config.simulationClock }), [CONFIG])
    .inSingletonScope();
  bind(DRIVER_REGISTRY)
    .toResolvedValue(
      (drivers: ArrayDriver[]) => new MultiDriverRegistry(drivers),
      [{ isMultiple: true, serviceIdentifier: ARRAY_DRIVER }],
    )
    .inSingletonScope();
  bind(DEVICE_LOCATOR)
    .toResolvedValue((dataSource: DataSource) => new SqlDeviceLocator(dataSource), [DATA_SOURCE])
    .inSingletonScope();
  bind(SimulatorApi)
    .toResolvedValue(
      (store: ArrayStateStore, clock: SimulationClock, families: SimulatedFamily[], locator: DeviceLocator) =>
        new SimulatorApi(new SimulatedArrays(store, clock, families), locator),
      [ARRAY_STATE_STORE, SIMULATION_CLOCK, { isMultiple: true, serviceIdentifier: SIMULATED_FAMILY }, DEVICE_LOCATOR],
    )
    .inSingletonScope();
});

/** A family's module: multi-binds its driver, its simulated array's words and its registration rules. */
function familyModule(family: ArrayFamily): ContainerModule {
  return new ContainerModule(({ bind }) => {
    bind(ARRAY_DRIVER)
      .toResolvedValue(
        (store: ArrayStateStore, clock: SimulationClock) => family.createDriver({ store, clock }),
        [ARRAY_STATE_STORE, SIMULATION_CLOCK],
      )
      .inSingletonScope();
    bind(SIMULATED_FAMILY).toConstantValue(family.simulatedFamily);
    bind(ARRAY_FAMILY_REGISTRATION).toConstantValue(family.registration);
  });
}

/** One module per listed array family. */
export const familyModules: readonly ContainerModule[] = ARRAY_FAMILIES.map(familyModule);
