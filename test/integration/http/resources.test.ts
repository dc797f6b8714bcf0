import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { newUrn } from "../../../src/domain/shared/urn.js";
import { expectViprError } from "../../support/http/error-assertions.js";
import { HttpTestApp } from "../../support/http/http-test-app.js";

const self = (href: string) => ({ rel: "self", href });

describe("the resources a client walks through", () => {
  let t: HttpTestApp;
  let root: string;

  beforeEach(async () => {
    t = new HttpTestApp();
    root = await t.login();
  });
  afterEach(() => t.close());

  describe("tenancy", () => {
    it("GET /tenant: the caller's home tenant", async () => {
      const bob = await t.login("bob");
      expect((await t.json("GET", "/tenant", bob)).json()).toEqual({
        id: t.otherTenantId,
        name: "Other Tenant",
        link: self(`/tenants/${t.otherTenantId}`),
      });
    });

    it("POST then GET /tenants/{id}/projects, and GET /projects/{id}", async () => {
      const created = await t.json("POST", `/tenants/${t.providerTenantId}/projects`, root, { name: "newproj" });
      expect(created.statusCode).toBe(200);
      const { id } = created.json();
      expect(created.json()).toEqual({ id, name: "newproj", link: self(`/projects/${id}`) });

      const list = (await t.json("GET", `/tenants/${t.providerTenantId}/projects`, root)).json();
      expect(list.project.map((p: { name: string }) => p.name).sort()).toEqual(["newproj", "project1"]);
      expect(list.project).toContainEqual({ id, name: "newproj", link: self(`/projects/${id}`) });

      expect((await t.json("GET", `/projects/${id}`, root)).json()).toMatchObject({
        id,
        name: "newproj",
        inactive: false,
        tenant: { id: t.providerTenantId },
        owner: "root",
      });
    });

    it("refuses a duplicate project name and a project in a tenant the caller does not manage", async () => {
      expectViprError(
        await t.json("POST", `/tenants/${t.providerTenantId}/projects`, root, { name: "PROJECT1" }),
        400,
        1008,
        "A component/resource with the label PROJECT1 already exists.",
      );
      expectViprError(
        await t.json("POST", `/tenants/${t.otherTenantId}/projects`, root, { name: "x" }),
        403,
        3000,
        "Insufficient permissions for user root.",
      );
    });
  });

  describe("storage", () => {
    it("lists storage systems, one system, its pools, varrays and vpools", async () => {
      const systems = (await t.json("GET", "/vdc/storage-systems", root)).json();
      expect(systems.storage_system).toContainEqual({
        id: t.snapvx.systemId,
        name: "symm-1",
        link: self(`/vdc/storage-systems/${t.snapvx.systemId}`),
      });
      expect((await t.json("GET", `/vdc/storage-systems/${t.snapvx.systemId}`, root)).json()).toMatchObject({
        id: t.snapvx.systemId,
        system_type: "vmax",
        inactive: false,
      });
      const pools = (await t.json("GET", `/vdc/storage-systems/${t.snapvx.systemId}/storage-pools`, root)).json();
      expect(pools).toEqual({
        storage_pool: [
          { id: t.snapvx.poolId, name: "symm-1-pool", link: self(`/vdc/storage-pools/${t.snapvx.poolId}`) },
        ],
      });
      expect((await t.json("GET", "/vdc/varrays", root)).json()).toEqual({
        varray: [{ id: t.world.varrayId, name: "varray1", link: self(`/vdc/varrays/${t.world.varrayId}`) }],
      });
      const vpools = (await t.json("GET", "/block/vpools", root)).json();
      expect(vpools.virtualpool).toHaveLength(2);
      expect((await t.json("GET", `/block/vpools/${t.snapvx.vpoolId}`, root)).json()).toMatchObject({
        id: t.snapvx.vpoolId,
        system_type: "vmax",
        max_snapshots: 256,
        varrays: [{ id: t.world.varrayId, link: self(`/vdc/varrays/${t.world.varrayId}`) }],
      });
    });

    it("GET /block/vpools/search?name=: virtual pools whose name starts with it, case aside", async () => {
      const found = (await t.json("GET", "/block/vpools/search?name=SYMM", root)).json();
      expect(found).toEqual({
        resource: [{ id: t.snapvx.vpoolId, link: self(`/block/vpools/${t.snapvx.vpoolId}`), match: "symm-1-vpool" }],
      });
      const bob = await t.login("bob");
      expect((await t.json("GET", "/block/vpools/search?name=mock-1-vpool", bob)).json().resource).toEqual([
        { id: t.mockArray.vpoolId, link: self(`/block/vpools/${t.mockArray.vpoolId}`), match: "mock-1-vpool" },
      ]);
      expect((await t.json("GET", "/block/vpools/search?name=1-vpool", root)).json()).toEqual({ resource: [] });
      expect((await t.json("GET", "/block/vpools/search?tag=gold", root)).json()).toEqual({ resource: [] });
    });

    it("refuses a virtual pool search as the real controller does", async () => {
      const virtualPool = "com.emc.storageos.db.client.model.VirtualPool";
      expectViprError(
        await t.json("GET", "/block/vpools/search?name=s", root),
        400,
        1008,
        `name parameter s for ${virtualPool} search must be at least 2 characters`,
      );
      expectViprError(
        await t.json("GET", "/block/vpools/search?name=symm&tenant=x", root),
        400,
        1013,
        `name parameter for ${virtualPool} search could only be combined with project parameter`,
      );
      expectViprError(
        await t.json("GET", `/block/vpools/search?name=symm&project=${t.projectId}`, root),
        400,
        1008,
        `Project parameter is not supported for ${virtualPool} search`,
      );
      expectViprError(await t.json("GET", "/block/vpools/search", root), 400, 1008, "Unknown parameter for search: {}");
      expectViprError(
        await t.json("GET", "/block/vpools/search?colour=red", root),
        400,
        1008,
        "Unknown parameter for search: {colour=[red]}",
      );
    });

    it("answers an unknown storage system with 404/2000", async () => {
      const unknown = newUrn("StorageSystem");
      expectViprError(
        await t.json("GET", `/vdc/storage-systems/${unknown}`, root),
        404,
        2000,
        `Unable to find entity specified in URL with the given id ${unknown}`,
      );
    });
  });

  describe("volumes", () => {
    it("POST /block/volumes answers 202 with one task per volume, named name-1..n", async () => {
      const response = await t.json("POST", "/block/volumes", root, {
        name: "data",
        size: "2GB",
        count: 2,
        varray: t.world.varrayId,
        vpool: t.snapvx.vpoolId,
        project: t.projectId,
      });
      expect(response.statusCode).toBe(202);
      const { task } = response.json();
      expect(task.map((k: { resource: { name: string } }) => k.resource.name)).toEqual(["data-1", "data-2"]);
      expect(task[0]).toMatchObject({ name: "CREATE VOLUME", state: "pending" });

      const volume = (await t.json("GET", `/block/volumes/${task[0].resource.id}`, root)).json();
      expect(volume).toMatchObject({
        name: "data-1",
        inactive: false,
        // The array has not made it yet: only the requested capacity is known.
        requested_capacity_gb: "2.00",
        provisioned_capacity_gb: "0.00",
        native_id: "",
        system_type: "vmax",
        project: { id: t.projectId },
        vpool: { id: t.snapvx.vpoolId },
      });
      expect(volume).not.toHaveProperty("wwn");
    });

    it("POST /block/volumes refuses a name an active volume of the project has, whatever its case (400/1008)", async () => {
      const create = (name: string, count: number, project = t.projectId) =>
        t.json("POST", "/block/volumes", root, {
          name,
          size: "1GB",
          count,
          varray: t.world.varrayId,
          vpool: t.snapvx.vpoolId,
          project,
        });
      const duplicate = (label: string) => `A component/resource with the label ${label} already exists.`;
      const tasksBefore = t.store.tasks.size;

      expectViprError(await create("vol1", 1), 400, 1008, duplicate("vol1"));
      expectViprError(await create("VOL1", 1), 400, 1008, duplicate("VOL1"));
      expect((await create("data", 2)).statusCode).toBe(202);
      // count > 1 names them name-1…name-n: the first of those taken is named, and nothing is created.
      expectViprError(await create("DATA", 3), 400, 1008, duplicate("DATA-1"));
      expect(t.store.tasks.size).toBe(tasksBefore + 2);
      // count 1 is the name itself, free although data-1 and data-2 exist; another project may have any name.
      expect((await create("data", 1)).statusCode).toBe(202);
      const other = await t.json("POST", `/tenants/${t.providerTenantId}/projects`, root, { name: "other" });
      expect((await create("vol1", 1, other.json().id)).statusCode).toBe(202);
    });

    it("POST /block/volumes in XML, count as text", async () => {
      const response = await t.xml(
        "POST",
        "/block/volumes",
        root,
        `<volume_create><name>xv</name><size>1GB</size><count>1</count><varray>${t.world.varrayId}</varray><vpool>${t.snapvx.vpoolId}</vpool><project>${t.projectId}</project></volume_create>`,
      );
      expect(response.statusCode).toBe(202);
      expect(response.body).toMatch(/<tasks><task><creation_time>\d+<\/creation_time>/);
      expect(response.body).toMatch(/<op_id>[^<]+<\/op_id><progress>0<\/progress><resource><id>urn:storageos:Volume:/);
    });

    it("GET /block/volumes/{id} and GET /block/volumes/search?project=&name=", async () => {
      expect((await t.json("GET", `/block/volumes/${t.volumeId}`, root)).json()).toMatchObject({
        id: t.volumeId,
        name: "vol1",
        provisioned_capacity_gb: "1.00",
        native_id: expect.any(String),
        wwn: expect.any(String),
        storage_controller: t.snapvx.systemId,
        supports_snapshot_sessions: true,
      });
      const found = await t.json("GET", `/block/volumes/search?project=${t.projectId}&name=vol1`, root);
      expect(found.json()).toEqual({
        resource: [{ id: t.volumeId, link: self(`/block/volumes/${t.volumeId}`), match: "vol1" }],
      });
      const none = await t.json("GET", `/block/volumes/search?project=${t.projectId}&name=nothing`, root);
      expect(none.json()).toEqual({ resource: [] });
    });
  });

  describe("snapshot sessions, linked targets and tasks", () => {
    it("POST /block/volumes/{id}/protection/snapshot-sessions: 202, a task on the session and one on the volume", async () => {
      const response = await t.json("POST", `/block/volumes/${t.volumeId}/protection/snapshot-sessions`, root, {
        name: "snapnew",
        new_linked_targets: null,
      });
      expect(response.statusCode).toBe(202);
      const { task } = response.json();
      expect(task.map((k: { resource: { id: string } }) => k.resource.id.split(":")[2])).toEqual([
        "BlockSnapshotSession",
        "Volume",
      ]);
      const sessionId = task[0].resource.id;

      const list = (await t.json("GET", `/block/volumes/${t.volumeId}/protection/snapshot-sessions`, root)).json();
      expect(list.snapshot_session).toContainEqual({
        id: sessionId,
        name: "snapnew",
        link: self(`/block/snapshot-sessions/${sessionId}`),
      });
    });

    it("POST …/protection/snapshot-sessions in XML with a nil new_linked_targets: 202, as JSON's null", async () => {
      const response = await t.xml(
        "POST",
        `/block/volumes/${t.volumeId}/protection/snapshot-sessions`,
        root,
        `<snapshot_session_create xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><name>snapnil</name><new_linked_targets xsi:nil="true"/></snapshot_session_create>`,
      );
      expect(response.statusCode).toBe(202);
      expect(response.body).toContain("<name>CREATE SNAPSHOT SESSION</name>");
    });

    it("GET /block/snapshot-sessions/{id} lists the linked targets", async () => {
      const [first] = t.world.addLinkedTargets(t.sessionId, "lt", 1);
      const session = (await t.json("GET", `/block/snapshot-sessions/${t.sessionId}`, root)).json();
      expect(session).toMatchObject({
        id: t.sessionId,
        name: "snap1",
        session_label: "snap1",
        inactive: false,
        parent: { id: t.volumeId, link: self(`/block/volumes/${t.volumeId}`) },
        project: { id: t.projectId },
        linked_targets: [{ id: first, link: self(`/block/snapshots/${first}`) }],
      });
      const target = (await t.json("GET", `/block/snapshots/${first}`, root)).json();
      expect(target).toMatchObject({
        id: first,
        replica_state: "SYNCHRONIZED",
        is_sync_active: true,
        link_state: { state: "linked", native_state: "Linked", defined: true },
      });
    });

    it("a session of another tenant cannot be read (403/3000), except by SYSTEM_MONITOR, which root holds", async () => {
      expectViprError(
        await t.json("GET", `/block/snapshot-sessions/${t.sessionId}`, await t.login("bob")),
        403,
        3000,
        "Insufficient permissions for user bob.",
      );
      expect((await t.json("GET", `/block/snapshot-sessions/${t.otherSessionId}`, root)).json()).toMatchObject({
        id: t.otherSessionId,
      });
    });

    it("GET /vdc/tasks/{id}: 404/2000 for an unknown task", async () => {
      const unknown = newUrn("Task");
      expectViprError(
        await t.json("GET", `/vdc/tasks/${unknown}`, root),
        404,
        2000,
        `Unable to find entity specified in URL with the given id ${unknown}`,
      );
    });

    it("GET /block/snapshot-sessions/{id}/tasks/{op_id} also takes the task's URN", async () => {
      const link = await t.json("POST", `/block/snapshot-sessions/${t.sessionId}/link-targets`, root, {
        new_linked_targets: { count: 1, target_name: "x" },
      });
      const [task] = link.json().task;
      const byUrn = await t.json("GET", `/block/snapshot-sessions/${t.sessionId}/tasks/${task.id}`, root);
      expect(byUrn.json()).toMatchObject({ id: task.id, op_id: task.op_id });
    });
  });
});
