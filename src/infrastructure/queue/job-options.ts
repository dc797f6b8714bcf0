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
