import type { JobsOptions } from "bullmq";

/** BullMQ job ids may not contain `:`, which every URN does. */
export function jobIdFor(key: string): string {
  return key.replaceAll(":", "_");
}

/**
 * Retryable failures (array busy, connection lost, version conflict) are retried with
 * exponential backoff; a step that must give up throws UnrecoverableError instead.
 * Finished jobs are removed: the task records are the history, not the queue.
 */
export function stepJobOptions(key: string): JobsOptions {
  return {
    jobId: jobIdFor(key),
    attempts: 8,
    backoff: { type: "exponential", delay: 200 },
    removeOnComplete: true,
    removeOnFail: true,
  };
}

/**
 * Children of a settling step: a child's failure must not fail the parent (which rolls back
 * and settles the task) but must still let it run — pinned here, not left to defaults.
 */
export function childJobOptions(key: string): JobsOptions {
  return { ...stepJobOptions(key), failParentOnFailure: false, ignoreDependencyOnFailure: true };
}

/**
 * How a worker holds the jobs it runs, pinned rather than left to BullMQ's defaults. A worker
 * renews its lock at half its duration (`lockMs`, 10 s by default: every 5 s); a worker that died
 * (SIGKILL, lost host) lets the lock lapse after `lockMs`, and the stalled-job check, every half
 * of it in every worker, then puts the job back to waiting for another worker (the Postgres
 * backend marks on one pass and reclaims on the next): by default a killed worker's jobs run
 * again within about 20 s. A job may stall 3 times; the next stall fails it without a record,
 * and the workflow reconciler takes over. A queue call that failed for a lost connection
 * (fetching, completing) is tried again every 2 s rather than BullMQ's 15 s, so that workers
 * resume soon after Redis or Postgres is back.
 */
export function stepWorkerOptions(lockMs: number) {
  return {
    lockDuration: lockMs,
    stalledInterval: Math.round(lockMs / 2),
    maxStalledCount: 3,
    runRetryDelay: 2_000,
  } as const;
}

/** The default hold on a running step (`COPRSIM_STEP_LOCK_MS`). */
export const DEFAULT_STEP_LOCK_MS = 10_000;
