import { ContainerModule } from "inversify";
import type { DataSource } from "typeorm";
import { READ_MODEL } from "../../application/ports/read-model.js";
import { TENANT_ADMINISTRATION } from "../../application/ports/tenant-administration.js";
import { UNIT_OF_WORK } from "../../application/ports/unit-of-work.js";
import { PgAuthStore } from "../persistence/auth-store.js";
import { OutboxStore } from "../persistence/outbox-store.js";
import { PgTenantAdministration } from "../persistence/pg-tenant-administration.js";
import { TypeOrmReadModel } from "../persistence/typeorm-read-model.js";
import { TypeOrmUnitOfWork } from "../persistence/typeorm-unit-of-work.js";
import { AUTH_STORE, DATA_SOURCE, OUTBOX_STORE } from "./infrastructure-tokens.js";

/** Postgres through TypeORM: transactions, repositories, the read model, auth and the outbox. */
export const persistenceModule = new ContainerModule(({ bind }) => {
  bind(UNIT_OF_WORK)
    .toResolvedValue((dataSource: DataSource) => new TypeOrmUnitOfWork(dataSource), [DATA_SOURCE])
    .inSingletonScope();
  bind(READ_MODEL)
    .toResolvedValue((dataSource: DataSource) => new TypeOrmReadModel(dataSource), [DATA_SOURCE])
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
