import type { DataSource } from "typeorm";
import { migrateSimulatedArrays } from "../infrastructure/persistence/simulated-arrays/migrate-simulated-arrays.js";

/** Schema work beyond the controller's migrations: the simulated arrays keep their own schema. */
export async function prepareSimulatedArrays(dataSource: DataSource): Promise<void> {
  await migrateSimulatedArrays(dataSource);
}
