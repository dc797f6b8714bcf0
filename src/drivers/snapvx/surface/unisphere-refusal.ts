import { ArrayOperationError } from "../../../application/ports/array-operation-error.js";
import { SymmetrixError, type SymmetrixErrorReason } from "../snapvx-array-client.js";

/** A request the surface refuses: the HTTP status and the `message` of Unisphere's error body. */
export class UnisphereRefusal extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = "UnisphereRefusal";
  }
}

const NOT_FOUND: readonly SymmetrixErrorReason[] = ["device-not-found", "snapshot-not-found"];

/**
 * The answer to an error of the simulated array: its refusals are 400 with the array's text
 * (404 for an unknown device or snapshot); a planned fault (`/sim` faults) is 503 when it is
 * retryable and 400 when not, with the planned text. Null for anything else (a defect: 500).
 */
export function refusalOf(error: unknown): UnisphereRefusal | null {
  if (error instanceof UnisphereRefusal) return error;
  if (error instanceof SymmetrixError)
    return new UnisphereRefusal(NOT_FOUND.includes(error.reason) ? 404 : 400, error.message);
  if (error instanceof ArrayOperationError) return new UnisphereRefusal(error.retryable ? 503 : 400, error.message);
  return null;
}
