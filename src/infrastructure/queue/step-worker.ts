import { DelayedError, type Job, UnrecoverableError, type Worker } from "bullmq";
import type { Logger } from "pino";
import type { JobCatalogue, JobName } from "../../application/workflows/job-catalogue.js";
import type { WorkflowStep } from "../../application/workflows/step-outcome.js";
import type { QueueBackend } from "./queue-backend.js";
import { isRetryable } from "./step-errors.js";

/** The step that runs each job of the catalogue. */
export type StepRegistry = { readonly [N in JobName]: WorkflowStep<JobCatalogue[N]> };

/**
 * Runs workflow steps from the queue. A step that waits for the array is moved to the delayed
 * set (no attempt spent); a retryable error is retried with backoff; when the step must give
 * up, its `fail` records the failure before the job fails for good.
 */
export function startStepWorker(
  backend: QueueBackend,
  steps: StepRegistry,
  options: { concurrency: number; logger: Logger },
): Worker {
  const processor = async (job: Job, token?: string): Promise<void> => {
    const step = steps[job.name as JobName] as WorkflowStep<unknown> | undefined;
    if (!step) throw new UnrecoverableError(`no step handles job ${job.name}`);
    try {
      const outcome = await step.run(job.data);
      if (outcome.kind === "wait") {
        await job.moveToDelayed(Date.now() + outcome.delayMs, token);
        throw new DelayedError();
      }
    } catch (error) {
      if (error instanceof DelayedError) throw error;
      const lastAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
      if (isRetryable(error) && !lastAttempt) {
        options.logger.warn({ err: error, job: job.id, attempt: job.attemptsMade + 1 }, "step failed, will retry");
        throw error;
      }
      options.logger.error({ err: error, job: job.id }, "step failed for good");
      await step.fail(job.data, error);
      throw new UnrecoverableError(error instanceof Error ? error.message : String(error));
    }
  };
  const worker = backend.createWorker(processor, { concurrency: options.concurrency });
  worker.on("error", (error) => options.logger.error({ err: error }, "queue worker error"));
  return worker;
}
