import { mkdtemp, rm } from "node:fs/promises";
import https from "node:https";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { DataSource } from "typeorm";
import type { StorageSystemRecord } from "../../../src/application/ports/storage-catalog.js";
import type { ArrayStateStore } from "../../../src/drivers/simulation/array-state-store.js";
import { StoredFaultPlan } from "../../../src/drivers/simulation/fault-plan.js";
import { SimulatedArrays } from "../../../src/drivers/simulation/simulated-arrays.js";
import type { SimulationClock } from "../../../src/drivers/simulation/simulation-clock.js";
import { SimulatedSnapVxArray, SNAPVX_FAMILY } from "../../../src/drivers/snapvx/simulated-snapvx-array.js";
import type { PowerMaxArray, PowerMaxArrays } from "../../../src/drivers/snapvx/surface/powermax-arrays.js";
import type { SimulatedUnisphereIdentity } from "../../../src/drivers/snapvx/surface/system.routes.js";
import { startUnisphereSurface } from "../../../src/drivers/snapvx/surface/unisphere-surface.js";
import {
  migrateUnisphereSurface,
  PostgresUnisphereSurfaceStore,
} from "../../../src/drivers/snapvx/surface/unisphere-surface-store.js";
import { ServiceUsersOnUnisphere } from "../../../src/drivers/snapvx/surface/unisphere-users.js";
import { symmetrixIdOf } from "../../../src/drivers/snapvx/unisphere/powermax-identity.js";
import { loadOrCreateCertificate } from "../../../src/infrastructure/http/tls-certificate.js";
import { InMemoryAuthStore } from "../fakes/in-memory-auth-store.js";

/** Arrays added by the test, each on the state store and clock it was made with. */
export class TestPowerMaxArrays implements PowerMaxArrays {
  private readonly arrays = new Map<string, PowerMaxArray>();

  add(system: StorageSystemRecord, store: ArrayStateStore, clock: SimulationClock): PowerMaxArray {
    const symmetrixId = symmetrixIdOf(system.nativeId);
    if (!symmetrixId) throw new Error(`${system.nativeId} is no Symmetrix id`);
    const faults = new StoredFaultPlan(store);
    const array: PowerMaxArray = {
      symmetrixId,
      system,
      snapvx: new SimulatedSnapVxArray(store, clock, faults),
      simulator: new SimulatedArrays(store, clock, [SNAPVX_FAMILY], faults),
      faults,
    };
    this.arrays.set(symmetrixId, array);
    return array;
  }

  async symmetrixIds(): Promise<string[]> {
    return [...this.arrays.keys()].sort();
  }

  async array(symmetrixId: string): Promise<PowerMaxArray | null> {
    return this.arrays.get(symmetrixId) ?? null;
  }
}

export const SURFACE_ADMIN = { name: "unisphere-admin", password: "s3cret-Unisphere!" } as const;
export const SURFACE_MONITOR = { name: "unisphere-monitor", password: "m0nitor-only" } as const;

export interface TestUnisphereSurface {
  readonly url: string;
  readonly port: number;
  /** The surface's self-signed certificate, to trust. */
  readonly certificate: string;
  readonly certificateFile: string;
  readonly arrays: TestPowerMaxArrays;
  readonly store: PostgresUnisphereSurfaceStore;
  /** The `vmax` settings of a system driven through this surface. */
  settings(): Record<string, unknown>;
  close(): Promise<void>;
}

/**
 * The Unisphere surface over real HTTPS on 127.0.0.1 (a free port), its storage groups and
 * jobs in a schema of their own (dropped on close), its users SURFACE_ADMIN (SYSTEM_ADMIN) and
 * SURFACE_MONITOR (SYSTEM_MONITOR).
 */
export async function startTestUnisphereSurface(
  dataSource: DataSource,
  options: { readonly identity?: SimulatedUnisphereIdentity } = {},
): Promise<TestUnisphereSurface> {
  const schema = `unisphere_${Math.random().toString(16).slice(2, 10)}`;
  await migrateUnisphereSurface(dataSource, { schema });
  const store = new PostgresUnisphereSurfaceStore(dataSource, { schema });
  const dir = await mkdtemp(join(tmpdir(), "coprsim-unisphere-"));
  const tls = await loadOrCreateCertificate(dir);
  const auth = new InMemoryAuthStore({ now: () => Date.now() });
  auth.addUser({ ...SURFACE_ADMIN, tenantId: "t", vdcRoles: ["SYSTEM_ADMIN"] });
  auth.addUser({ ...SURFACE_MONITOR, tenantId: "t", vdcRoles: ["SYSTEM_MONITOR"] });
  const arrays = new TestPowerMaxArrays();
  const surface = await startUnisphereSurface(
    {
      arrays,
      store,
      users: new ServiceUsersOnUnisphere(auth),
      ...(options.identity ? { identity: options.identity } : {}),
    },
    { port: 0, host: "127.0.0.1", tls },
  );
  const url = `https://127.0.0.1:${surface.port}`;
  return {
    url,
    port: surface.port,
    certificate: tls.cert,
    certificateFile: join(dir, "cert.pem"),
    arrays,
    store,
    settings: () => ({
      unisphereUrl: url,
      unisphereUser: SURFACE_ADMIN.name,
      unispherePassword: SURFACE_ADMIN.password,
      unisphereCaCertificate: tls.cert,
    }),
    async close() {
      await surface.close();
      await dataSource.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** One request to the surface over HTTPS as `user` (SURFACE_ADMIN by default); the body is parsed JSON, or null. */
export function unisphereRequest(
  surface: Pick<TestUnisphereSurface, "port" | "certificate">,
  method: string,
  path: string,
  options: { body?: unknown; user?: { name: string; password: string } | null } = {},
): Promise<{ status: number; body: any }> {
  const user = options.user === undefined ? SURFACE_ADMIN : options.user;
  const payload = options.body === undefined ? undefined : JSON.stringify(options.body);
  return new Promise((resolve, reject) => {
    const request = https.request(
      {
        host: "127.0.0.1",
        port: surface.port,
        method,
        path: `/univmax/restapi${path}`,
        ca: surface.certificate,
        ...(user ? { auth: `${user.name}:${user.password}` } : {}),
        headers: {
          accept: "application/json",
          "content-type": "application/json",
          ...(payload === undefined ? {} : { "content-length": Buffer.byteLength(payload) }),
        },
      },
      (response) => {
        let text = "";
        response.on("data", (chunk) => (text += chunk));
        response.on("end", () =>
          resolve({ status: response.statusCode ?? 0, body: text.trim() === "" ? null : JSON.parse(text) }),
        );
      },
    );
    request.on("error", reject);
    request.end(payload);
  });
}
