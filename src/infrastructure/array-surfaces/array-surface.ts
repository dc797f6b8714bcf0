import type { Logger } from "pino";
import type { DataSource } from "typeorm";
import type { StorageSystemRecord } from "../../application/ports/storage-catalog.js";
import type { ArrayStateStore } from "../../drivers/simulation/array-state-store.js";
import type { SimulationClock } from "../../drivers/simulation/simulation-clock.js";
import type { AuthStore } from "../http/auth/auth-store.js";
import type { TlsCertificate } from "../http/tls-certificate.js";

/** What an array surface is served with by an API process. */
export interface ArraySurfaceContext {
  /** Every registered storage system; the surface answers for those of its family. */
  readonly storageSystems: () => Promise<readonly StorageSystemRecord[]>;
  /** The simulated arrays' state and clock, shared with the drivers. */
  readonly store: ArrayStateStore;
  readonly clock: SimulationClock;
  readonly dataSource: DataSource;
  /** The service's users, who log in to the surface too. */
  readonly authStore: AuthStore;
  readonly logger: Logger;
  readonly tls: TlsCertificate;
  readonly host: string;
  readonly port: number;
}

export interface RunningArraySurface {
  readonly port: number;
  close(): Promise<void>;
}

/**
 * The management API a family's real arrays offer (a vendor's REST API), served over the
 * simulated arrays of that family, so that clients of the real arrays can drive them. A family
 * with one implements this in `src/drivers/<family>/surface/`; the list of families names it.
 */
export interface ArraySurface {
  /** Its name in the banner and the logs. */
  readonly name: string;
  /** The variable that sets its port, and the port without it (0 picks a free one). */
  readonly portVariable: string;
  readonly defaultPort: number;
  /** The path under which it answers, for the banner. */
  readonly basePath: string;
  /** What it serves, for the banner. */
  readonly description: string;
  /** Creates or updates its own schema; run at every start, before any process serves it. */
  prepareSchema(dataSource: DataSource): Promise<void>;
  start(context: ArraySurfaceContext): Promise<RunningArraySurface>;
}
