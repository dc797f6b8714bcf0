import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { newUrn } from "../../../src/domain/shared/urn.js";
import { createSession, createVolume, discoverSeededWorld } from "../../support/e2e/seeded-world.js";
import type { ViprClient, ViprResponse } from "../../support/e2e/vipr-client.js";
import { outcome, put, startTenancyService } from "./tenancy-service.js";

/** The ids a row's path and body are built from: tenant A's real ones, or ids that exist nowhere. */
interface Ids {
  readonly tenant: string;
  readonly project: string;
  readonly volume: string;
  readonly session: string;
  readonly target: string;
  readonly group: string;
  readonly task: string;
}

interface Row {
  readonly method: "GET" | "POST" | "PUT";
  readonly path: (ids: Ids) => string;
  readonly body?: (ids: Ids) => unknown;
  /** What an id that does not exist at all gets, when not 404/2000 (a body field's id is 400/1004). */
  readonly missing?: (ids: Ids) => { status: number; code: number; details: string };
}

/**
 * Every endpoint that names a tenant-owned resource, one row per endpoint × method. Tenant B's
 * TENANT_ADMIN (bob) gets 403/3000 on tenant A's existing resources, and 404/2000 on ids that
 * exist nowhere. A new endpoint is one more row.
 */
const ROWS: readonly Row[] = [
  { method: "GET", path: (i) => `/tenants/${i.tenant}` },
  { method: "GET", path: (i) => `/tenants/${i.tenant}/projects` },
  { method: "POST", path: (i) => `/tenants/${i.tenant}/projects`, body: () => ({ name: "intruder" }) },
  {
    method: "POST",
    path: (i) => `/tenants/${i.tenant}/subtenants`,
    body: () => ({ name: "intruder", user_mappings: [{ domain: "example.com" }] }),
  },
  { method: "GET", path: (i) => `/tenants/${i.tenant}/role-assignments` },
  {
    method: "PUT",
    path: (i) => `/tenants/${i.tenant}/role-assignments`,
    body: () => ({ add: [{ role: ["TENANT_ADMIN"], subject_id: "bob" }] }),
  },
  { method: "GET", path: (i) => `/projects/${i.project}` },
  { method: "POST", path: (i) => `/projects/${i.project}/deactivate` },
  { method: "GET", path: (i) => `/projects/${i.project}/acl` },
  {
    method: "PUT",
    path: (i) => `/projects/${i.project}/acl`,
    body: () => ({ add: [{ privilege: ["ALL"], subject_id: "bob" }] }),
  },
  {
    method: "POST",
    path: () => "/block/volumes",
    body: (i) => ({ name: "intruder", size: "1GB", count: 1, varray: VARRAY, vpool: VPOOL, project: i.project }),
    missing: (i) => ({ status: 400, code: 1004, details: `Unable to find entity with the given id ${i.project}` }),
  },
  // A search in a project the caller may not read is 403/3000, a project that exists nowhere too (as on ViPR).
  { method: "GET", path: (i) => `/block/volumes/search?project=${i.project}`, missing: forbidden },
  { method: "GET", path: (i) => `/block/volumes/${i.volume}` },
  { method: "POST", path: (i) => `/block/volumes/${i.volume}/deactivate` },
  { method: "GET", path: (i) => `/block/volumes/${i.volume}/tasks` },
  { method: "GET", path: (i) => `/block/volumes/${i.volume}/tasks/${i.task}` },
  { method: "GET", path: (i) => `/block/volumes/${i.volume}/protection/snapshots` },
  { method: "GET", path: (i) => `/block/volumes/${i.volume}/protection/snapshot-sessions` },
  {
    method: "POST",
    path: (i) => `/block/volumes/${i.volume}/protection/snapshot-sessions`,
    body: () => ({ name: "intruder" }),
  },
  {
    method: "GET",
    path: (i) => `/block/snapshot-sessions/search?project=${i.project}&name=snap-a`,
    missing: forbidden,
  },
  { method: "GET", path: (i) => `/block/snapshot-sessions/${i.session}` },
  {
    method: "POST",
    path: (i) => `/block/snapshot-sessions/${i.session}/link-targets`,
    body: () => ({ new_linked_targets: { count: 1, target_name: "intruder" } }),
  },
  {
    method: "POST",
    path: (i) => `/block/snapshot-sessions/${i.session}/relink-targets`,
    body: (i) => ({ ids: [i.target] }),
  },
  {
    method: "POST",
    path: (i) => `/block/snapshot-sessions/${i.session}/unlink-targets`,
    body: (i) => ({ linked_targets: [{ id: i.target, delete_target: true }] }),
  },
  { method: "POST", path: (i) => `/block/snapshot-sessions/${i.session}/restore` },
  { method: "POST", path: (i) => `/block/snapshot-sessions/${i.session}/deactivate` },
  { method: "GET", path: (i) => `/block/snapshot-sessions/${i.session}/tasks` },
  { method: "GET", path: (i) => `/block/snapshot-sessions/${i.session}/tasks/${i.task}` },
  { method: "GET", path: (i) => `/block/snapshots/search?project=${i.project}&name=a-t`, missing: forbidden },
  { method: "GET", path: (i) => `/block/snapshots/${i.target}` },
  { method: "POST", path: (i) => `/block/snapshots/${i.target}/restore` },
  { method: "POST", path: (i) => `/block/snapshots/${i.target}/deactivate` },
  { method: "POST", path: (i) => `/block/snapshots/${i.target}/deactivate?type=VIPR_ONLY` },
  { method: "GET", path: (i) => `/block/snapshots/${i.target}/tasks` },
  { method: "GET", path: (i) => `/block/snapshots/${i.target}/tasks/${i.task}` },
  {
    method: "POST",
    path: () => "/block/consistency-groups",
    body: (i) => ({ name: "intruder", project: i.project }),
    missing: (i) => ({ status: 400, code: 1004, details: `Unable to find entity with the given id ${i.project}` }),
  },
  { method: "GET", path: (i) => `/block/consistency-groups/search?project=${i.project}`, missing: forbidden },
  { method: "GET", path: (i) => `/block/consistency-groups/${i.group}` },
  { method: "GET", path: (i) => `/block/consistency-groups/${i.group}/tasks` },
  { method: "GET", path: (i) => `/block/consistency-groups/${i.group}/tasks/${i.task}` },
  { method: "GET", path: (i) => `/block/consistency-groups/${i.group}/protection/snapshot-sessions` },
  {
    method: "POST",
    path: (i) => `/block/consistency-groups/${i.group}/protection/snapshot-sessions`,
    body: () => ({ name: "intruder" }),
  },
  {
    method: "POST",
    path: (i) => `/block/consistency-groups/${i.group}/protection/snapshot-sessions/${i.session}/link-targets`,
    body: () => ({ new_linked_targets: { count: 1, target_name: "intruder" } }),
  },
  {
    method: "POST",
    path: (i) => `/block/consistency-groups/${i.group}/protection/snapshot-sessions/${i.session}/relink-targets`,
    body: (i) => ({ ids: [i.target] }),
  },
  {
    method: "POST",
    path: (i) => `/block/consistency-groups/${i.group}/protection/snapshot-sessions/${i.session}/unlink-targets`,
    body: (i) => ({ linked_targets: [{ id: i.target, delete_target: true }] }),
  },
  {
    method: "POST",
    path: (i) => `/block/consistency-groups/${i.group}/protection/snapshot-sessions/${i.session}/restore`,
  },
  {
    method: "POST",
    path: (i) => `/block/consistency-groups/${i.group}/protection/snapshot-sessions/${i.session}/deactivate`,
  },
  { method: "GET", path: (i) => `/block/consistency-groups/${i.group}/protection/snapshots` },
  { method: "GET", path: (i) => `/block/consistency-groups/${i.group}/protection/snapshots/${i.target}` },
  { method: "POST", path: (i) => `/block/consistency-groups/${i.group}/protection/snapshots/${i.target}/restore` },
  // Last of the group's rows: B's own group is deleted by it.
  { method: "POST", path: (i) => `/block/consistency-groups/${i.group}/deactivate` },
  { method: "GET", path: (i) => `/vdc/tasks/${i.task}` },
  { method: "GET", path: (i) => `/vdc/tasks?tenant=${i.tenant}` },
];

function forbidden(): { status: number; code: number; details: string } {
  return { status: 403, code: 3000, details: "Insufficient permissions for user bob." };
}

let VARRAY = "";
let VPOOL = "";

function send(client: ViprClient, row: Row, ids: Ids): Promise<ViprResponse> {
  const body = row.body?.(ids);
  if (row.method === "PUT") return put(client, row.path(ids), body);
  return client.send(row.method, row.path(ids), body === undefined ? undefined : JSON.stringify(body));
}

describe("tenant isolation: tenant B's admin and tenant A's resources, on every endpoint", () => {
  let env: Awaited<ReturnType<typeof startTenancyService>>;
  let root: ViprClient;
  let bob: ViprClient;
  let a: Ids;
  let b: Ids;
  const nowhere: Ids = {
    tenant: newUrn("TenantOrg"),
    project: newUrn("Project"),
    volume: newUrn("Volume"),
    session: newUrn("BlockSnapshotSession"),
    target: newUrn("BlockSnapshot"),
    group: newUrn("BlockConsistencyGroup"),
    task: newUrn("Task"),
  };

  /** A volume with an established session and one linked target, a consistency group, in the project; the link's task too. */
  async function populate(client: ViprClient, tenant: string, project: string, prefix: string): Promise<Ids> {
    const world = { ...(await discoverSeededWorld(root)), projectId: project };
    const volume = await createVolume(client, world, "mock", `${prefix}-vol`);
    const session = await createSession(client, volume, `snap-${prefix}`);
    const link = await client.post(`/block/snapshot-sessions/${session}/link-targets`, {
      new_linked_targets: { count: 1, target_name: `${prefix}-t` },
    });
    const task = link.body.task[0];
    expect((await client.waitForTask(task.id)).state).toBe("ready");
    const sessionNow = await client.get(`/block/snapshot-sessions/${session}`);
    const group = await client.post("/block/consistency-groups", { name: `${prefix}-cg`, project });
    expect(group.status, group.text).toBe(200);
    return {
      tenant,
      project,
      volume,
      session,
      target: sessionNow.body.linked_targets[0].id,
      group: group.body.id,
      task: task.id,
    };
  }

  beforeAll(async () => {
    env = await startTenancyService();
    root = await env.loginAs("root");
    bob = await env.loginAs("bob");
    const world = await discoverSeededWorld(root);
    VARRAY = world.varrayId;
    VPOOL = world.vpoolIds.mock ?? "";
    a = await populate(root, world.tenantId, world.projectId, "a");
    const tenantB = (await bob.get("/tenant")).body.id as string;
    const projectB = await bob.post(`/tenants/${tenantB}/projects`, { name: "project-b" });
    expect(projectB.status, projectB.text).toBe(200);
    b = await populate(bob, tenantB, projectB.body.id, "b");
  }, 180_000);

  afterAll(async () => {
    await env?.stop();
  });

  it("the setup: bob is TENANT_ADMIN of a subtenant of tenant A, and works there", async () => {
    expect(b.tenant).not.toBe(a.tenant);
    const tenantB = await bob.get(`/tenants/${b.tenant}`);
    expect(tenantB.body.parent_tenant.id).toBe(a.tenant);
    const whoami = await bob.get("/user/whoami");
    expect(whoami.body).toMatchObject({ name: "bob", tenant: b.tenant, home_tenant_roles: ["TENANT_ADMIN"] });
  });

  describe.each(
    ROWS.map((row) => [`${row.method} ${row.path(nowhere).replace(/urn:[^/?&]+/g, "{id}")}`, row] as const),
  )("%s", (_name, row) => {
    it("tenant A's resource: 403/3000, and nothing changes", async () => {
      const before = await env.fingerprintOf(a.tenant);
      expect(outcome(await send(bob, row, a))).toEqual({
        status: 403,
        code: 3000,
        details: "Insufficient permissions for user bob.",
      });
      expect(await env.fingerprintOf(a.tenant)).toEqual(before);
    });

    it("an id that exists nowhere: 404/2000", async () => {
      const expected = row.missing?.(nowhere) ?? {
        status: 404,
        code: 2000,
        details: `Unable to find entity specified in URL with the given id ${idInPath(row.path(nowhere))}`,
      };
      expect(outcome(await send(bob, row, nowhere))).toEqual(expected);
    });

    // B's own resource, so that a 403 above is about the tenant, not about bob or the endpoint.
    it("tenant B's own resource of the same kind is not refused for isolation", async () => {
      const response = await send(bob, row, b);
      expect(outcome(response)).not.toEqual(
        expect.objectContaining({ status: 403, details: "Insufficient permissions for user bob." }),
      );
    });
  });

  describe("tenant A's resources named in the body of a request on B's own", () => {
    it("relinking or unlinking A's target through B's session: 403/3000, and nothing changes", async () => {
      const before = await env.fingerprintOf(a.tenant);
      expect(
        outcome(await bob.post(`/block/snapshot-sessions/${b.session}/relink-targets`, { ids: [a.target] })),
      ).toEqual({ status: 403, code: 3000, details: "Insufficient permissions for user bob." });
      expect(
        outcome(
          await bob.post(`/block/snapshot-sessions/${b.session}/unlink-targets`, {
            linked_targets: [{ id: a.target, delete_target: true }],
          }),
        ),
      ).toEqual({ status: 403, code: 3000, details: "Insufficient permissions for user bob." });
      expect(await env.fingerprintOf(a.tenant)).toEqual(before);
    });
  });

  describe("listings, search and bulk never include tenant A's resources", () => {
    it("POST …/bulk of volumes, sessions, snapshots and consistency groups leave A's ids out", async () => {
      const targets = await bob.post("/block/snapshots/bulk", { id: [a.target, b.target] });
      expect(targets.status).toBe(200);
      expect(targets.body.block_snapshot.map((s: { id: string }) => s.id)).toEqual([b.target]);
      const volumes = await bob.post("/block/volumes/bulk", { id: [a.volume, b.volume] });
      expect(volumes.status).toBe(200);
      expect(volumes.body.volume.map((v: { id: string }) => v.id)).toEqual([b.volume]);
      const sessions = await bob.post("/block/snapshot-sessions/bulk", { id: [a.session, b.session] });
      expect(sessions.status).toBe(200);
      expect(sessions.body.block_snapshot_session.map((s: { id: string }) => s.id)).toEqual([b.session]);
      const groups = await bob.post("/block/consistency-groups/bulk", { id: [a.group, b.group] });
      expect(groups.status).toBe(200);
      expect(groups.body.consistency_group.map((g: { id: string }) => g.id)).toEqual([b.group]);
    });

    it("GET …/bulk (every id of a kind) is for SYSTEM_MONITOR only", async () => {
      for (const kind of ["volumes", "snapshot-sessions", "snapshots", "consistency-groups"]) {
        expect(outcome(await bob.get(`/block/${kind}/bulk`))).toEqual(forbidden());
      }
    });

    it("a task of A named by its URN on B's own resource is no operation of it (400/1008)", async () => {
      expect(outcome(await bob.get(`/block/snapshot-sessions/${b.session}/tasks/${a.task}`))).toEqual({
        status: 400,
        code: 1008,
        details: `No operation found for task with id: ${a.task}`,
      });
    });

    it("GET /block/snapshot-sessions/search by name finds only B's", async () => {
      for (const name of ["snap-a", "snap-b"]) {
        const found = await bob.get(`/block/snapshot-sessions/search?name=${name}`);
        expect(found.status).toBe(200);
        expect(found.body.resource.map((r: { id: string }) => r.id)).toEqual(name === "snap-b" ? [b.session] : []);
      }
    });

    it("GET /vdc/tasks lists only B's tasks, and A's never", async () => {
      const tasks = await bob.get("/vdc/tasks");
      expect(tasks.status).toBe(200);
      const ids = tasks.body.task.map((t: { id: string }) => t.id) as string[];
      expect(ids).toContain(b.task);
      expect(ids).not.toContain(a.task);
      for (const task of tasks.body.task) expect(task.tenant.id).toBe(b.tenant);
    });

    it("GET /tenants/{A}/subtenants lists only the subtenants bob administers", async () => {
      const subtenants = await bob.get(`/tenants/${a.tenant}/subtenants`);
      expect(subtenants.status).toBe(200);
      expect(subtenants.body.subtenant.map((t: { id: string }) => t.id)).toEqual([b.tenant]);
    });

    it("GET /tenants/{B}/projects lists B's projects only", async () => {
      const projects = (await bob.get(`/tenants/${b.tenant}/projects`)).body.project as { id: string }[];
      expect(projects.map((p) => p.id)).toContain(b.project);
      for (const project of projects) expect((await bob.get(`/projects/${project.id}`)).body.tenant.id).toBe(b.tenant);
    });
  });
});

function idInPath(path: string): string {
  return /urn:storageos:[^/?&]+/.exec(path)?.[0] ?? "";
}
