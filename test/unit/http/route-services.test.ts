import pino from "pino";
import { describe, expect, it } from "vitest";
import { loadConfig } from "../../../src/infrastructure/config/config.js";
import { createApiContainer, createWorkerContainer } from "../../../src/infrastructure/container/process-containers.js";
import type { Runtime } from "../../../src/infrastructure/container/runtime.js";
import type { ServiceClass } from "../../../src/infrastructure/http/http-dependencies.js";
import { createHttpApp } from "../../../src/infrastructure/http/http-server.js";
import { FixedClock } from "../../support/fakes/fixed-clock.js";
import { InMemoryAuthStore } from "../../support/fakes/in-memory-auth-store.js";

/** The services every route plugin takes, as it asks for them while the app loads. */
async function servicesTheRoutesTake(): Promise<ServiceClass<unknown>[]> {
  const taken = new Set<ServiceClass<unknown>>();
  const app = createHttpApp({
    services: {
      get: <T>(service: ServiceClass<T>): T => {
        taken.add(service);
        return {} as T;
      },
    },
    auth: new InMemoryAuthStore(new FixedClock()),
    tokenIdleTtlMs: 60_000,
  });
  await app.ready();
  await app.close();
  return [...taken];
}

/** A runtime whose resources are never reached: binding them resolves nothing. */
const unusedRuntime = { dataSource: {}, queue: {} } as unknown as Runtime;

describe("the services the route plugins take", () => {
  it("are all bound in an API process's container, and none of them in a worker's", async () => {
    const taken = await servicesTheRoutesTake();
    const config = loadConfig({});
    const logger = pino({ level: "silent" });
    const api = createApiContainer(config, logger, unusedRuntime);
    const worker = createWorkerContainer(config, logger, unusedRuntime);

    expect(taken.length).toBeGreaterThan(20);
    expect(taken.filter((service) => !api.isBound(service)).map((service) => service.name)).toEqual([]);
    // The simulator's API is shared with the workers' drivers; the handlers and queries are the API's alone.
    expect(taken.filter((service) => worker.isBound(service)).map((service) => service.name)).toEqual(["SimulatorApi"]);
  });
});
