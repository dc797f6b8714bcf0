import { isItemError } from "../../application/drivers/one-by-one-batch.js";
import type { BatchOutcome } from "../../application/ports/array-driver.js";

/**
 * Runs each item of a batch in the caller's array transaction: a refusal (raised before the item
 * wrote anything) is that item's outcome, anything else ends the transaction.
 */
export async function eachItem<I, T>(items: readonly I[], work: (item: I) => Promise<T>): Promise<BatchOutcome<T>[]> {
  const outcomes: BatchOutcome<T>[] = [];
  for (const item of items) {
    try {
      outcomes.push({ ok: true, value: await work(item) });
    } catch (error) {
      if (!isItemError(error)) throw error;
      outcomes.push({ ok: false, error });
    }
  }
  return outcomes;
}

/** The outcome with its value turned by `turn`; a failure stays as it is. */
export function mapOutcome<T, U>(outcome: BatchOutcome<T>, turn: (value: T) => U): BatchOutcome<U> {
  return outcome.ok ? { ok: true, value: turn(outcome.value) } : outcome;
}
