import { writeFile } from "node:fs/promises";
import type { Container } from "inversify";
import type { Logger } from "pino";
import type { Config } from "../infrastructure/config/config.js";
import { OUTBOX_STORE, STEP_REGISTRY } from "../infrastructure/container/infrastructure-tokens.js";
import type { Runtime } from "../infrastructure/container/runtime.js";
import { WorkflowRunStore } from "../infrastructure/persistence/workflow-run-store.js";
import { OutboxRelay, type OutboxSource } from "../infrastructure/queue/outbox-relay.js";
import { type StepRegistry, startStepWorker } from "../infrastructure/queue/step-worker.js";
import { WorkflowLauncher } from "../infrastructure/queue/workflow-launcher.js";
import { WorkflowReconciler } from "../infrastructure/queue/workflow-reconciler.js";
import { WORKER_HEARTBEAT_FILE } from "./worker-heartbeat.js";

const HEARTBEAT_MS = 5_000;
/** Deliveries and re-launches after which the reconciler gives a workflow up. */
const MAX_LAUNCHES = 5;

/**
 * Relays the outbox into the queue, runs workflow steps and reconciles tasks whose jobs were
 * lost; returns how to stop them (the relay and the reconciler first, then the worker, which
 * finishes its active jobs or, after the grace period, hands them back to the queue).
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
  const steps = container.get<StepRegistry>(STEP_REGISTRY);
  const worker = startStepWorker(runtime.queue, steps, {
    concurrency: config.workerConcurrency,
    logger,
    lockMs: config.stepLockMs,
  });
  await runtime.queue.ready();
  const reconciler = new WorkflowReconciler(
    new WorkflowRunStore(runtime.dataSource),
    container.get(WorkflowLauncher),
    runtime.queue,
    steps,
    { intervalMs: config.reconcileIntervalMs, maxLaunches: MAX_LAUNCHES, logger },
  );
  reconciler.start();
  const beat = () => writeFile(WORKER_HEARTBEAT_FILE, String(Date.now())).catch(() => undefined);
  await beat();
  const heartbeat = setInterval(beat, HEARTBEAT_MS);
  heartbeat.unref();
  return async () => {
    clearInterval(heartbeat);
    await relay.stop();
    await reconciler.stop();
    await worker.close(config.shutdownGraceMs);
  };
}
