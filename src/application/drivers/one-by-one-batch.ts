import type { BatchOutcome } from "../ports/array-driver.js";
import { ArrayOperationError } from "../ports/array-operation-error.js";

/**
 * A batch call made of single calls, for families (and fakes) without a batch operation of
 * their own: each item's error is its outcome, and the calls run one after the other, as an
 * array takes them.
 */
export async function oneByOne<I, T>(items: readonly I[], call: (item: I) => Promise<T>): Promise<BatchOutcome<T>[]> {
  const outcomes: BatchOutcome<T>[] = [];
  for (const item of items) {
    try {
      outcomes.push({ ok: true, value: await call(item) });
    } catch (error) {
      if (!isItemError(error)) throw error;
      outcomes.push({ ok: false, error });
    }
  }
  return outcomes;
}

/**
 * Whether an error concerns the item alone. Anything but an array's answer (a lost database,
 * a bug) stops the batch: its items' outcomes are unknown.
 */
export function isItemError(error: unknown): boolean {
  return error instanceof ArrayOperationError;
}
