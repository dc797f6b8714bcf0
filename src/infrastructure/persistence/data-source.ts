import { DataSource } from "typeorm";
import { allMigrations } from "./migrations/index.js";
import { allRecords } from "./records/index.js";

export interface DataSourceOptions {
  /** `postgres://user:password@host:port/database` */
  readonly url: string;
  /**
   * A schema to work in instead of `public` (tests give each file its own). Created by
   * {@link runMigrations} when absent. Letters, digits and underscores only.
   */
  readonly schema?: string;
  /** Connections in the pool (default 10). */
  readonly poolSize?: number;
  /** Shown in `pg_stat_activity.application_name` (default `coprsim`). */
  readonly applicationName?: string;
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/**
 * A database that is down or hung must not hang its callers (the API answers 503 instead):
 * a connection, or a free one from the pool, is awaited at most 5 s; the server cancels a
 * statement after 10 s and the client stops waiting for a silent server after 15 s; a
 * transaction left idle (its process frozen) gives up its locks after 60 s; keep-alive notices
 * a peer that vanished.
 */
const CONNECT_TIMEOUT_MS = 5_000;
const SESSION_LIMITS = {
  statement_timeout: 10_000,
  query_timeout: 15_000,
  idle_in_transaction_session_timeout: 60_000,
  keepAlive: true,
};

/** An uninitialized data source over every record; call `initialize()` before use. */
export function createDataSource(options: DataSourceOptions): DataSource {
  const { schema } = options;
  if (schema !== undefined && !SCHEMA_NAME.test(schema)) {
    throw new Error(`invalid schema name ${JSON.stringify(schema)}: use lowercase letters, digits and underscores`);
  }
  return new DataSource({
    type: "postgres",
    url: options.url,
    ...(schema === undefined ? {} : { schema }),
    poolSize: options.poolSize ?? 10,
    applicationName: options.applicationName ?? "coprsim",
    entities: allRecords,
    migrations: allMigrations,
    migrationsTableName: "migrations",
    synchronize: false,
    migrationsRun: false,
    installExtensions: false,
    logging: false,
    connectTimeoutMS: CONNECT_TIMEOUT_MS,
    extra: { ...SESSION_LIMITS, ...(schema === undefined ? {} : { options: `-c search_path=${schema}` }) },
  });
}

/** An arbitrary constant: the advisory lock key under which migrations run. */
const MIGRATION_LOCK_KEY = 7_041_999_001;

/**
 * Creates the data source's schema when absent and applies pending migrations, in one
 * transaction. Holds a session-level advisory lock meanwhile, so processes starting
 * together (API and workers) migrate one after the other; the later ones find nothing to
 * do. Needs an initialized data source with at least two pooled connections.
 */
export async function runMigrations(dataSource: DataSource): Promise<void> {
  const lockRunner = dataSource.createQueryRunner();
  try {
    await lockRunner.query("SELECT pg_advisory_lock($1)", [MIGRATION_LOCK_KEY]);
    try {
      const schema = schemaOf(dataSource);
      if (schema !== undefined) await lockRunner.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
      await dataSource.runMigrations({ transaction: "all" });
    } finally {
      await lockRunner.query("SELECT pg_advisory_unlock($1)", [MIGRATION_LOCK_KEY]);
    }
  } finally {
    await lockRunner.release();
  }
}

function schemaOf(dataSource: DataSource): string | undefined {
  const options = dataSource.options;
  return options.type === "postgres" ? options.schema : undefined;
}
