import { randomBytes } from "node:crypto";
import { rm } from "node:fs/promises";
import { afterAll, beforeAll, describe } from "vitest";
import { createScratchDatabase, TEST_REDIS_URL } from "../support/e2e/scratch-database.js";
import { type RunningService, startService } from "../support/e2e/service-process.js";
import { observabilityScenario } from "./observability.scenario.js";

describe("observability: an API and two worker processes, BullMQ on Redis", () => {
  let api: RunningService;
  let workers: RunningService[] = [];
  let database: Awaited<ReturnType<typeof createScratchDatabase>>;
  let databaseUrl: string;
  const dataDir = `/tmp/coprsim-e2e-${randomBytes(4).toString("hex")}`;

  beforeAll(async () => {
    database = await createScratchDatabase();
    databaseUrl = database.url;
    const env = {
      DATABASE_URL: database.url,
      REDIS_URL: TEST_REDIS_URL,
      COPRSIM_QUEUE_NAMESPACE: `e2e_${randomBytes(4).toString("hex")}`,
      COPRSIM_DATA_DIR: dataDir,
      COPRSIM_CLOCK: "fast",
      LOG_LEVEL: "info",
    };
    api = await startService("api", env);
    workers = [await startService("worker", env), await startService("worker", env)];
  });

  afterAll(async () => {
    for (const worker of workers) await worker.stop();
    await api?.stop();
    await database?.drop();
    await rm(dataDir, { recursive: true, force: true });
  });

  observabilityScenario(() => ({
    baseUrl: api.baseUrl,
    databaseUrl,
    queueKind: "redis",
    apiOutput: () => api.output(),
    workerOutput: () => workers.map((worker) => worker.output()).join("\n"),
  }));
});
