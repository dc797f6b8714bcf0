import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { newUrn } from "../../../src/domain/shared/urn.js";
import { expectViprError } from "../../support/http/error-assertions.js";
import { HttpTestApp, PASSWORD } from "../../support/http/http-test-app.js";

/** docs/api/reads.md: the id in the path, task lookups, search and bulk, as the real controller answers them. */
describe("reads as the real controller answers them", () => {
  let t: HttpTestApp;
  let root: string;
  let bob: string;
  let sysmonitor: string;

  beforeEach(async () => {
    t = new HttpTestApp();
    root = await t.login();
    bob = await t.login("bob");
    sysmonitor = await t.login("sysmonitor");
  });
  afterEach(() => t.close());

  const notFound = (id: string) => `Unable to find entity specified in URL with the given id ${id}`;

  describe("task lookups on …/{id}/tasks/{op_id}", () => {
    async function createSession(name: string) {
      const created = await t.json("POST", `/block/volumes/${t.volumeId}/protection/snapshot-sessions`, root, { name });
      expect(created.statusCode).toBe(202);
      const [sessionTask, volumeTask] = created.json().task;
      return { sessionTask, volumeTask };
    }

    it("finds the task by resource id and op id whatever the route's type: the poll of bourne's session create", async () => {
      const { sessionTask, volumeTask } = await createSession("polled");
      expect(volumeTask.op_id).toBe(sessionTask.op_id);

      // bourne polls the last task's resource, the volume, on the sessions route.
      const polled = await t.json("GET", `/block/snapshot-sessions/${t.volumeId}/tasks/${volumeTask.op_id}`, root);

      expect(polled.statusCode).toBe(200);
      expect(polled.json()).toMatchObject({ id: volumeTask.id, resource: { id: t.volumeId } });
      const onSession = `/block/snapshot-sessions/${sessionTask.resource.id}/tasks/${sessionTask.op_id}`;
      expect((await t.json("GET", onSession, root)).json()).toMatchObject({ id: sessionTask.id });
    });

    it("is 404/2000 for a caller without SYSTEM_MONITOR when the path id is not of the route's type: its filter looks it up", async () => {
      const { volumeTask } = await createSession("filtered");
      await t.json("PUT", `/tenants/${t.providerTenantId}/role-assignments`, root, {
        add: [{ role: ["TENANT_ADMIN"], subject_id: "alice" }],
      });
      const alice = await t.login("alice");

      expectViprError(
        await t.json("GET", `/block/snapshot-sessions/${t.volumeId}/tasks/${volumeTask.op_id}`, alice),
        404,
        2000,
        notFound(t.volumeId),
      );
      expectViprError(await t.json("GET", "/block/snapshot-sessions/abc/tasks", alice), 404, 2000, notFound("abc"));
      expect(
        (await t.json("GET", `/block/volumes/${t.volumeId}/tasks/${volumeTask.op_id}`, alice)).json(),
      ).toMatchObject({ id: volumeTask.id });
    });

    it("answers 400/1008 when there is no such operation, and takes a task's URN as op id", async () => {
      const { sessionTask, volumeTask } = await createSession("byurn");
      const sessionId = sessionTask.resource.id;

      expectViprError(
        await t.json("GET", `/block/snapshot-sessions/${sessionId}/tasks/no-such-op`, root),
        400,
        1008,
        "No operation found for task with id: no-such-op",
      );
      // A URN is a task's id, whatever resource the task is of; one that names no task is no operation.
      expect(
        (await t.json("GET", `/block/snapshot-sessions/${sessionId}/tasks/${volumeTask.id}`, root)).json(),
      ).toMatchObject({
        id: volumeTask.id,
      });
      expectViprError(
        await t.json("GET", `/block/snapshot-sessions/${sessionId}/tasks/${t.volumeId}`, root),
        400,
        1008,
        `No operation found for task with id: ${t.volumeId}`,
      );
      // A task of a tenant whose tasks the caller may not read is not answered through its URN.
      expectViprError(
        await t.json("GET", `/block/snapshot-sessions/${t.otherSessionId}/tasks/${volumeTask.id}`, bob),
        400,
        1008,
        `No operation found for task with id: ${volumeTask.id}`,
      );
    });

    it("lists a resource's tasks; SYSTEM_MONITOR passes the filter, so an id of nothing lists none", async () => {
      const { volumeTask } = await createSession("listed");
      const listed = (await t.json("GET", `/block/volumes/${t.volumeId}/tasks`, root)).json().task;
      expect(listed.map((task: { id: string }) => task.id)).toContain(volumeTask.id);
      expect((await t.json("GET", "/block/snapshot-sessions/abc/tasks", sysmonitor)).json()).toEqual({ task: [] });
      expectViprError(
        await t.json("GET", "/block/snapshot-sessions/abc/tasks/op", sysmonitor),
        400,
        1008,
        "No operation found for task with id: op",
      );
    });

    it("serves the linked targets' tasks the same way", async () => {
      const [target] = t.world.addLinkedTargets(t.sessionId, "lt", 1);
      const deleted = await t.json("POST", `/block/snapshots/${target}/deactivate?type=VIPR_ONLY`, root);
      const [task] = deleted.json().task;

      expect((await t.json("GET", `/block/snapshots/${target}/tasks/${task.op_id}`, root)).json()).toMatchObject({
        id: task.id,
        state: "ready",
      });
      expect((await t.json("GET", `/block/snapshots/${target}/tasks`, root)).json().task).toHaveLength(1);
      expectViprError(
        await t.json("GET", `/block/snapshots/${target}/tasks`, bob),
        403,
        3000,
        "Insufficient permissions for user bob.",
      );
    });
  });

  describe("the id in the path of a read", () => {
    it("SYSTEM_MONITOR meets the route's own check of the id; others meet the filter's lookup", async () => {
      const session = t.sessionId;
      expectViprError(
        await t.json("GET", "/block/volumes/abc", sysmonitor),
        400,
        1008,
        "Parameter id is not a valid URI: abc",
      );
      expectViprError(
        await t.json("GET", `/block/volumes/${session}`, sysmonitor),
        400,
        1008,
        `Parameter id is not a Volume URI: ${session}`,
      );
      expectViprError(await t.json("GET", `/block/snapshots/${session}`, sysmonitor), 404, 2000, notFound(session));
      expectViprError(
        await t.json("GET", `/block/snapshots/${t.volumeId}`, sysmonitor),
        400,
        1008,
        `Parameter id is not a BlockSnapshot URI: ${t.volumeId}`,
      );
      expectViprError(
        await t.json("GET", "/block/snapshot-sessions/abc", sysmonitor),
        400,
        1002,
        "Parameter abc is not a valid URI",
      );
      expectViprError(
        await t.json("GET", `/block/snapshot-sessions/${t.volumeId}`, sysmonitor),
        404,
        2000,
        notFound(t.volumeId),
      );
      for (const path of ["/block/volumes/abc", `/block/volumes/${session}`, "/block/snapshot-sessions/abc"]) {
        expectViprError(await t.json("GET", path, bob), 404, 2000, notFound(path.split("/").at(-1) ?? ""));
      }
    });

    it("lists the sessions of a volume, 404/2001 when it is inactive; a source of another type is 400/1013 for SYSTEM_MONITOR only", async () => {
      const created = await t.json("POST", "/block/volumes", root, {
        name: "to-delete",
        size: "1GB",
        varray: t.world.varrayId,
        vpool: t.snapvx.vpoolId,
        project: t.projectId,
      });
      const volumeId = created.json().task[0].resource.id;
      const volume = t.store.volumes.get(volumeId);
      if (!volume) throw new Error("no volume");
      t.store.volumes.set(volumeId, { ...volume, inactive: true });

      expectViprError(
        await t.json("GET", `/block/volumes/${volumeId}/protection/snapshot-sessions`, root),
        404,
        2001,
        `Entity specified in URL with the given id ${volumeId} is inactive and marked for deletion`,
      );
      const project = t.projectId;
      expectViprError(
        await t.json("GET", `/block/volumes/${project}/protection/snapshot-sessions`, sysmonitor),
        400,
        1013,
        `Invalid snapshot session source ${project} is not a Volume or BlockSnapshot instance.`,
      );
      expectViprError(
        await t.json("GET", `/block/volumes/${project}/protection/snapshot-sessions`, bob),
        404,
        2000,
        notFound(project),
      );
      expectViprError(
        await t.json("GET", "/block/volumes/abc/protection/snapshot-sessions", sysmonitor),
        400,
        1002,
        "Parameter abc is not a valid URI",
      );
      const [target] = t.world.addLinkedTargets(t.sessionId, "lt", 1);
      expect((await t.json("GET", `/block/volumes/${target}/protection/snapshot-sessions`, sysmonitor)).json()).toEqual(
        { snapshot_session: [] },
      );
    });
  });

  describe("search", () => {
    const sessionClass = "com.emc.storageos.db.client.model.BlockSnapshotSession";

    it("refuses a name shorter than 2 characters, parameters it does not combine, and unknown ones", async () => {
      expectViprError(
        await t.json("GET", "/block/snapshot-sessions/search?name=s", root),
        400,
        1008,
        `name parameter s for ${sessionClass} search must be at least 2 characters`,
      );
      expectViprError(
        await t.json("GET", "/block/snapshot-sessions/search?name=sn&tag=xx", root),
        400,
        1013,
        `name parameter for ${sessionClass} search could only be combined with project parameter`,
      );
      expectViprError(
        await t.json("GET", `/block/snapshot-sessions/search?project=${t.projectId}&foo=1`, root),
        400,
        1013,
        `project parameter for ${sessionClass} search could only be combined with name parameter`,
      );
      expectViprError(
        await t.json("GET", "/block/snapshot-sessions/search", root),
        400,
        1008,
        "Unknown parameter for search: {}",
      );
      // Java's HashMap order of the query's parameters: "bar" before "foo", whatever order they came in.
      expectViprError(
        await t.json("GET", "/block/snapshot-sessions/search?foo=1&bar=2&foo=3", root),
        400,
        1008,
        "Unknown parameter for search: {bar=[2], foo=[1, 3]}",
      );
      expectViprError(
        await t.json("GET", "/block/snapshots/search?name=l", root),
        400,
        1008,
        "name parameter l for com.emc.storageos.db.client.model.BlockSnapshot search must be at least 2 characters",
      );
    });

    it("finds by tag nothing, and ignores the login's using-cookies parameter", async () => {
      expect((await t.json("GET", "/block/snapshot-sessions/search?tag=gold&tenant=x", root)).json()).toEqual({
        resource: [],
      });
      expect(
        (await t.json("GET", "/block/snapshot-sessions/search?name=SNAP1&using-cookies=true", root)).json().resource,
      ).toHaveLength(1);
    });

    it("searches volumes by name prefix and by their own parameters, refusing a search without any", async () => {
      const volumeClass = "com.emc.storageos.db.client.model.Volume";
      const byName = (await t.json("GET", "/block/volumes/search?name=VOL", root)).json().resource;
      expect(byName.map((r: { match: string }) => r.match)).toEqual(["vol-b", "vol1"]);
      expect((await t.json("GET", "/block/volumes/search?name=VOL", bob)).json().resource).toEqual([
        expect.objectContaining({ id: t.otherVolumeId }),
      ]);
      const wwn = (await t.json("GET", `/block/volumes/${t.volumeId}`, root)).json().wwn as string;
      const byWwn = (await t.json("GET", `/block/volumes/search?wwn=${wwn.toLowerCase()}`, root)).json().resource;
      expect(byWwn.map((r: { id: string }) => r.id)).toEqual([t.volumeId]);
      expect((await t.json("GET", `/block/volumes/search?wwn=${wwn}&protection=true`, root)).json().resource).toEqual(
        [],
      );
      expectViprError(
        await t.json("GET", "/block/volumes/search", root),
        400,
        1005,
        `Parameter for ${volumeClass} search is incorrect, at least one of tag, name, project or [wwn, virtual_array, personality, protection] is required`,
      );
      expectViprError(
        await t.json("GET", `/block/volumes/search?wwn=${wwn}&colour=red`, root),
        400,
        1008,
        `[wwn, virtual_array, personality, protection] parameter for ${volumeClass} search could not be combined with any other parameter but found colour`,
      );
    });

    it("searches linked targets by name prefix", async () => {
      const [first] = t.world.addLinkedTargets(t.sessionId, "Nightly", 2);
      const found = (await t.json("GET", "/block/snapshots/search?name=nightly-1", root)).json();
      expect(found).toEqual({
        resource: [{ id: first, link: { rel: "self", href: `/block/snapshots/${first}` }, match: "Nightly-1" }],
      });
      expect((await t.json("GET", "/block/snapshots/search?name=nightly", bob)).json()).toEqual({ resource: [] });
    });
  });

  describe("bulk", () => {
    it("answers every active id to SYSTEM_MONITOR only, SYSTEM_ADMIN without it included", async () => {
      t.auth.addUser({
        name: "sysadmin",
        password: PASSWORD,
        tenantId: t.providerTenantId,
        vdcRoles: ["SYSTEM_ADMIN"],
      });
      const sysadmin = await t.login("sysadmin");
      const [target] = t.world.addLinkedTargets(t.sessionId, "lt", 1);

      for (const kind of ["volumes", "snapshot-sessions", "snapshots"]) {
        expect((await t.json("GET", `/block/${kind}/bulk`, sysmonitor)).statusCode).toBe(200);
        expectViprError(
          await t.json("GET", `/block/${kind}/bulk`, sysadmin),
          403,
          3000,
          "Insufficient permissions for user sysadmin.",
        );
      }
      expect((await t.json("GET", "/block/snapshots/bulk", root)).json()).toEqual({ id: [target] });
      expect((await t.json("GET", "/block/volumes/bulk", root)).json().id).toEqual(
        expect.arrayContaining([t.volumeId, t.otherVolumeId]),
      );
    });

    it("refuses more than 4,000 ids with the real controller's text", async () => {
      const ids = Array.from({ length: 4001 }, () => newUrn("Volume"));
      for (const kind of ["volumes", "snapshot-sessions", "snapshots"]) {
        expectViprError(
          await t.json("POST", `/block/${kind}/bulk`, root, { id: ids }),
          400,
          1031,
          "Exceeding limit of bulk size. Max allowed 4,000",
        );
      }
    });

    it("answers the linked targets named, inactive ones too, leaving out ids of nothing and targets the caller may not read", async () => {
      const [linked, forgotten] = t.world.addLinkedTargets(t.sessionId, "lt", 2);
      await t.json("POST", `/block/snapshots/${forgotten}/deactivate?type=VIPR_ONLY`, root);
      const body = { id: [forgotten, t.volumeId, "abc", linked] };

      const all = (await t.json("POST", "/block/snapshots/bulk", root, body)).json();
      expect(all.block_snapshot.map((s: { id: string; inactive: boolean }) => [s.id, s.inactive])).toEqual([
        [forgotten, true],
        [linked, false],
      ]);
      expect((await t.json("POST", "/block/snapshots/bulk", bob, body)).json()).toEqual({ block_snapshot: [] });
    });
  });
});
