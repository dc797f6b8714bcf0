import { afterAll, beforeAll, describe } from "vitest";
import { createIsolatedEnvironment, type IsolatedEnvironment } from "../support/e2e/isolated-environment.js";
import { type RunningService, startService } from "../support/e2e/service-process.js";
import { sessionOperationsScenario } from "./session-operations.scenario.js";

describe("session operations: coprsim as one process, BullMQ on Redis", () => {
  let service: RunningService;
  let environment: IsolatedEnvironment;

  beforeAll(async () => {
    environment = await createIsolatedEnvironment();
    service = await startService("start", {
      ...environment.env,
    });
  });

  afterAll(async () => {
    await service?.stop();
    await environment?.dispose();
  });

  sessionOperationsScenario(() => service);
});
