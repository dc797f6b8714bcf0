import type { BatchOutcome } from "../../application/ports/array-driver.js";

/** The outcome with its value turned by `turn`; a failure stays as it is. */
export function mapOutcome<T, U>(outcome: BatchOutcome<T>, turn: (value: T) => U): BatchOutcome<U> {
  return outcome.ok ? { ok: true, value: turn(outcome.value) } : outcome;
}
