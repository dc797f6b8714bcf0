import type { EntityManager, EntitySchema, ObjectLiteral, QueryDeepPartialEntity } from "typeorm";
import { ConcurrencyConflict } from "../../../application/ports/concurrency-conflict.js";

/**
 * `UPDATE … SET <every other column>, version = version + 1 WHERE id = $1 AND version = $2`:
 * stores the record only when the row still has the version it was loaded with, and raises
 * {@link ConcurrencyConflict} otherwise (also when there is no such row).
 */
export async function updateIfVersionMatches<T extends ObjectLiteral & { id: string; version: number }>(
  manager: EntityManager,
  schema: EntitySchema<T>,
  record: T,
  aggregate: string,
): Promise<void> {
  const { id, version, ...fields } = record;
  const values = { ...fields, version: () => "version + 1" } as QueryDeepPartialEntity<T>;
  const result = await manager
    .createQueryBuilder()
    .update(schema)
    .set(values)
    .where("id = :id AND version = :version", { id, version })
    .execute();
  if (result.affected !== 1) throw new ConcurrencyConflict(aggregate, id);
}
