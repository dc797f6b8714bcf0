import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe } from "vitest";
import { createScratchDatabase, TEST_REDIS_URL } from "../support/e2e/scratch-database.js";
import { type RunningService, startService } from "../support/e2e/service-process.js";
import { sessionOperationsScenario } from "./session-operations.scenario.js";

describe("session operations: coprsim as one process, BullMQ on Redis", () => {
  let service: RunningService;
  let database: Awaited<ReturnType<typeof createScratchDatabase>>;

  beforeAll(async () => {
    database = await createScratchDatabase();
    service = await startService("start", {
      DATABASE_URL: database.url,
      REDIS_URL: TEST_REDIS_URL,
      COPRSIM_QUEUE_NAMESPACE: `e2e_${randomBytes(4).toString("hex")}`,
      COPRSIM_DATA_DIR: `/tmp/coprsim-e2e-${randomBytes(4).toString("hex")}`,
    });
  });

  afterAll(async () => {
    await service?.stop();
    await database?.drop();
  });

  sessionOperationsScenario(() => service);
});
