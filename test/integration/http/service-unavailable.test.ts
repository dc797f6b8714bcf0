import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { ReadModel } from "../../../src/application/ports/read-model.js";
import type { StorageConfiguration } from "../../../src/application/ports/storage-configuration.js";
import type { TenantAdministration } from "../../../src/application/ports/tenant-administration.js";
import type { UnitOfWork } from "../../../src/application/ports/unit-of-work.js";
import { createHttpApp } from "../../../src/infrastructure/http/http-server.js";
import { FixedClock } from "../../support/fakes/fixed-clock.js";
import { InMemoryDriverRegistry } from "../../support/fakes/in-memory-array-driver.js";
import { InMemoryAuthStore } from "../../support/fakes/in-memory-auth-store.js";
import { InMemorySimulator } from "../../support/fakes/in-memory-simulator.js";
import { apiServices } from "../../support/http/api-services.js";
import { basic, PASSWORD } from "../../support/http/http-test-app.js";

/** What pg raises when the server is gone. */
function connectionRefused(): Error {
  return Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" });
}

/**
 * A port whose every method fails as pg does when the server is gone. It has no `then`: a value
 * with one is taken for a promise (by `await`, and by the container that binds it).
 */
function unreachablePort<T extends object>(): T {
  return new Proxy({} as T, {
    get: (_target, name) => (name === "then" ? undefined : () => Promise.reject(connectionRefused())),
  });
}

describe("when the database cannot be reached", () => {
  const clock = new FixedClock();
  const auth = new InMemoryAuthStore(clock);
  auth.addUser({
    name: "root",
    password: PASSWORD,
    tenantId: "urn:storageos:TenantOrg:00000000-0000-0000-0000-000000000000:global",
  });
  const unreachable = unreachablePort<ReadModel>();
  const unreachableTenants = unreachablePort<TenantAdministration>();
  const terminated = () =>
    Promise.reject(Object.assign(new Error("terminating connection due to administrator command"), { code: "57P01" }));
  const lostConnection: UnitOfWork = { run: terminated, read: terminated };
  const unreachableStorage = unreachablePort<StorageConfiguration>();
  const drivers = new InMemoryDriverRegistry();
  const app = createHttpApp({
    services: apiServices({
      unitOfWork: lostConnection,
      drivers,
      clock,
      readModel: unreachable,
      tenants: unreachableTenants,
      storageConfiguration: unreachableStorage,
      families: [],
      simulator: new InMemorySimulator().api,
    }),
    auth,
    tokenIdleTtlMs: 60_000,
  });
  let token: string;

  beforeEach(async () => {
    const login = await app.inject({
      method: "GET",
      url: "/login",
      headers: { authorization: basic("root", PASSWORD) },
    });
    token = String(login.headers["x-sds-auth-token"]);
  });
  afterEach(async () => {
    await auth.revokeToken(token);
  });

  it.each([
    ["GET", "/vdc/storage-systems"],
    [
      "POST",
      "/block/snapshot-sessions/urn:storageos:BlockSnapshotSession:00000000-0000-0000-0000-000000000000:vdc1/link-targets",
    ],
  ] as const)("%s %s answers 503/8500, retryable, with Retry-After: 30", async (method, url) => {
    const response = await app.inject({
      method,
      url,
      headers: { "x-sds-auth-token": token, accept: "application/json", "content-type": "application/json" },
      ...(method === "POST" ? { payload: "{}" } : {}),
    });
    expect(response.statusCode).toBe(503);
    expect(response.headers["retry-after"]).toBe("30");
    expect(response.json()).toEqual({
      code: 8500,
      description: "Unable to connect to the database service",
      details: expect.any(String),
      retryable: true,
    });
  });
});
