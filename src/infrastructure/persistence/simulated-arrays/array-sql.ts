import type { ArraySetStatements } from "./array-set-statements.js";
import type { Row } from "./array-state-rows.js";

/**
 * What each part of a Postgres array transaction runs its statements through: one database
 * transaction, scoped to one array.
 */
export interface ArraySql {
  readonly arrayId: string;
  /** The schema, quoted. */
  readonly s: string;
  /** Runs a statement whose first parameter (`$1`) is the array's id; the parameters follow. */
  rows(sql: string, parameters: readonly unknown[]): Promise<Row[]>;
  /** {@link rows}, returning how many rows the statement changed. */
  affected(sql: string, parameters: readonly unknown[]): Promise<number>;
  /** Runs a statement about no array in particular (without parameters). */
  unscoped(sql: string): Promise<Row[]>;
  /** Serializes the transaction with every other one that locks the array (see `ArrayCounters`). */
  lockArray(): Promise<void>;
  /** The statements over many devices or links at once. */
  readonly sets: ArraySetStatements;
}

/** `items` in slices of at most `size`, for statements whose parameters must stay small. */
export function batches<T>(items: readonly T[], size: number): T[][] {
  const result: T[][] = [];
  for (let i = 0; i < items.length; i += size) result.push(items.slice(i, i + size));
  return result;
}
