import { join } from "node:path";
import type { Container } from "inversify";
import type { Logger } from "pino";
import type { DataSource } from "typeorm";
import { READ_MODEL, type ReadModel } from "../application/ports/read-model.js";
import { ARRAY_SURFACES } from "../drivers/array-families.js";
import { ARRAY_STATE_STORE, type ArrayStateStore } from "../drivers/simulation/array-state-store.js";
import { SIMULATION_CLOCK, type SimulationClock } from "../drivers/simulation/simulation-clock.js";
import type { RunningArraySurface } from "../infrastructure/array-surfaces/array-surface.js";
import type { Config } from "../infrastructure/config/config.js";
import { AUTH_STORE, DATA_SOURCE } from "../infrastructure/container/infrastructure-tokens.js";
import type { AuthStore } from "../infrastructure/http/auth/auth-store.js";
import { loadOrCreateCertificate } from "../infrastructure/http/tls-certificate.js";

/**
 * Serves every array surface of the listed families (a vendor's REST API over the simulated
 * arrays of its family) on its configured port, over HTTPS with the service's certificate,
 * for the service's users; returns how to stop them all.
 */
export async function startArraySurfaces(
  container: Container,
  config: Config,
  logger: Logger,
): Promise<{ stop(): Promise<void> }> {
  const tls = await loadOrCreateCertificate(join(config.dataDir, "tls"));
  const readModel = container.get<ReadModel>(READ_MODEL);
  const running: RunningArraySurface[] = [];
  try {
    for (const surface of ARRAY_SURFACES) {
      running.push(
        await surface.start({
          storageSystems: () => readModel.storageSystems(),
          store: container.get<ArrayStateStore>(ARRAY_STATE_STORE),
          clock: container.get<SimulationClock>(SIMULATION_CLOCK),
          dataSource: container.get<DataSource>(DATA_SOURCE),
          authStore: container.get<AuthStore>(AUTH_STORE),
          logger,
          tls,
          host: config.host,
          port: config.surfacePorts[surface.name] ?? surface.defaultPort,
        }),
      );
    }
  } catch (error) {
    await Promise.all(running.map((surface) => surface.close()));
    throw error;
  }
  return { stop: async () => void (await Promise.all(running.map((surface) => surface.close()))) };
}
