import type { DataSource } from "typeorm";
import { migrateSimulatedArrays } from "../infrastructure/persistence/simulated-arrays/migrate-simulated-arrays.js";
import { migrateUnisphereSurface } from "../infrastructure/unisphere/unisphere-surface-store.js";

/**
 * Schema work beyond the controller's migrations: the simulated arrays keep their own schema,
 * and so does their Unisphere surface (storage groups, jobs).
 */
export async function prepareSimulatedArrays(dataSource: DataSource): Promise<void> {
  await migrateSimulatedArrays(dataSource);
  await migrateUnisphereSurface(dataSource);
}
