import { mkdir } from "node:fs/promises";
import type { Logger } from "pino";
import type { DataSource } from "typeorm";
import type { Config } from "../config/config.js";
import { createDataSource, runMigrations } from "../persistence/data-source.js";
import { clusterFolder, type RunningPostgres, startEmbeddedPostgres } from "../persistence/embedded-postgres.js";
import { seedDefaults } from "../persistence/seed.js";
import { createQueueBackend, type QueueBackend } from "../queue/queue-backend.js";

/** The shared resources of a process: its database, migrated and seeded, and its queue backend. */
export interface Runtime {
  readonly databaseUrl: string;
  /** The embedded Postgres's cluster folder, when the process started one. */
  readonly embeddedDataDir: string | undefined;
  readonly dataSource: DataSource;
  readonly queue: QueueBackend;
  close(): Promise<void>;
}

/**
 * Opens the database (an embedded Postgres under the data directory when no DATABASE_URL is
 * set), applies migrations under an advisory lock, seeds the defaults unless switched off,
 * and connects the queue backend (Redis with REDIS_URL, Postgres otherwise), waiting for its setup.
 */
export async function openRuntime(
  config: Config,
  logger: Logger,
  prepareSchema: (dataSource: DataSource) => Promise<void>,
): Promise<Runtime> {
  let embedded: RunningPostgres | undefined;
  if (!config.databaseUrl) {
    await createDataFolder(config.dataDir);
    const dataDir = await clusterFolder({
      dataDir: config.dataDir,
      dataDirIsDefault: config.dataDirIsDefault,
      systemHome: config.embeddedPostgresHome,
    });
    logger.info({ dataDir }, "no DATABASE_URL: starting an embedded Postgres");
    embedded = await startEmbeddedPostgres({
      dataDir,
      port: config.embeddedPostgresPort,
      systemHome: config.embeddedPostgresHome,
    });
  }
  const databaseUrl = config.databaseUrl ?? embedded!.url;
  const dataSource = createDataSource({ url: databaseUrl, poolSize: config.databasePoolSize });
  try {
    await dataSource.initialize();
    await runMigrations(dataSource);
    await prepareSchema(dataSource);
    if (config.seed) {
      await seedDefaults(dataSource, {
        rootPassword: config.rootPassword,
        sysmonitorPassword: config.sysmonitorPassword,
        users: config.users,
        systemSettings: config.seedSettings,
      });
    }
  } catch (error) {
    if (dataSource.isInitialized) await dataSource.destroy();
    await embedded?.stop();
    throw error;
  }
  const queue = createQueueBackend({
    redisUrl: config.redisUrl,
    databaseUrl,
    namespace: config.queueNamespace,
    onError: (error) => logger.error({ err: error }, "queue connection error"),
  });
  try {
    await queue.ready();
  } catch (error) {
    await queue.close().catch(() => undefined);
    await dataSource.destroy();
    await embedded?.stop();
    throw error;
  }
  return {
    databaseUrl,
    embeddedDataDir: embedded?.dataDir,
    dataSource,
    queue,
    async close() {
      await queue.close();
      await dataSource.destroy();
      await embedded?.stop();
    },
  };
}

async function createDataFolder(dataDir: string): Promise<void> {
  try {
    await mkdir(dataDir, { recursive: true });
  } catch (error) {
    throw new Error(
      `could not create the data folder ${dataDir}: ${(error as Error).message}. Set COPRSIM_DATA_DIR to a folder ` +
        "you can write to, or set DATABASE_URL to use a Postgres server of your own.",
    );
  }
}
