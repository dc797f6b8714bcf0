import { randomBytes } from "node:crypto";
import { rm } from "node:fs/promises";
import { afterAll, beforeAll, describe } from "vitest";
import { createScratchDatabase } from "../support/e2e/scratch-database.js";
import { type RunningService, startService } from "../support/e2e/service-process.js";
import { observabilityScenario } from "./observability.scenario.js";

describe("observability: one process, BullMQ on its Postgres backend", () => {
  let service: RunningService;
  let database: Awaited<ReturnType<typeof createScratchDatabase>>;
  let databaseUrl: string;
  const dataDir = `/tmp/coprsim-e2e-${randomBytes(4).toString("hex")}`;

  beforeAll(async () => {
    database = await createScratchDatabase();
    databaseUrl = database.url;
    service = await startService("start", {
      DATABASE_URL: database.url,
      REDIS_URL: "",
      COPRSIM_DATA_DIR: dataDir,
      COPRSIM_CLOCK: "fast",
      LOG_LEVEL: "info",
    });
  });

  afterAll(async () => {
    await service?.stop();
    await database?.drop();
    await rm(dataDir, { recursive: true, force: true });
  });

  observabilityScenario(() => ({
    baseUrl: service.baseUrl,
    databaseUrl,
    queueKind: "postgres",
    apiOutput: () => service.output(),
    workerOutput: () => service.output(),
  }));
});
