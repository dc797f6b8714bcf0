import { ContainerModule } from "inversify";
import type { DataSource } from "typeorm";
import { MultiDriverRegistry } from "../../application/drivers/multi-driver-registry.js";
import { ARRAY_DRIVER, type ArrayDriver } from "../../application/ports/array-driver.js";
import { DRIVER_REGISTRY } from "../../application/ports/driver-registry.js";
import { createMockDriver } from "../../drivers/mock/mock.driver.js";
import { ARRAY_STATE_STORE, type ArrayStateStore } from "../../drivers/simulation/array-state-store.js";
import { SIMULATION_CLOCK, SimulationClock } from "../../drivers/simulation/simulation-clock.js";
import { createSnapVxDriver } from "../../drivers/snapvx/snapvx.driver.js";
import { createVnxDriver } from "../../drivers/vnx/vnx.driver.js";
import type { Config } from "../config/config.js";
import { PostgresArrayStateStore } from "../persistence/simulated-arrays/postgres-array-state-store.js";
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
});

type DriverFactory = (dependencies: { store: ArrayStateStore; clock: SimulationClock }) => ArrayDriver;

function driverModule(create: DriverFactory): ContainerModule {
  return new ContainerModule(({ bind }) => {
    bind(ARRAY_DRIVER)
      .toResolvedValue(
        (store: ArrayStateStore, clock: SimulationClock) => create({ store, clock }),
        [ARRAY_STATE_STORE, SIMULATION_CLOCK],
      )
      .inSingletonScope();
  });
}

/** One module per array family, each multi-binding its driver. */
export const snapVxModule = driverModule(createSnapVxDriver);
export const vnxModule = driverModule(createVnxDriver);
export const mockModule = driverModule(createMockDriver);
