import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createScratchDatabase, TEST_REDIS_URL } from "./scratch-database.js";

/**
 * What one test file's coprsim processes share and nothing else uses: a scratch database, a
 * queue namespace on the test Redis and a data directory. `env` is handed to each process.
 */
export interface IsolatedEnvironment {
  readonly env: Readonly<Record<string, string>>;
  readonly databaseUrl: string;
  /** Drops the database and removes the data directory. */
  dispose(): Promise<void>;
}

export async function createIsolatedEnvironment(): Promise<IsolatedEnvironment> {
  const database = await createScratchDatabase();
  const dataDir = await mkdtemp(join(tmpdir(), "coprsim-e2e-"));
  return {
    env: {
      DATABASE_URL: database.url,
      REDIS_URL: TEST_REDIS_URL,
      COPRSIM_QUEUE_NAMESPACE: `e2e_${randomBytes(4).toString("hex")}`,
      COPRSIM_DATA_DIR: dataDir,
    },
    databaseUrl: database.url,
    async dispose() {
      await database.drop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
