import "reflect-metadata";
import "./memory-settings.js";
import { loadConfig } from "../infrastructure/config/config.js";
import { createApiContainer } from "../infrastructure/container/process-containers.js";
import { openRuntime } from "../infrastructure/container/runtime.js";
import { createLogger } from "../infrastructure/logging/logger.js";
import { startApi } from "./api-service.js";
import { startArraySurfaces } from "./array-surface-service.js";
import { startupBanner } from "./banner.js";
import { failStartup, stopOnSignals } from "./lifecycle.js";
import { prepareSimulatedArrays } from "./prepare-schema.js";

/** `npm run start:api`: the API alone; workers run in their own processes. */
try {
  const config = loadConfig();
  const logger = createLogger(config.logLevel, "coprsim-api");
  const shutdown = stopOnSignals(logger);
  const runtime = await openRuntime(config, logger, prepareSimulatedArrays);
  shutdown.onStop(() => runtime.close());
  const container = createApiContainer(config, logger, runtime);
  shutdown.onStop(await startApi(container, config, logger));
  shutdown.onStop((await startArraySurfaces(container, config, logger)).stop);
  process.stdout.write(startupBanner(config, runtime, "API"));
} catch (error) {
  failStartup(error);
}
