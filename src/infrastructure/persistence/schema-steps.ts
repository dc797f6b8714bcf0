import type { DataSource } from "typeorm";

/** A schema name safe to splice into SQL, double-quoted. Raises on anything but `[a-z_][a-z0-9_]*`. */
export function quotedSchema(schema: string): string {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) throw new RangeError(`invalid schema name ${JSON.stringify(schema)}`);
  return `"${schema}"`;
}

/** One change of a schema's tables; `sql` gets the quoted schema name. */
export interface SchemaStep {
  readonly id: number;
  readonly name: string;
  readonly sql: (s: string) => readonly string[];
}

/**
 * Creates or updates a schema of coprsim's own (outside TypeORM's migrations): idempotent, safe
 * to call from several processes starting at once (they take turns on an advisory lock), each
 * step applied once, in order, and recorded in `<schema>.schema_migrations`.
 */
export async function applySchemaSteps(
  dataSource: DataSource,
  schema: string,
  steps: readonly SchemaStep[],
): Promise<void> {
  const s = quotedSchema(schema);
  const runner = dataSource.createQueryRunner();
  try {
    await runner.startTransaction();
    await runner.query("SELECT pg_advisory_xact_lock(hashtext($1))", [`coprsim:migrate:${schema}`]);
    await runner.query(`CREATE SCHEMA IF NOT EXISTS ${s}`);
    await runner.query(
      `CREATE TABLE IF NOT EXISTS ${s}.schema_migrations (
         id integer PRIMARY KEY,
         name text NOT NULL,
         applied_at timestamptz NOT NULL DEFAULT now()
       )`,
    );
    const applied: { id: number }[] = await runner.query(`SELECT id FROM ${s}.schema_migrations`);
    const done = new Set(applied.map((row) => Number(row.id)));
    for (const step of steps) {
      if (done.has(step.id)) continue;
      for (const statement of step.sql(s)) await runner.query(statement);
      await runner.query(`INSERT INTO ${s}.schema_migrations (id, name) VALUES ($1, $2)`, [step.id, step.name]);
    }
    await runner.commitTransaction();
  } catch (error) {
    if (runner.isTransactionActive) await runner.rollbackTransaction();
    throw error;
  } finally {
    await runner.release();
  }
}
