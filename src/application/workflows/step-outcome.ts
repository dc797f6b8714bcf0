/**
 * What a step reports back to the queue: finished, or waiting for the array (a copy in
 * progress, a device not yet ready), to be run again after a delay without counting as an
 * attempt.
 */
export type StepOutcome = { readonly kind: "done" } | { readonly kind: "wait"; readonly delayMs: number };

export const DONE: StepOutcome = { kind: "done" };

export function waitFor(delayMs: number): StepOutcome {
  return { kind: "wait", delayMs };
}

/** A step of a workflow: run for a payload, and recording a final failure once retries are spent. */
export interface WorkflowStep<P> {
  run(payload: P): Promise<StepOutcome>;
  /** The step failed for good (not retryable, or attempts exhausted). Must be idempotent. */
  fail(payload: P, error: unknown): Promise<void>;
}
