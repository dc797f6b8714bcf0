import { randomBytes } from "node:crypto";
import { DataSource } from "typeorm";
import { migrateSimulatedArrays } from "../../../src/infrastructure/persistence/simulated-arrays/migrate-simulated-arrays.js";
import { PostgresArrayStateStore } from "../../../src/infrastructure/persistence/simulated-arrays/postgres-array-state-store.js";

export const DATABASE_URL = process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";

export function connect(): Promise<DataSource> {
  return new DataSource({ type: "postgres", url: DATABASE_URL, extra: { max: 10 } }).initialize();
}

/** A migrated schema of its own (`sim_<random>`), dropped by `drop`. */
export interface SimSchema {
  readonly schema: string;
  readonly dataSource: DataSource;
  readonly store: PostgresArrayStateStore;
  drop(): Promise<void>;
}

export async function openSimSchema(): Promise<SimSchema> {
  const schema = `sim_${randomBytes(6).toString("hex")}`;
  const dataSource = await connect();
  await migrateSimulatedArrays(dataSource, { schema });
  return {
    schema,
    dataSource,
    store: new PostgresArrayStateStore(dataSource, { schema }),
    async drop() {
      await dataSource.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await dataSource.destroy();
    },
  };
}
