import type { EntityManager, EntitySchema, ObjectLiteral } from "typeorm";
import { RecordTable } from "./record-table.js";

/**
 * `UPDATE … SET <every other column>, version = version + 1 WHERE id = $1 AND version = $2`:
 * stores the record only when the row still has the version it was loaded with, and raises
 * ConcurrencyConflict otherwise (also when there is no such row).
 */
export async function updateIfVersionMatches<T extends ObjectLiteral & { id: string; version: number }>(
  manager: EntityManager,
  schema: EntitySchema<T>,
  record: T,
  aggregate: string,
): Promise<void> {
  await RecordTable.of(manager, schema).updateIfVersionMatches(manager, record, aggregate);
}
