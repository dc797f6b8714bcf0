import { ContainerModule } from "inversify";
import type { DataSource } from "typeorm";
import { MultiDriverRegistry } from "../../application/drivers/multi-driver-registry.js";
import { ARRAY_DRIVER, type ArrayDriver } from "../../application/ports/array-driver.js";
import {
  ARRAY_FAMILY_REGISTRATION,
  type ArrayFamilyRegistration,
} from "../../application/ports/array-family-registration.js";
import { DEVICE_LOCATOR, type DeviceLocator } from "../../application/ports/device-locator.js";
import { DRIVER_REGISTRY } from "../../application/ports/driver-registry.js";
import { createMockDriver, MOCK_FAMILY, MOCK_REGISTRATION } from "../../drivers/mock/mock.driver.js";
import { ARRAY_STATE_STORE, type ArrayStateStore } from "../../drivers/simulation/array-state-store.js";
import { SimulatedArrays } from "../../drivers/simulation/simulated-arrays.js";
import { SIMULATED_FAMILY, type SimulatedFamily } from "../../drivers/simulation/simulated-family.js";
import { SIMULATION_CLOCK, SimulationClock } from "../../drivers/simulation/simulation-clock.js";
import { SimulatorApi } from "../../drivers/simulation/simulator-api.js";
import { SNAPVX_FAMILY } from "../../drivers/snapvx/simulated-snapvx-array.js";
import { createSnapVxDriver, SNAPVX_REGISTRATION } from "../../drivers/snapvx/snapvx.driver.js";
import { VNX_FAMILY } from "../../drivers/vnx/simulated-vnx-array.js";
import { createVnxDriver, VNX_REGISTRATION } from "../../drivers/vnx/vnx.driver.js";
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

type DriverFactory = (dependencies: { store: ArrayStateStore; clock: SimulationClock }) => ArrayDriver;

function driverModule(
  create: DriverFactory,
  family: SimulatedFamily,
  registration: ArrayFamilyRegistration,
): ContainerModule {
  return new ContainerModule(({ bind }) => {
    bind(ARRAY_DRIVER)
      .toResolvedValue(
        (store: ArrayStateStore, clock: SimulationClock) => create({ store, clock }),
        [ARRAY_STATE_STORE, SIMULATION_CLOCK],
      )
      .inSingletonScope();
    bind(SIMULATED_FAMILY).toConstantValue(family);
    bind(ARRAY_FAMILY_REGISTRATION).toConstantValue(registration);
  });
}

/** One module per array family, each multi-binding its driver, its simulated array's words and its registration rules. */
export const snapVxModule = driverModule(createSnapVxDriver, SNAPVX_FAMILY, SNAPVX_REGISTRATION);
export const vnxModule = driverModule(createVnxDriver, VNX_FAMILY, VNX_REGISTRATION);
export const mockModule = driverModule(createMockDriver, MOCK_FAMILY, MOCK_REGISTRATION);
