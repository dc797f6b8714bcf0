import type { ArraySurface } from "../../../infrastructure/array-surfaces/array-surface.js";
import { UNISPHERE_BASE_PATH } from "../unisphere/unisphere-wire.js";
import { RegisteredPowerMaxArrays } from "./powermax-arrays.js";
import { startUnisphereSurface } from "./unisphere-surface.js";
import { migrateUnisphereSurface, PostgresUnisphereSurfaceStore } from "./unisphere-surface-store.js";
import { ServiceUsersOnUnisphere } from "./unisphere-users.js";

/**
 * The Unisphere for PowerMax REST surface of the simulated `vmax` arrays, on
 * `COPRSIM_UNISPHERE_PORT`, over HTTPS with the service's certificate, for the service's users
 * (docs/unisphere.md).
 */
export const UNISPHERE_SURFACE: ArraySurface = {
  name: "Unisphere",
  portVariable: "COPRSIM_UNISPHERE_PORT",
  defaultPort: 8443,
  basePath: UNISPHERE_BASE_PATH,
  description: "the simulated vmax arrays; same users",
  prepareSchema: (dataSource) => migrateUnisphereSurface(dataSource),
  async start(context) {
    const surface = await startUnisphereSurface(
      {
        arrays: new RegisteredPowerMaxArrays(context.storageSystems, context.store, context.clock),
        store: new PostgresUnisphereSurfaceStore(context.dataSource),
        users: new ServiceUsersOnUnisphere(context.authStore),
        logger: context.logger.child({ surface: "unisphere" }),
      },
      { port: context.port, host: context.host, tls: context.tls },
    );
    return { port: surface.port, close: () => surface.close() };
  },
};
