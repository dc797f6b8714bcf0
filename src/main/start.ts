import "reflect-metadata";
import "./memory-settings.js";
import { loadConfig } from "../infrastructure/config/config.js";
import { createAllInOneContainer } from "../infrastructure/container/process-containers.js";
import { openRuntime } from "../infrastructure/container/runtime.js";
import { createLogger } from "../infrastructure/logging/logger.js";
import { startApi } from "./api-service.js";
import { startArraySurfaces } from "./array-surface-service.js";
import { startupBanner } from "./banner.js";
import { failStartup, stopOnSignals } from "./lifecycle.js";
import { prepareSimulatedArrays } from "./prepare-schema.js";
import { startWorker } from "./worker-service.js";

/** `npm start`: API and worker in one process, with an embedded Postgres when no DATABASE_URL is set. */
try {
  const config = loadConfig();
  const logger = createLogger(config.logLevel, "coprsim");
  const shutdown = stopOnSignals(logger, config.shutdownGraceMs + 5_000);
  const runtime = await openRuntime(config, logger, prepareSimulatedArrays);
  shutdown.onStop(() => runtime.close());
  const container = createAllInOneContainer(config, logger, runtime);
  // Stopped last: the worker's steps may be driving an array through one of these surfaces.
  shutdown.onStop((await startArraySurfaces(container, config, logger)).stop);
  shutdown.onStop(await startWorker(container, config, logger, runtime));
  shutdown.onStop(await startApi(container, config, logger));
  process.stdout.write(startupBanner(config, runtime, "API and worker"));
} catch (error) {
  failStartup(error);
}
