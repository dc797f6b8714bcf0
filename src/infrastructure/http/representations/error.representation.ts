import { type Representation, representation } from "./document.js";

export interface ErrorBody {
  readonly code: number;
  readonly description: string;
  readonly details: string;
  readonly retryable: boolean;
}

/** `error`: `{"code":…,"description":…,"details":…,"retryable":…}`. */
export function errorRepresentation(error: ErrorBody): Representation {
  return representation("error", {
    code: error.code,
    description: error.description,
    details: error.details,
    retryable: error.retryable,
  });
}
