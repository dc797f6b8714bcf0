import { ContainerModule } from "inversify";
import type { DataSource } from "typeorm";
import {
  ARRAY_FAMILY_REGISTRATION,
  type ArrayFamilyRegistration,
} from "../../application/ports/array-family-registration.js";
import { CLOCK, type Clock } from "../../application/ports/clock.js";
import { STORAGE_CONFIGURATION, type StorageConfiguration } from "../../application/ports/storage-configuration.js";
import { UNIT_OF_WORK, type UnitOfWork } from "../../application/ports/unit-of-work.js";
import { CreateVirtualArrayHandler } from "../../application/storage/create-virtual-array.handler.js";
import { CreateVirtualPoolHandler } from "../../application/storage/create-virtual-pool.handler.js";
import { RegisterStorageSystemHandler } from "../../application/storage/register-storage-system.handler.js";
import { SqlStorageConfiguration } from "../persistence/sql-storage-configuration.js";
import { DATA_SOURCE } from "./infrastructure-tokens.js";

const EVERY_FAMILY = { isMultiple: true, serviceIdentifier: ARRAY_FAMILY_REGISTRATION } as const;

/** SYSTEM_ADMIN's changes to the storage configuration: storage systems, virtual arrays, virtual pools. */
export const storageAdministrationModule = new ContainerModule(({ bind }) => {
  bind(STORAGE_CONFIGURATION)
    .toResolvedValue((dataSource: DataSource) => new SqlStorageConfiguration(dataSource), [DATA_SOURCE])
    .inSingletonScope();
  bind(RegisterStorageSystemHandler)
    .toResolvedValue(
      (uow: UnitOfWork, configuration: StorageConfiguration, families: ArrayFamilyRegistration[], clock: Clock) =>
        new RegisterStorageSystemHandler(uow, configuration, families, clock),
      [UNIT_OF_WORK, STORAGE_CONFIGURATION, EVERY_FAMILY, CLOCK],
    )
    .inSingletonScope();
  bind(CreateVirtualArrayHandler)
    .toResolvedValue(
      (configuration: StorageConfiguration, clock: Clock) => new CreateVirtualArrayHandler(configuration, clock),
      [STORAGE_CONFIGURATION, CLOCK],
    )
    .inSingletonScope();
  bind(CreateVirtualPoolHandler)
    .toResolvedValue(
      (uow: UnitOfWork, configuration: StorageConfiguration, families: ArrayFamilyRegistration[], clock: Clock) =>
        new CreateVirtualPoolHandler(uow, configuration, families, clock),
      [UNIT_OF_WORK, STORAGE_CONFIGURATION, EVERY_FAMILY, CLOCK],
    )
    .inSingletonScope();
});
