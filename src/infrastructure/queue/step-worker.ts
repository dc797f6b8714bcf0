import { DelayedError, type Job, UnrecoverableError } from "bullmq";
import type { Logger } from "pino";
import type { WorkflowStep } from "../../application/workflows/step-outcome.js";
import type { JobName } from "../../application/workflows/workflow-catalogue.js";
import type { StepTable } from "../../application/workflows/workflows.js";
import { DEFAULT_STEP_LOCK_MS, stepWorkerOptions } from "./job-options.js";
import type { QueueBackend } from "./queue-backend.js";
import { isOutage, isRetryable } from "./step-errors.js";

/** The step that runs each job of the catalogue (built from the list of workflows). */
export type StepRegistry = StepTable;

/** How long a step that met an outage (database unreachable) waits before it runs again. */
const OUTAGE_RETRY_MS = 1_000;

export interface StepWorker {
  /**
   * Takes no new jobs and waits for the active ones; after `graceMs` (never, without it) the
   * jobs still running are handed back to the queue (waiting, their lock released) for another
   * worker to run again — steps are idempotent, so a step cut short does no harm.
   */
  close(graceMs?: number): Promise<void>;
}

/**
 * Runs workflow steps from the queue. A step that waits for the array is moved to the delayed
 * set (no attempt spent), and so is a step that met an outage: the database cannot be reached,
 * which says nothing about the step, so it runs again once it is back instead of using up its
 * attempts and failing work that would have succeeded. A retryable error is retried with
 * backoff; when the step must give up, its `fail` records the failure before the job fails for
 * good. If the database is unreachable for that, the job runs again later; if `fail` cannot
 * record it for another reason, the job fails without a record, and the workflow reconciler
 * finds the task still pending with no job and launches its workflow again.
 */
export function startStepWorker(
  backend: QueueBackend,
  steps: StepRegistry,
  options: {
    concurrency: number;
    logger: Logger;
    /** How long a running step's lock lasts unless renewed; see {@link stepWorkerOptions}. */
    lockMs?: number;
  },
): StepWorker {
  const { logger } = options;
  const running = new Map<Job, string | undefined>();
  let settled: (() => void) | undefined;

  const runStep = async (job: Job, token: string | undefined): Promise<void> => {
    const step = steps[job.name as JobName] as WorkflowStep<unknown> | undefined;
    if (!step) throw new UnrecoverableError(`no step handles job ${job.name}`);
    const logger = stepLogger(options.logger, job);
    try {
      const outcome = await step.run(job.data);
      if (outcome.kind === "wait") {
        logger.debug({ delayMs: outcome.delayMs }, "step waits for the array");
        await delay(job, token, outcome.delayMs);
      }
      logger.info("step done");
    } catch (error) {
      if (error instanceof DelayedError) throw error;
      if (isOutage(error)) {
        logger.warn({ err: error }, "step met an outage, will run again");
        await delay(job, token, OUTAGE_RETRY_MS);
      }
      const lastAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
      if (isRetryable(error) && !lastAttempt) {
        logger.warn({ err: error, attempt: job.attemptsMade + 1 }, "step failed, will retry");
        throw error;
      }
      logger.error({ err: error }, "step failed for good");
      try {
        await step.fail(job.data, error);
      } catch (failError) {
        if (isOutage(failError)) {
          logger.warn({ err: failError }, "could not record the step's failure, will run it again");
          await delay(job, token, OUTAGE_RETRY_MS);
        }
        logger.error({ err: failError }, "could not record the step's failure; left to the reconciler");
      }
      throw new UnrecoverableError(error instanceof Error ? error.message : String(error));
    }
  };

  const processor = async (job: Job, token?: string): Promise<void> => {
    running.set(job, token);
    try {
      await runStep(job, token);
    } finally {
      running.delete(job);
      if (running.size === 0) settled?.();
    }
  };

  const worker = backend.createWorker(processor, {
    concurrency: options.concurrency,
    ...stepWorkerOptions(options.lockMs ?? DEFAULT_STEP_LOCK_MS),
  });
  worker.on("error", (error) => logger.error({ err: error }, "queue worker error"));

  return {
    async close(graceMs?: number): Promise<void> {
      if (graceMs === undefined) return worker.close();
      await worker.pause(true);
      const allSettled = new Promise<void>((resolve) => {
        settled = resolve;
        if (running.size === 0) resolve();
      });
      let timer: NodeJS.Timeout | undefined;
      const graceOver = new Promise<"grace over">((resolve) => {
        timer = setTimeout(() => resolve("grace over"), graceMs);
      });
      const outcome = await Promise.race([allSettled, graceOver]);
      clearTimeout(timer);
      if (outcome === "grace over") {
        // Closed first: a paused worker still takes a job its pending fetch brings, which would
        // be the very job handed back.
        await worker.close(true);
        await handBack(backend, running, logger);
        return;
      }
      return worker.close();
    },
  };
}

/** A step's log lines name its job and the task it works for (every job's payload carries `taskId`). */
function stepLogger(logger: Logger, job: Job): Logger {
  const taskId = (job.data as { taskId?: unknown } | null)?.taskId;
  return logger.child({ jobId: job.id, step: job.name, ...(typeof taskId === "string" ? { taskId } : {}) });
}

/** Moves the job to the delayed set without spending an attempt; the processor ends here. */
async function delay(job: Job, token: string | undefined, delayMs: number): Promise<never> {
  await job.moveToDelayed(Date.now() + delayMs, token);
  throw new DelayedError();
}

async function handBack(
  backend: QueueBackend,
  running: ReadonlyMap<Job, string | undefined>,
  logger: Logger,
): Promise<void> {
  for (const [job, token] of [...running]) {
    try {
      if (job.id === undefined || token === undefined) throw new Error("a job without id or lock token");
      await backend.handBack(job.id, token);
      logger.warn({ job: job.id }, "stopping: handed an unfinished step back to the queue");
    } catch (error) {
      logger.warn(
        { err: error, job: job.id },
        "stopping: could not hand a step back; it will be taken up once stalled",
      );
    }
  }
}
