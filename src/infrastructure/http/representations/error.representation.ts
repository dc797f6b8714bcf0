import { type Representation, representation } from "./document.js";

export interface ErrorBody {
  readonly code: number;
  readonly description: string;
  /** Absent where the real controller has none (an unexpected failure without a message). */
  readonly details: string | undefined;
  readonly retryable: boolean;
}

/** `error`: `{"code":…,"description":…,"details":…,"retryable":…}` (docs/api/conventions.md, "Errors"). */
export function errorRepresentation(error: ErrorBody): Representation {
  return representation("error", {
    code: error.code,
    description: error.description,
    details: error.details,
    retryable: error.retryable,
  });
}
