import { randomBytes } from "node:crypto";
import type { DataSource } from "typeorm";
import { createDataSource, runMigrations } from "../../../../src/infrastructure/persistence/data-source.js";

export const DATABASE_URL = process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";

export interface TestDatabase {
  readonly dataSource: DataSource;
  /** The file's own schema; also the connections' application_name. */
  readonly schema: string;
  /** A further data source on the same schema (a second process, say). */
  open(): Promise<DataSource>;
  /** Drops the schema and closes every data source opened here. */
  drop(): Promise<void>;
}

export function freshSchemaName(label: string): string {
  return `it_${label}_${randomBytes(4).toString("hex")}`;
}

/** A fresh schema, migrated, for one test file. */
export async function openTestDatabase(label: string, options: { migrate?: boolean } = {}): Promise<TestDatabase> {
  const schema = freshSchemaName(label);
  const opened: DataSource[] = [];
  const open = async () => {
    const dataSource = createDataSource({ url: DATABASE_URL, schema, applicationName: schema, poolSize: 12 });
    await dataSource.initialize();
    opened.push(dataSource);
    return dataSource;
  };
  const dataSource = await open();
  if (options.migrate ?? true) await runMigrations(dataSource);
  return {
    dataSource,
    schema,
    open,
    async drop() {
      await dataSource.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      for (const each of opened) if (each.isInitialized) await each.destroy();
    },
  };
}
