import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { ReadModel } from "../../../src/application/ports/read-model.js";
import type { StorageConfiguration } from "../../../src/application/ports/storage-configuration.js";
import type { TenantAdministration } from "../../../src/application/ports/tenant-administration.js";
import type { UnitOfWork } from "../../../src/application/ports/unit-of-work.js";
import { AccessQueries } from "../../../src/application/queries/access-queries.js";
import { BlockQueries } from "../../../src/application/queries/block-queries.js";
import { StorageQueries } from "../../../src/application/queries/storage-queries.js";
import { TenancyQueries } from "../../../src/application/queries/tenancy-queries.js";
import { CreateSnapshotSessionHandler } from "../../../src/application/snapshots/create-snapshot-session.handler.js";
import { DeactivateLinkedTargetHandler } from "../../../src/application/snapshots/deactivate-linked-target.handler.js";
import { DeactivateSnapshotSessionHandler } from "../../../src/application/snapshots/deactivate-snapshot-session.handler.js";
import { LinkTargetsHandler } from "../../../src/application/snapshots/link-targets.handler.js";
import { RelinkTargetsHandler } from "../../../src/application/snapshots/relink-targets.handler.js";
import { RestoreFromLinkedTargetHandler } from "../../../src/application/snapshots/restore-from-linked-target.handler.js";
import { RestoreSnapshotSessionHandler } from "../../../src/application/snapshots/restore-snapshot-session.handler.js";
import { UnlinkTargetsHandler } from "../../../src/application/snapshots/unlink-targets.handler.js";
import { CreateVirtualArrayHandler } from "../../../src/application/storage/create-virtual-array.handler.js";
import { CreateVirtualPoolHandler } from "../../../src/application/storage/create-virtual-pool.handler.js";
import { RegisterStorageSystemHandler } from "../../../src/application/storage/register-storage-system.handler.js";
import { ChangeProjectAclHandler } from "../../../src/application/tenancy/change-project-acl.handler.js";
import { ChangeRoleAssignmentsHandler } from "../../../src/application/tenancy/change-role-assignments.handler.js";
import { CreateProjectHandler } from "../../../src/application/tenancy/create-project.handler.js";
import { CreateSubtenantHandler } from "../../../src/application/tenancy/create-subtenant.handler.js";
import { DeactivateProjectHandler } from "../../../src/application/tenancy/deactivate-project.handler.js";
import { CreateVolumesHandler } from "../../../src/application/volumes/create-volumes.handler.js";
import { DeactivateVolumeHandler } from "../../../src/application/volumes/deactivate-volume.handler.js";
import { createHttpApp } from "../../../src/infrastructure/http/http-server.js";
import { FixedClock } from "../../support/fakes/fixed-clock.js";
import { InMemoryDriverRegistry } from "../../support/fakes/in-memory-array-driver.js";
import { InMemoryAuthStore } from "../../support/fakes/in-memory-auth-store.js";
import { InMemorySimulator } from "../../support/fakes/in-memory-simulator.js";
import { basic, PASSWORD } from "../../support/http/http-test-app.js";

/** What pg raises when the server is gone. */
function connectionRefused(): Error {
  return Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" });
}

describe("when the database cannot be reached", () => {
  const clock = new FixedClock();
  const auth = new InMemoryAuthStore(clock);
  auth.addUser({
    name: "root",
    password: PASSWORD,
    tenantId: "urn:storageos:TenantOrg:00000000-0000-0000-0000-000000000000:global",
  });
  const unreachable: ReadModel = new Proxy({} as ReadModel, {
    get: () => () => Promise.reject(connectionRefused()),
  });
  const unreachableTenants: TenantAdministration = new Proxy({} as TenantAdministration, {
    get: () => () => Promise.reject(connectionRefused()),
  });
  const terminated = () =>
    Promise.reject(Object.assign(new Error("terminating connection due to administrator command"), { code: "57P01" }));
  const lostConnection: UnitOfWork = { run: terminated, read: terminated };
  const unreachableStorage: StorageConfiguration = new Proxy({} as StorageConfiguration, {
    get: () => () => Promise.reject(connectionRefused()),
  });
  const drivers = new InMemoryDriverRegistry();
  const app = createHttpApp({
    linkTargets: new LinkTargetsHandler(lostConnection, drivers, clock),
    unlinkTargets: new UnlinkTargetsHandler(lostConnection, drivers, clock),
    relinkTargets: new RelinkTargetsHandler(lostConnection, drivers, clock),
    restoreSnapshotSession: new RestoreSnapshotSessionHandler(lostConnection, drivers, clock),
    restoreFromLinkedTarget: new RestoreFromLinkedTargetHandler(lostConnection, clock),
    deactivateSnapshotSession: new DeactivateSnapshotSessionHandler(lostConnection, drivers, clock),
    deactivateLinkedTarget: new DeactivateLinkedTargetHandler(lostConnection, clock),
    deactivateVolume: new DeactivateVolumeHandler(lostConnection, clock),
    createVolumes: new CreateVolumesHandler(lostConnection, clock),
    createSnapshotSession: new CreateSnapshotSessionHandler(lostConnection, drivers, clock),
    createProject: new CreateProjectHandler(lostConnection, clock),
    createSubtenant: new CreateSubtenantHandler(unreachableTenants, clock),
    deactivateProject: new DeactivateProjectHandler(lostConnection),
    changeProjectAcl: new ChangeProjectAclHandler(lostConnection, unreachableTenants),
    changeRoleAssignments: new ChangeRoleAssignmentsHandler(unreachableTenants),
    accessQueries: new AccessQueries(unreachable, unreachableTenants),
    registerStorageSystem: new RegisterStorageSystemHandler(lostConnection, unreachableStorage, [], clock),
    createVirtualArray: new CreateVirtualArrayHandler(unreachableStorage, clock),
    createVirtualPool: new CreateVirtualPoolHandler(lostConnection, unreachableStorage, [], clock),
    storageQueries: new StorageQueries(unreachable),
    tenancyQueries: new TenancyQueries(unreachable),
    blockQueries: new BlockQueries(unreachable),
    auth,
    simulator: new InMemorySimulator().api,
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
