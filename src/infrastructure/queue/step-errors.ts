import { ArrayOperationError } from "../../application/ports/array-operation-error.js";
import { ConcurrencyConflict } from "../../application/ports/concurrency-conflict.js";
import { InvariantViolation, ServiceError } from "../../domain/shared/service-error.js";
import { isDatabaseConnectionFailure } from "../persistence/connection-failure.js";

/**
 * Whether trying the step again may help. Array refusals say so themselves; version conflicts
 * and infrastructure failures (connection lost, database restarting) are worth retrying;
 * refusals and broken invariants are not.
 */
export function isRetryable(error: unknown): boolean {
  if (error instanceof ArrayOperationError) return error.retryable;
  if (error instanceof ServiceError) return error.retryable;
  if (error instanceof InvariantViolation) return false;
  if (error instanceof ConcurrencyConflict) return true;
  return true;
}

/**
 * An outage rather than a failure of the step: the database cannot be reached (or does not
 * answer in time). The step is run again once it is back, without spending an attempt.
 */
export function isOutage(error: unknown): boolean {
  return isDatabaseConnectionFailure(error);
}
