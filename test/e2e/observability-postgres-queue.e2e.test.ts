import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe } from "vitest";
import { createScratchDatabase } from "../support/e2e/scratch-database.js";
import { type RunningService, startService } from "../support/e2e/service-process.js";
import { observabilityScenario } from "./observability.scenario.js";

describe("observability: one process, BullMQ on its Postgres backend", () => {
  let service: RunningService;
  let database: Awaited<ReturnType<typeof createScratchDatabase>>;
  let databaseUrl: string;

  beforeAll(async () => {
    database = await createScratchDatabase();
    databaseUrl = database.url;
    service = await startService("start", {
      DATABASE_URL: database.url,
      REDIS_URL: "",
      COPRSIM_DATA_DIR: `/tmp/coprsim-e2e-${randomBytes(4).toString("hex")}`,
      COPRSIM_CLOCK: "fast",
      LOG_LEVEL: "info",
    });
  });

  afterAll(async () => {
    await service?.stop();
    await database?.drop();
  });

  observabilityScenario(() => ({
    baseUrl: service.baseUrl,
    databaseUrl,
    queueKind: "postgres",
    apiOutput: () => service.output(),
    workerOutput: () => service.output(),
  }));
});
