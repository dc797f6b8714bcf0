import { join } from "node:path";
import type { Container } from "inversify";
import type { Logger } from "pino";
import type { DataSource } from "typeorm";
import { READ_MODEL, type ReadModel } from "../application/ports/read-model.js";
import { ARRAY_STATE_STORE, type ArrayStateStore } from "../drivers/simulation/array-state-store.js";
import { SIMULATION_CLOCK, type SimulationClock } from "../drivers/simulation/simulation-clock.js";
import type { Config } from "../infrastructure/config/config.js";
import { AUTH_STORE, DATA_SOURCE } from "../infrastructure/container/infrastructure-tokens.js";
import type { AuthStore } from "../infrastructure/http/auth/auth-store.js";
import { loadOrCreateCertificate } from "../infrastructure/http/tls-certificate.js";
import { RegisteredPowerMaxArrays } from "../infrastructure/unisphere/powermax-arrays.js";
import { startUnisphereSurface } from "../infrastructure/unisphere/unisphere-surface.js";
import { PostgresUnisphereSurfaceStore } from "../infrastructure/unisphere/unisphere-surface-store.js";
import { ServiceUsersOnUnisphere } from "../infrastructure/unisphere/unisphere-users.js";

/**
 * Serves the Unisphere for PowerMax REST surface of the simulated `vmax` arrays on
 * `COPRSIM_UNISPHERE_PORT`, over HTTPS with the service's certificate, for the service's users;
 * returns how to stop it and the port it took.
 */
export async function startUnisphere(
  container: Container,
  config: Config,
  logger: Logger,
): Promise<{ readonly port: number; stop(): Promise<void> }> {
  const tls = await loadOrCreateCertificate(join(config.dataDir, "tls"));
  const readModel = container.get<ReadModel>(READ_MODEL);
  const surface = await startUnisphereSurface(
    {
      arrays: new RegisteredPowerMaxArrays(
        () => readModel.storageSystems(),
        container.get<ArrayStateStore>(ARRAY_STATE_STORE),
        container.get<SimulationClock>(SIMULATION_CLOCK),
      ),
      store: new PostgresUnisphereSurfaceStore(container.get<DataSource>(DATA_SOURCE)),
      users: new ServiceUsersOnUnisphere(container.get<AuthStore>(AUTH_STORE)),
      logger: logger.child({ surface: "unisphere" }),
    },
    { port: config.unispherePort, host: config.host, tls },
  );
  return { port: surface.port, stop: () => surface.close() };
}
