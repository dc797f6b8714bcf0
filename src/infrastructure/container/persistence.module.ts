import { ContainerModule } from "inversify";
import type { Logger } from "pino";
import type { DataSource } from "typeorm";
import { READ_MODEL } from "../../application/ports/read-model.js";
import { STORAGE_CONFIGURATION } from "../../application/ports/storage-configuration.js";
import { TENANT_ADMINISTRATION } from "../../application/ports/tenant-administration.js";
import { UNIT_OF_WORK } from "../../application/ports/unit-of-work.js";
import type { Config } from "../config/config.js";
import { PgAuthStore } from "../persistence/auth-store.js";
import { OutboxStore } from "../persistence/outbox-store.js";
import { PgTenantAdministration } from "../persistence/pg-tenant-administration.js";
import { SqlStorageConfiguration } from "../persistence/sql-storage-configuration.js";
import { TypeOrmReadModel } from "../persistence/typeorm-read-model.js";
import { TypeOrmUnitOfWork } from "../persistence/typeorm-unit-of-work.js";
import { directLaunch } from "../queue/direct-launch.js";
import { WorkflowLauncher } from "../queue/workflow-launcher.js";
import { AUTH_STORE, CONFIG, DATA_SOURCE, LOGGER, OUTBOX_STORE } from "./infrastructure-tokens.js";

/**
 * Postgres through TypeORM: transactions, repositories, the read model, the storage
 * configuration, auth and the outbox.
 */
export const persistenceModule = new ContainerModule(({ bind }) => {
  bind(UNIT_OF_WORK)
    .toResolvedValue(
      (dataSource: DataSource, config: Config, launcher: WorkflowLauncher, outbox: OutboxStore, logger: Logger) =>
        new TypeOrmUnitOfWork(
          dataSource,
          config.outboxGraceMs > 0
            ? directLaunch(launcher, outbox, { graceMs: config.outboxGraceMs, logger })
            : undefined,
        ),
      [DATA_SOURCE, CONFIG, WorkflowLauncher, OUTBOX_STORE, LOGGER],
    )
    .inSingletonScope();
  bind(READ_MODEL)
    .toResolvedValue((dataSource: DataSource) => new TypeOrmReadModel(dataSource), [DATA_SOURCE])
    .inSingletonScope();
  bind(STORAGE_CONFIGURATION)
    .toResolvedValue((dataSource: DataSource) => new SqlStorageConfiguration(dataSource), [DATA_SOURCE])
    .inSingletonScope();
  bind(AUTH_STORE)
    .toResolvedValue((dataSource: DataSource) => new PgAuthStore(dataSource), [DATA_SOURCE])
    .inSingletonScope();
  bind(TENANT_ADMINISTRATION)
    .toResolvedValue((dataSource: DataSource) => new PgTenantAdministration(dataSource), [DATA_SOURCE])
    .inSingletonScope();
  bind(OUTBOX_STORE)
    .toResolvedValue((dataSource: DataSource) => new OutboxStore(dataSource), [DATA_SOURCE])
    .inSingletonScope();
});
