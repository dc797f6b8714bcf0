import type { FastifyInstance, LightMyRequestResponse } from "fastify";
import { ARRAY_FAMILIES } from "../../../src/drivers/array-families.js";
import { createHttpApp, type HttpDependencies } from "../../../src/infrastructure/http/http-server.js";
import { ROOT_VDC_ROLES } from "../../../src/infrastructure/persistence/seed.js";
import { type ArrayIds, StorageWorld } from "../builders/storage-world.js";
import { FixedClock } from "../fakes/fixed-clock.js";
import { InMemoryDriverRegistry } from "../fakes/in-memory-array-driver.js";
import { InMemoryAuthStore } from "../fakes/in-memory-auth-store.js";
import { InMemoryReadModel } from "../fakes/in-memory-read-model.js";
import { InMemorySimulator } from "../fakes/in-memory-simulator.js";
import { InMemoryStorageConfiguration } from "../fakes/in-memory-storage-configuration.js";
import { InMemoryStore } from "../fakes/in-memory-store.js";
import { InMemoryTenantAdministration } from "../fakes/in-memory-tenant-administration.js";
import { InMemoryUnitOfWork } from "../fakes/in-memory-unit-of-work.js";
import { apiServices } from "./api-services.js";

export const PASSWORD = "ChangeMe";
/** The real families' registration rules: settings are checked as the service checks them. */
const FAMILIES = ARRAY_FAMILIES.map((family) => family.registration);
export const TOKEN_IDLE_TTL_MS = 8 * 3600 * 1000;

/**
 * The HTTP app over the real handlers and queries, wired to in-memory fakes, with a small
 * world: the provider tenant (root: the seeded root's roles; alice: no roles; sysmonitor),
 * another tenant (bob: its TENANT_ADMIN), a SnapVX array and a mock array without copy mode,
 * a volume on each with an established session, and an empty consistency group of project1.
 */
export class HttpTestApp {
  readonly clock = new FixedClock();
  readonly store = new InMemoryStore();
  readonly auth = new InMemoryAuthStore(this.clock);
  readonly world = new StorageWorld(this.store, this.clock);
  /** The `/sim` API's arrays, in memory; ids reach them through its locator. */
  readonly simulator = new InMemorySimulator();
  readonly app: FastifyInstance;
  /** What the app was built from, to build another (e.g. real servers) over the same fakes. */
  readonly deps: HttpDependencies;

  readonly providerTenantId = this.world.addTenant("Provider Tenant");
  readonly otherTenantId = this.world.addTenant("Other Tenant");
  readonly snapvx: ArrayIds = this.world.addArray("symm-1", "vmax");
  readonly mockArray: ArrayIds = this.world.addArray("mock-1", "mock", { copyMode: false });
  readonly projectId = this.world.addProject(this.providerTenantId, "project1", "root");
  readonly otherProjectId = this.world.addProject(this.otherTenantId, "project-b", "bob");
  readonly volumeId = this.world.addVolume(this.projectId, this.snapvx, "vol1");
  readonly sessionId = this.world.addSession(this.volumeId, "snap1");
  readonly mockVolumeId = this.world.addVolume(this.projectId, this.mockArray, "mockvol");
  readonly mockSessionId = this.world.addSession(this.mockVolumeId, "mocksnap");
  readonly otherVolumeId = this.world.addVolume(this.otherProjectId, this.snapvx, "vol-b");
  readonly otherSessionId = this.world.addSession(this.otherVolumeId, "snap-b");
  /** An empty consistency group of project1. */
  readonly consistencyGroupId = this.world.addConsistencyGroup(this.projectId, "cg1");

  private group: { groupId: string; volumeIds: string[]; sessionId: string } | null = null;

  /**
   * A consistency group `cgs` of two volumes on the SnapVX array (`cg-b`, `CG-a`) and an
   * established session of it, `gsnap1`, made on first use.
   */
  get sessionGroup(): { groupId: string; volumeIds: string[]; sessionId: string } {
    if (!this.group) {
      const groupId = this.world.addConsistencyGroup(this.projectId, "cgs");
      const volumeIds = ["cg-b", "CG-a"].map((name) => this.world.addGroupMember(groupId, this.snapvx, name));
      const sessionId = this.world.addGroupSession(groupId, [...volumeIds].reverse(), "gsnap1");
      this.group = { groupId, volumeIds, sessionId };
    }
    return this.group;
  }

  constructor() {
    this.auth.addUser({
      name: "root",
      password: PASSWORD,
      tenantId: this.providerTenantId,
      vdcRoles: [...ROOT_VDC_ROLES],
      tenantRoles: { [this.providerTenantId]: ["TENANT_ADMIN"] },
    });
    this.auth.addUser({
      name: "sysmonitor",
      password: PASSWORD,
      tenantId: this.providerTenantId,
      vdcRoles: ["SYSTEM_MONITOR"],
    });
    this.auth.addUser({ name: "alice", password: PASSWORD, tenantId: this.providerTenantId });
    this.auth.addUser({
      name: "bob",
      password: PASSWORD,
      tenantId: this.otherTenantId,
      tenantRoles: { [this.otherTenantId]: ["TENANT_ADMIN"] },
    });

    this.deps = {
      services: apiServices({
        unitOfWork: new InMemoryUnitOfWork(this.store),
        drivers: new InMemoryDriverRegistry(),
        clock: this.clock,
        readModel: new InMemoryReadModel(this.store),
        tenants: new InMemoryTenantAdministration(this.store, this.auth),
        storageConfiguration: new InMemoryStorageConfiguration(this.store),
        families: FAMILIES,
        simulator: this.simulator.api,
      }),
      auth: this.auth,
      tokenIdleTtlMs: TOKEN_IDLE_TTL_MS,
    };
    this.app = createHttpApp(this.deps);
  }

  /** Logs in with Basic credentials and returns the token. */
  async login(user = "root", password = PASSWORD): Promise<string> {
    const response = await this.app.inject({
      method: "GET",
      url: "/login",
      headers: { authorization: basic(user, password) },
    });
    const token = response.headers["x-sds-auth-token"];
    if (response.statusCode !== 200 || typeof token !== "string") {
      throw new Error(`login of ${user} failed: ${response.statusCode} ${response.body}`);
    }
    return token;
  }

  /** A JSON request (JSON body, `Accept: application/json`) with the token. */
  json(method: "GET" | "POST" | "PUT", url: string, token: string, body?: unknown): Promise<LightMyRequestResponse> {
    return this.app.inject({
      method,
      url,
      headers: { "x-sds-auth-token": token, accept: "application/json", "content-type": "application/json" },
      ...(body === undefined ? {} : { payload: JSON.stringify(body) }),
    });
  }

  /** An XML request (XML body, `Accept: application/xml`) with the token. */
  xml(method: "GET" | "POST" | "PUT", url: string, token: string, body?: string): Promise<LightMyRequestResponse> {
    return this.app.inject({
      method,
      url,
      headers: { "x-sds-auth-token": token, accept: "application/xml", "content-type": "application/xml" },
      ...(body === undefined ? {} : { payload: body }),
    });
  }

  close(): Promise<void> {
    return this.app.close();
  }
}

export function basic(user: string, password: string): string {
  return `Basic ${Buffer.from(`${user}:${password}`).toString("base64")}`;
}
