import { writeFile } from "node:fs/promises";
import type { Container } from "inversify";
import type { Logger } from "pino";
import type { Config } from "../infrastructure/config/config.js";
import { OUTBOX_STORE, STEP_REGISTRY } from "../infrastructure/container/infrastructure-tokens.js";
import type { Runtime } from "../infrastructure/container/runtime.js";
import { OutboxRelay, type OutboxSource } from "../infrastructure/queue/outbox-relay.js";
import { type StepRegistry, startStepWorker } from "../infrastructure/queue/step-worker.js";
import { WorkflowLauncher } from "../infrastructure/queue/workflow-launcher.js";
import { WORKER_HEARTBEAT_FILE } from "./worker-heartbeat.js";

const HEARTBEAT_MS = 5_000;

/**
 * Relays the outbox into the queue and runs workflow steps; returns how to stop both (the
 * relay first, then the worker, which finishes its active jobs).
 */
export async function startWorker(
  container: Container,
  config: Config,
  logger: Logger,
  runtime: Runtime,
): Promise<() => Promise<void>> {
  const relay = new OutboxRelay(container.get<OutboxSource>(OUTBOX_STORE), container.get(WorkflowLauncher), {
    databaseUrl: runtime.databaseUrl,
    pollIntervalMs: 1_000,
    logger,
  });
  await relay.start();
  const worker = startStepWorker(runtime.queue, container.get<StepRegistry>(STEP_REGISTRY), {
    concurrency: config.workerConcurrency,
    logger,
  });
  const beat = () => writeFile(WORKER_HEARTBEAT_FILE, String(Date.now())).catch(() => undefined);
  await beat();
  const heartbeat = setInterval(beat, HEARTBEAT_MS);
  heartbeat.unref();
  return async () => {
    clearInterval(heartbeat);
    await relay.stop();
    await worker.close();
  };
}
