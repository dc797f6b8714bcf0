import { Container } from "inversify";
import {
  ARRAY_FAMILY_REGISTRATION,
  type ArrayFamilyRegistration,
} from "../../../src/application/ports/array-family-registration.js";
import { CLOCK, type Clock } from "../../../src/application/ports/clock.js";
import { DRIVER_REGISTRY, type DriverRegistry } from "../../../src/application/ports/driver-registry.js";
import { READ_MODEL, type ReadModel } from "../../../src/application/ports/read-model.js";
import {
  STORAGE_CONFIGURATION,
  type StorageConfiguration,
} from "../../../src/application/ports/storage-configuration.js";
import {
  TENANT_ADMINISTRATION,
  type TenantAdministration,
} from "../../../src/application/ports/tenant-administration.js";
import { UNIT_OF_WORK, type UnitOfWork } from "../../../src/application/ports/unit-of-work.js";
import { SimulatorApi } from "../../../src/drivers/simulation/simulator-api.js";
import { applicationModules } from "../../../src/infrastructure/container/application.module.js";

/** The ports the API's handlers and queries are built from, as a test provides them. */
export interface ApiPorts {
  readonly unitOfWork: UnitOfWork;
  readonly drivers: DriverRegistry;
  readonly clock: Clock;
  readonly readModel: ReadModel;
  readonly tenants: TenantAdministration;
  readonly storageConfiguration: StorageConfiguration;
  readonly families: readonly ArrayFamilyRegistration[];
  readonly simulator: SimulatorApi;
}

/**
 * The services the routes call, bound by the same modules as in an API process
 * (src/infrastructure/container/application.module.ts), over the test's ports.
 */
export function apiServices(ports: ApiPorts): Container {
  const container = new Container();
  container.bind(UNIT_OF_WORK).toConstantValue(ports.unitOfWork);
  container.bind(DRIVER_REGISTRY).toConstantValue(ports.drivers);
  container.bind(CLOCK).toConstantValue(ports.clock);
  container.bind(READ_MODEL).toConstantValue(ports.readModel);
  container.bind(TENANT_ADMINISTRATION).toConstantValue(ports.tenants);
  container.bind(STORAGE_CONFIGURATION).toConstantValue(ports.storageConfiguration);
  for (const family of ports.families) container.bind(ARRAY_FAMILY_REGISTRATION).toConstantValue(family);
  container.bind(SimulatorApi).toConstantValue(ports.simulator);
  container.load(...applicationModules);
  return container;
}
