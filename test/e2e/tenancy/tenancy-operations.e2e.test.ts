import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createVolume, discoverSeededWorld, type SeededWorld } from "../../support/e2e/seeded-world.js";
import { ViprClient } from "../../support/e2e/vipr-client.js";
import { outcome, PASSWORDS, put, startTenancyService, withHeaders } from "./tenancy-service.js";

const forbidden = (user: string) => ({
  status: 403,
  code: 3000,
  details: `Insufficient permissions for user ${user}.`,
});
const missing = (name: string) => ({
  status: 400,
  code: 1005,
  details: `Required parameter ${name} was missing or empty`,
});
const invalid = (name: string, value: string) => ({
  status: 400,
  code: 1008,
  details: `Invalid value ${value} for parameter ${name}`,
});
const xmlHead = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>';

/** Subtenants, tenant role assignments, project ACLs and deactivation, SYSTEM_MONITOR, proxy tokens: over HTTP. */
describe("tenancy operations", () => {
  let env: Awaited<ReturnType<typeof startTenancyService>>;
  let world: SeededWorld;
  let root: ViprClient;
  let tenantB: string;
  const login = (user: string) => env.loginAs(user);

  beforeAll(async () => {
    env = await startTenancyService();
    root = await login("root");
    world = await discoverSeededWorld(root);
    tenantB = (await (await login("bob")).get("/tenant")).body.id;
  }, 120_000);

  afterAll(async () => {
    await env?.stop();
  });

  describe("subtenants", () => {
    const create = (client: ViprClient, parent: string, body: unknown) =>
      client.post(`/tenants/${parent}/subtenants`, body);

    it("SECURITY_ADMIN creates one under the root tenant: 200 tenant_org, and becomes its TENANT_ADMIN", async () => {
      const created = await create(root, world.tenantId, {
        name: "Tenant C",
        description: "the third",
        user_mappings: [{ domain: "corp.example", groups: ["storage"] }],
      });
      expect(created.status, created.text).toBe(200);
      expect(created.body).toMatchObject({
        name: "Tenant C",
        inactive: false,
        description: "the third",
        parent_tenant: { id: world.tenantId },
        user_mappings: [{ domain: "corp.example", groups: ["storage"], attributes: [] }],
        link: { rel: "self", href: `/tenants/${created.body.id}` },
      });
      expect(created.body.id).toMatch(/^urn:storageos:TenantOrg:[0-9a-f-]{36}:global$/);
      const read = await root.get(`/tenants/${created.body.id}`);
      expect(read.body).toEqual(created.body);
      const roles = await root.get(`/tenants/${created.body.id}/role-assignments`);
      expect(roles.body).toEqual({ role_assignment: [{ role: ["TENANT_ADMIN"], subject_id: "root" }] });
    });

    it("in XML: tenant_create in, tenant_org out; the listing is <subtenants><subtenant>", async () => {
      const created = await root.postXml(
        `/tenants/${world.tenantId}/subtenants`,
        "<tenant_create><name>Tenant X</name><user_mappings><user_mapping><domain>x.example</domain>" +
          "<attributes><attribute><key>ou</key><value>ops</value></attribute></attributes>" +
          "</user_mapping></user_mappings></tenant_create>",
      );
      expect(created.status, created.body).toBe(200);
      expect(created.body).toMatch(
        /^<\?xml[^>]*\?><tenant_org><creation_time>\d+<\/creation_time><global>true<\/global><id>urn:storageos:TenantOrg:/,
      );
      expect(created.body).toContain(
        "<user_mappings><user_mapping><domain>x.example</domain><attributes><attribute><key>ou</key><value>ops</value></attribute></attributes><groups></groups></user_mapping></user_mappings>",
      );
      const list = await root.getXml(`/tenants/${world.tenantId}/subtenants`);
      expect(list.body.startsWith(`${xmlHead}<subtenants><subtenant><id>`)).toBe(true);
      const json = await root.get(`/tenants/${world.tenantId}/subtenants`);
      expect(json.body.subtenant.map((t: { name: string }) => t.name)).toEqual(["Tenant B", "Tenant C", "Tenant X"]);
    });

    it("refusals: name and user_mappings required, duplicate name, parent not root, no permission", async () => {
      const mappings = [{ domain: "corp.example" }];
      const before = await env.fingerprintOf(world.tenantId);
      expect(outcome(await create(root, world.tenantId, { user_mappings: mappings }))).toEqual(missing("name"));
      expect(outcome(await create(root, world.tenantId, { name: "Tenant D" }))).toEqual(missing("user_mappings"));
      expect(outcome(await create(root, world.tenantId, { name: "Tenant D", user_mappings: [{}] }))).toEqual(
        missing("domain"),
      );
      expect(outcome(await create(root, world.tenantId, { name: "tenant c", user_mappings: mappings }))).toEqual({
        status: 400,
        code: 1008,
        details: "A component/resource with the label tenant c already exists.",
      });
      expect(outcome(await create(root, tenantB, { name: "Deeper", user_mappings: mappings }))).toEqual({
        status: 400,
        code: 1008,
        details: "Subtenants can only be created under the root tenant.",
      });
      for (const user of ["alice", "bob", "sysmonitor"])
        expect(
          outcome(await create(await login(user), world.tenantId, { name: "D", user_mappings: mappings })),
        ).toEqual(forbidden(user));
      expect(await env.fingerprintOf(world.tenantId)).toBe(before);
      expect(outcome(await root.get(`/tenants/${tenantB}/subtenants`))).toEqual({
        status: 405,
        code: 1007,
        details: "This operation is not supported for subtenants.",
      });
      expect(outcome(await (await login("alice")).get(`/tenants/${world.tenantId}/subtenants`))).toEqual(
        forbidden("alice"),
      );
    });
  });

  describe("tenant role assignments", () => {
    const path = () => `/tenants/${tenantB}/role-assignments`;

    it("a grant applies at the user's next request, a removal too, without logging in again", async () => {
      const erin = await login("erin");
      const createProject = (name: string) => erin.post(`/tenants/${tenantB}/projects`, { name });
      expect(outcome(await createProject("erin-1"))).toEqual(forbidden("erin"));

      const granted = await put(root, path(), {
        add: [{ role: ["TENANT_ADMIN", "PROJECT_ADMIN"], subject_id: "erin" }],
      });
      expect(granted.status, granted.text).toBe(200);
      expect(granted.body).toEqual({
        role_assignment: [
          { role: ["TENANT_ADMIN"], subject_id: "bob" },
          { role: ["TENANT_ADMIN", "PROJECT_ADMIN"], subject_id: "erin" },
        ],
      });
      expect((await createProject("erin-1")).status).toBe(200);
      expect((await erin.get("/user/whoami")).body.home_tenant_roles).toEqual(["TENANT_ADMIN", "PROJECT_ADMIN"]);

      const removed = await put(root, path(), {
        remove: [{ role: ["TENANT_ADMIN", "PROJECT_ADMIN"], subject_id: "erin" }],
      });
      expect(removed.body).toEqual({ role_assignment: [{ role: ["TENANT_ADMIN"], subject_id: "bob" }] });
      expect(outcome(await createProject("erin-2"))).toEqual(forbidden("erin"));

      await put(root, path(), { add: [{ role: ["PROJECT_ADMIN"], subject_id: "erin" }] });
      expect((await createProject("erin-2")).status).toBe(200);
      await put(root, path(), { remove: [{ role: ["PROJECT_ADMIN"], subject_id: "erin" }] });
    });

    it("in XML: role_assignment_change in, <role_assignments><role_assignment> out", async () => {
      const bob = await login("bob");
      const changed = await bob.send(
        "PUT",
        path(),
        "<role_assignment_change><add><role>TENANT_APPROVER</role><subject_id>erin</subject_id></add></role_assignment_change>",
        "application/xml",
      );
      expect(changed.status, changed.text).toBe(200);
      expect(changed.text).toBe(
        `${xmlHead}<role_assignments><role_assignment><role>TENANT_ADMIN</role><subject_id>bob</subject_id></role_assignment>` +
          "<role_assignment><role>TENANT_APPROVER</role><subject_id>erin</subject_id></role_assignment></role_assignments>",
      );
      expect((await bob.getXml(path())).body).toBe(changed.text);
      await put(bob, path(), { remove: [{ role: ["TENANT_APPROVER"], subject_id: "erin" }] });
    });

    it("refusals: an unknown role or subject is 400/1008, no subject 400/1005; only SECURITY_ADMIN or the tenant's admin", async () => {
      const before = await env.fingerprintOf(world.tenantId);
      expect(outcome(await put(root, path(), { add: [{ role: ["SUPER_ADMIN"], subject_id: "erin" }] }))).toEqual(
        invalid("role", "SUPER_ADMIN"),
      );
      expect(outcome(await put(root, path(), { add: [{ role: ["SYSTEM_ADMIN"], subject_id: "erin" }] }))).toEqual(
        invalid("role", "SYSTEM_ADMIN"),
      );
      expect(outcome(await put(root, path(), { remove: [{ role: ["OWN"], subject_id: "erin" }] }))).toEqual(
        invalid("role", "OWN"),
      );
      expect(outcome(await put(root, path(), { add: [{ role: ["TENANT_ADMIN"] }] }))).toEqual(missing("subject_id"));
      expect(outcome(await put(root, path(), { add: [{ role: ["TENANT_ADMIN"], subject_id: "nobody" }] }))).toEqual({
        status: 400,
        code: 1008,
        details: `Invalid value nobody for parameter subject_id: no user of tenant ${tenantB} has that name.`,
      });
      for (const user of ["alice", "erin", "sysmonitor"])
        expect(
          outcome(await put(await login(user), path(), { add: [{ role: ["TENANT_ADMIN"], subject_id: "erin" }] })),
        ).toEqual(forbidden(user));
      expect(await env.fingerprintOf(world.tenantId)).toBe(before);
      expect(outcome(await (await login("alice")).get(path()))).toEqual(forbidden("alice"));
      expect((await (await login("sysmonitor")).get(path())).status).toBe(200);
    });
  });

  describe("project ACLs", () => {
    let projectId: string;
    const path = () => `/projects/${projectId}/acl`;

    beforeAll(async () => {
      projectId = (await root.post(`/tenants/${world.tenantId}/projects`, { name: "acl-project" })).body.id;
    });

    it("the owner holds OWN; a granted ALL lets its holder read and use the project at once, until removed", async () => {
      const dave = await login("dave");
      expect(outcome(await dave.get(`/projects/${projectId}`))).toEqual(forbidden("dave"));
      expect((await root.get(path())).body).toEqual({ acl: [{ privilege: ["OWN"], subject_id: "root" }] });

      const granted = await put(root, path(), { add: [{ privilege: ["ALL", "USE"], subject_id: "dave" }] });
      expect(granted.status, granted.text).toBe(200);
      expect(granted.body).toEqual({
        acl: [
          { privilege: ["OWN"], subject_id: "root" },
          { privilege: ["ALL", "USE"], subject_id: "dave" },
        ],
      });
      expect((await dave.get(`/projects/${projectId}`)).status).toBe(200);
      const volume = await createVolume(dave, { ...world, projectId }, "mock", "dave-vol");
      expect((await dave.get(`/block/volumes/${volume}`)).status).toBe(200);
      expect(outcome(await put(dave, path(), { add: [{ privilege: ["OWN"], subject_id: "dave" }] }))).toEqual(
        forbidden("dave"),
      );

      await put(root, path(), { remove: [{ privilege: ["ALL", "USE"], subject_id: "dave" }] });
      expect(outcome(await dave.get(`/projects/${projectId}`))).toEqual(forbidden("dave"));
      expect(outcome(await dave.get(`/block/volumes/${volume}`))).toEqual(forbidden("dave"));
    });

    it("in XML: acl_change in, <acl_assignments><acl><privilege>… out", async () => {
      const changed = await root.send(
        "PUT",
        path(),
        "<acl_change><add><privilege>BACKUP</privilege><subject_id>alice</subject_id></add></acl_change>",
        "application/xml",
      );
      expect(changed.status, changed.text).toBe(200);
      expect(changed.text).toBe(
        `${xmlHead}<acl_assignments><acl><privilege>OWN</privilege><subject_id>root</subject_id></acl>` +
          "<acl><privilege>BACKUP</privilege><subject_id>alice</subject_id></acl></acl_assignments>",
      );
      expect((await root.getXml(path())).body).toBe(changed.text);
      await put(root, path(), { remove: [{ privilege: ["BACKUP"], subject_id: "alice" }] });
    });

    it("refusals: unknown privilege 400/1008; a user of another tenant 400/1008; no permission 403/3000", async () => {
      const before = await env.fingerprintOf(world.tenantId);
      expect(outcome(await put(root, path(), { add: [{ privilege: ["READ"], subject_id: "dave" }] }))).toEqual(
        invalid("privilege", "READ"),
      );
      expect(outcome(await put(root, path(), { add: [{ privilege: [], subject_id: "dave" }] }))).toEqual(
        missing("privilege"),
      );
      expect(outcome(await put(root, path(), { add: [{ privilege: ["ALL"], subject_id: "bob" }] }))).toEqual({
        status: 400,
        code: 1008,
        details: `Invalid value bob for parameter subject_id: no user of tenant ${world.tenantId} has that name.`,
      });
      for (const user of ["alice", "sysmonitor", "bob"])
        expect(
          outcome(await put(await login(user), path(), { add: [{ privilege: ["ALL"], subject_id: "dave" }] })),
        ).toEqual(forbidden(user));
      expect(await env.fingerprintOf(world.tenantId)).toBe(before);
      expect((await (await login("sysmonitor")).get(path())).status).toBe(200);
      expect(outcome(await (await login("alice")).get(path()))).toEqual(forbidden("alice"));
    });
  });

  describe("POST /projects/{id}/deactivate", () => {
    it("refused while the project holds an active volume or consistency group; an empty one is deactivated (200, no body)", async () => {
      const busy = (await root.post(`/tenants/${world.tenantId}/projects`, { name: "busy" })).body.id;
      await createVolume(root, { ...world, projectId: busy }, "mock", "busy-vol");
      expect(outcome(await root.post(`/projects/${busy}/deactivate`))).toEqual({
        status: 400,
        code: 1020,
        details: `Project ${busy} has active references of type Volume`,
      });
      expect((await root.get(`/projects/${busy}`)).body.inactive).toBe(false);

      const grouped = (await root.post(`/tenants/${world.tenantId}/projects`, { name: "grouped" })).body.id;
      const group = await root.post("/block/consistency-groups", { name: "groupedcg", project: grouped });
      expect(group.status).toBe(200);
      expect(outcome(await root.post(`/projects/${grouped}/deactivate`))).toEqual({
        status: 400,
        code: 1020,
        details: `Project ${grouped} has active references of type BlockConsistencyGroup`,
      });
      expect((await root.get(`/projects/${grouped}`)).body.inactive).toBe(false);
      expect((await root.post(`/block/consistency-groups/${group.body.id}/deactivate`)).body.state).toBe("ready");
      expect((await root.post(`/projects/${grouped}/deactivate`)).status).toBe(200);

      const empty = (await root.post(`/tenants/${world.tenantId}/projects`, { name: "empty" })).body.id;
      expect(outcome(await (await login("alice")).post(`/projects/${empty}/deactivate`))).toEqual(forbidden("alice"));
      const done = await root.post(`/projects/${empty}/deactivate`);
      expect(done.status).toBe(200);
      expect(done.text).toBe("");
      expect((await root.get(`/projects/${empty}`)).body.inactive).toBe(true);
      const projects = (await root.get(`/tenants/${world.tenantId}/projects`)).body.project;
      expect(projects.map((p: { id: string }) => p.id)).not.toContain(empty);
      expect(outcome(await root.post(`/projects/${empty}/deactivate`))).toEqual({
        status: 404,
        code: 2001,
        details: `Entity specified in URL with the given id ${empty} is inactive and marked for deletion`,
      });
    });
  });

  it("a deactivation racing volume creations in the project never leaves a volume in an inactive project", async () => {
    for (let round = 0; round < 8; round++) {
      const project = (await root.post(`/tenants/${world.tenantId}/projects`, { name: `race-${round}` })).body.id;
      const create = {
        name: `race-${round}`,
        size: "64MB",
        count: 1,
        varray: world.varrayId,
        vpool: world.vpoolIds.mock,
        project,
      };
      const [created, deactivated] = await Promise.all([
        root.post("/block/volumes", create),
        root.post(`/projects/${project}/deactivate`),
      ]);
      expect([created.status, deactivated.status].sort()).not.toEqual([200, 202]);
    }
    const { rows } = await env.sql.query(
      "SELECT v.id FROM volumes v JOIN projects p ON p.id = v.project_id WHERE p.inactive AND NOT v.inactive",
    );
    expect(rows).toEqual([]);
  });

  describe("SYSTEM_MONITOR reads everything and changes nothing", () => {
    let ids: Record<"volume" | "session" | "target", string>;

    beforeAll(async () => {
      const volume = await createVolume(root, world, "mock", "monitored");
      const created = await root.post(`/block/volumes/${volume}/protection/snapshot-sessions`, { name: "mon-snap" });
      for (const task of created.body.task) await root.waitForTask(task.id);
      const session = (await root.get(`/block/volumes/${volume}/protection/snapshot-sessions`)).body.snapshot_session[0]
        .id as string;
      const link = await root.post(`/block/snapshot-sessions/${session}/link-targets`, {
        new_linked_targets: { count: 1, target_name: "mon-t" },
      });
      await root.waitForTask(link.body.task[0].id);
      const target = (await root.get(`/block/snapshot-sessions/${session}`)).body.linked_targets[0].id as string;
      ids = { volume, session, target };
    });

    it("every read answers 200", async () => {
      const monitor = await login("sysmonitor");
      for (const path of [
        `/tenants/${world.tenantId}`,
        `/tenants/${tenantB}`,
        `/tenants/${world.tenantId}/projects`,
        `/tenants/${world.tenantId}/subtenants`,
        `/tenants/${tenantB}/role-assignments`,
        `/projects/${world.projectId}`,
        `/projects/${world.projectId}/acl`,
        `/block/volumes/${ids.volume}`,
        `/block/volumes/${ids.volume}/tasks`,
        `/block/volumes/${ids.volume}/protection/snapshot-sessions`,
        `/block/volumes/${ids.volume}/protection/snapshots`,
        `/block/volumes/search?project=${world.projectId}`,
        `/block/snapshot-sessions/${ids.session}`,
        `/block/snapshot-sessions/${ids.session}/tasks`,
        `/block/snapshots/${ids.target}`,
        "/block/snapshot-sessions/bulk",
        `/block/snapshot-sessions/search?name=mon-snap`,
        "/vdc/tasks",
        "/vdc/storage-systems",
        "/block/vpools",
        "/user/whoami",
      ])
        expect((await monitor.get(path)).status, path).toBe(200);
      // Tasks follow ViPR's task service: SYSTEM_MONITOR alone reads its home tenant's only.
      expect((await monitor.get(`/vdc/tasks?tenant=${tenantB}`)).status).toBe(403);
    });

    it("every write is 403/3000 and changes nothing", async () => {
      const monitor = await login("sysmonitor");
      const before = await env.fingerprintOf(world.tenantId);
      const writes: [string, string, unknown][] = [
        ["POST", `/tenants/${world.tenantId}/projects`, { name: "monitor-project" }],
        ["POST", `/tenants/${world.tenantId}/subtenants`, { name: "M", user_mappings: [{ domain: "m.example" }] }],
        [
          "PUT",
          `/tenants/${world.tenantId}/role-assignments`,
          { add: [{ role: ["TENANT_ADMIN"], subject_id: "alice" }] },
        ],
        ["PUT", `/projects/${world.projectId}/acl`, { add: [{ privilege: ["ALL"], subject_id: "alice" }] }],
        ["POST", `/projects/${world.projectId}/deactivate`, undefined],
        [
          "POST",
          "/block/volumes",
          {
            name: "m",
            size: "1GB",
            count: 1,
            varray: world.varrayId,
            vpool: world.vpoolIds.mock,
            project: world.projectId,
          },
        ],
        ["POST", `/block/volumes/${ids.volume}/deactivate`, undefined],
        ["POST", `/block/volumes/${ids.volume}/protection/snapshot-sessions`, { name: "m" }],
        [
          "POST",
          `/block/snapshot-sessions/${ids.session}/link-targets`,
          { new_linked_targets: { count: 1, target_name: "m" } },
        ],
        ["POST", `/block/snapshot-sessions/${ids.session}/restore`, undefined],
        ["POST", `/block/snapshot-sessions/${ids.session}/deactivate`, undefined],
        ["POST", `/block/snapshot-sessions/${ids.session}/relink-targets`, { ids: [ids.target] }],
        ["POST", `/block/snapshot-sessions/${ids.session}/unlink-targets`, { linked_targets: [{ id: ids.target }] }],
        ["POST", `/block/snapshots/${ids.target}/deactivate`, undefined],
        ["PUT", "/sim/clock", { speed: 2 }],
      ];
      for (const [method, path, body] of writes)
        expect(
          outcome(await monitor.send(method, path, body === undefined ? undefined : JSON.stringify(body))),
          `${method} ${path}`,
        ).toEqual(forbidden("sysmonitor"));
      expect(await env.fingerprintOf(world.tenantId)).toBe(before);
    });
  });

  describe("auth: whoami, logout, proxy tokens", () => {
    it("GET /user/whoami: name, home tenant and roles, in JSON and XML", async () => {
      const bob = await login("bob");
      expect((await bob.get("/user/whoami")).body).toEqual({
        name: "bob",
        common_name: "bob",
        distinguished_name: "bob",
        tenant: tenantB,
        vdc_roles: [],
        home_tenant_roles: ["TENANT_ADMIN"],
        subtenant_roles: [],
      });
      const created = await root.post(`/tenants/${world.tenantId}/subtenants`, {
        name: "Tenant W",
        user_mappings: [{ domain: "w.example" }],
      });
      expect((await root.get("/user/whoami")).body.subtenant_roles).toContainEqual({
        tenant: created.body.id,
        roles: ["TENANT_ADMIN"],
      });
      expect((await root.getXml("/user/whoami")).body).toMatch(
        new RegExp(
          `^${literally(xmlHead)}<user><name>root</name><common_name>root</common_name><distinguished_name>root</distinguished_name>` +
            `<tenant>${world.tenantId}</tenant><vdc_roles><vdc_role>SYSTEM_ADMIN</vdc_role><vdc_role>SECURITY_ADMIN</vdc_role>` +
            "<vdc_role>SYSTEM_MONITOR</vdc_role><vdc_role>SYSTEM_AUDITOR</vdc_role></vdc_roles>" +
            "<home_tenant_roles><home_tenant_role>TENANT_ADMIN</home_tenant_role></home_tenant_roles>" +
            `<subtenant_roles>(<subtenant><tenant>urn:storageos:TenantOrg:[0-9a-f-]+:global</tenant><roles><role>TENANT_ADMIN</role></roles></subtenant>)+</subtenant_roles></user>$`,
        ),
      );
    });

    it("GET /logout ends the token: the next request is 401", async () => {
      const alice = await login("alice");
      expect((await alice.get("/logout")).body).toEqual({ user: "alice" });
      expect((await alice.get("/tenant")).status).toBe(401);
    });

    it("a proxy token lets the proxy user act as its owner, not change access, and ends with logout?proxytokens=true", async () => {
      const dave = new ViprClient(env.service.baseUrl);
      const daveToken = await dave.login("dave", PASSWORDS.dave);
      const issued = await dave.get("/proxytoken");
      expect(issued.status).toBe(200);
      const proxyToken = issued.headers.get("x-sds-auth-proxy-token") ?? "";
      expect(proxyToken).toMatch(/^[A-Za-z0-9_-]{43}$/);

      const proxy = new ViprClient(env.service.baseUrl);
      const proxyLogin = await proxy.login("proxyuser", PASSWORDS.proxyuser);
      const asDave = (path: string, token = proxyLogin) =>
        withHeaders(env.service.baseUrl, path, { "x-sds-auth-token": token, "x-sds-auth-proxy-token": proxyToken });
      expect((await asDave("/user/whoami")).body.name).toBe("dave");
      expect((await asDave(`/projects/${world.projectId}`)).status).toBe(403);
      const viaProxy = await fetch(`${env.service.baseUrl}/projects/${world.projectId}/acl`, {
        method: "PUT",
        headers: {
          "x-sds-auth-token": proxyLogin,
          "x-sds-auth-proxy-token": proxyToken,
          "content-type": "application/json",
          accept: "application/json",
        },
        body: JSON.stringify({ add: [{ privilege: ["ALL"], subject_id: "dave" }] }),
      });
      expect(viaProxy.status).toBe(403);

      const alice = new ViprClient(env.service.baseUrl);
      const aliceToken = await alice.login("alice", PASSWORDS.alice);
      expect((await asDave("/user/whoami", aliceToken)).body).toMatchObject(forbiddenBody("alice"));
      expect((await withHeaders(env.service.baseUrl, "/tenant", { "x-sds-auth-token": proxyToken })).status).toBe(401);
      expect(
        (
          await withHeaders(env.service.baseUrl, "/tenant", {
            "x-sds-auth-token": proxyLogin,
            "x-sds-auth-proxy-token": "forged",
          })
        ).status,
      ).toBe(401);

      await withHeaders(env.service.baseUrl, "/logout?proxytokens=true", { "x-sds-auth-token": daveToken });
      expect((await asDave("/user/whoami")).status).toBe(401);
    });
  });
});

function forbiddenBody(user: string) {
  return { code: 3000, details: `Insufficient permissions for user ${user}.` };
}

function literally(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
