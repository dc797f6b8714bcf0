import type { DataSource } from "typeorm";
import { ARRAY_SURFACES } from "../drivers/array-families.js";
import { migrateSimulatedArrays } from "../infrastructure/persistence/simulated-arrays/migrate-simulated-arrays.js";

/**
 * Schema work beyond the controller's migrations: the simulated arrays keep their own schema,
 * and so do the array surfaces (their own objects and jobs).
 */
export async function prepareSimulatedArrays(dataSource: DataSource): Promise<void> {
  await migrateSimulatedArrays(dataSource);
  for (const surface of ARRAY_SURFACES) await surface.prepareSchema(dataSource);
}
