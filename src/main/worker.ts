import "reflect-metadata";
import "./memory-settings.js";
import { loadConfig } from "../infrastructure/config/config.js";
import { createWorkerContainer } from "../infrastructure/container/process-containers.js";
import { openRuntime } from "../infrastructure/container/runtime.js";
import { createLogger } from "../infrastructure/logging/logger.js";
import { failStartup, stopOnSignals } from "./lifecycle.js";
import { prepareSimulatedArrays } from "./prepare-schema.js";
import { startWorker } from "./worker-service.js";

/** `npm run start:worker`: relays the outbox and runs workflow steps; start as many as you like. */
try {
  const config = loadConfig();
  const logger = createLogger(config.logLevel, "coprsim-worker");
  const shutdown = stopOnSignals(logger, config.shutdownGraceMs + 5_000);
  const runtime = await openRuntime(config, logger, prepareSimulatedArrays);
  shutdown.onStop(() => runtime.close());
  const container = createWorkerContainer(config, logger, runtime);
  shutdown.onStop(await startWorker(container, config, logger, runtime));
  process.stdout.write(`coprsim worker ready (queue on ${runtime.queue.kind})\n`);
} catch (error) {
  failStartup(error);
}
