import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe } from "vitest";
import { createScratchDatabase } from "../support/e2e/scratch-database.js";
import { type RunningService, startService } from "../support/e2e/service-process.js";
import { sessionOperationsScenario } from "./session-operations.scenario.js";

describe("session operations: separate API and worker processes, BullMQ on its Postgres backend", () => {
  let api: RunningService;
  let worker: RunningService;
  let database: Awaited<ReturnType<typeof createScratchDatabase>>;

  beforeAll(async () => {
    database = await createScratchDatabase();
    const env = {
      DATABASE_URL: database.url,
      REDIS_URL: "",
      COPRSIM_DATA_DIR: `/tmp/coprsim-e2e-${randomBytes(4).toString("hex")}`,
    };
    api = await startService("api", env);
    worker = await startService("worker", env);
  });

  afterAll(async () => {
    await worker?.stop();
    await api?.stop();
    await database?.drop();
  });

  sessionOperationsScenario(() => api);
});
