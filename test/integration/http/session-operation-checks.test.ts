import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { newUrn } from "../../../src/domain/shared/urn.js";
import { expectViprError } from "../../support/http/error-assertions.js";
import { HttpTestApp } from "../../support/http/http-test-app.js";

const PENDING_TEXT = (labels: string) =>
  `Attempted to execute operation on resource while there are pending tasks against it. The following resources have pending tasks against them: ${labels}. Please retry when there are no pending tasks for the resources.`;
const notFound = (id: string) => `Unable to find entity specified in URL with the given id ${id}`;
const inactive = (id: string) => `Entity specified in URL with the given id ${id} is inactive and marked for deletion`;
const forbidden = (user: string) => `Insufficient permissions for user ${user}.`;

/**
 * The session operations' checks, in the real controller's order (docs/api/snapshot-sessions.md),
 * through the HTTP layer over the real handlers and in-memory fakes: creation, relink, unlink,
 * restore and deactivate, and an array that refuses sessions as CoprHD 3.6 refuses them on VNX.
 */
describe("session operation checks", () => {
  let t: HttpTestApp;
  let root: string;

  beforeEach(async () => {
    t = new HttpTestApp();
    root = await t.login();
  });
  afterEach(() => t.close());

  const sessionsOf = (volumeId: string) => `/block/volumes/${volumeId}/protection/snapshot-sessions`;
  const operation = (sessionId: string, name: string) => `/block/snapshot-sessions/${sessionId}/${name}`;
  const create = (volumeId: string, body: unknown, token = root) => t.json("POST", sessionsOf(volumeId), token, body);
  const grant = (privilege: string, user: string) =>
    t.json("PUT", `/projects/${t.projectId}/acl`, root, { add: [{ privilege: [privilege], subject_id: user }] });
  const setVolume = (volumeId: string, change: { inactive: boolean }) => {
    const volume = t.store.volumes.get(volumeId);
    if (!volume) throw new Error("no volume");
    t.store.volumes.set(volumeId, { ...volume, ...change });
  };
  const setVpoolLimit = (volumeId: string, maxSnapshots: number) => {
    const vpoolId = t.store.volumes.get(volumeId)?.placement.vpoolId ?? "";
    const vpool = t.store.vpools.get(vpoolId);
    if (!vpool) throw new Error("no vpool");
    t.store.vpools.set(vpoolId, { ...vpool, maxSnapshots });
  };

  describe("creating a session", () => {
    it("looks the volume up before reading the body: malformed and unknown ids are 404/2000", async () => {
      for (const id of ["nope", newUrn("Volume"), t.sessionId]) {
        expectViprError(await create(id, { colour: "red" }), 404, 2000, notFound(id));
      }
      expectViprError(await create(t.otherVolumeId, { colour: "red" }), 403, 3000, forbidden("root"));
      expectViprError(await create(t.volumeId, { colour: "red" }), 400, 1013, /colour/);
    });

    it("takes `volumes`, empty in JSON or XML as the ViPR Java client sends it, and ignores it for a volume", async () => {
      expect((await create(t.volumeId, { name: "s1", volumes: [] })).statusCode).toBe(202);
      const fromXml = await t.xml(
        "POST",
        sessionsOf(t.mockVolumeId),
        root,
        `<snapshot_session_create><name>s2</name><volumes><volume>${t.volumeId}</volume></volumes></snapshot_session_create>`,
      );
      expect(fromXml.statusCode).toBe(202);
    });

    it("refuses a missing name or (JSON) count or target_name with 400/1005, once the volume was found active", async () => {
      const missing = (name: string) => `Required parameter ${name} was missing or empty`;
      expectViprError(await create(t.volumeId, {}), 400, 1005, missing("name"));
      expectViprError(
        await create(t.volumeId, { name: "s", new_linked_targets: { target_name: "t" } }),
        400,
        1005,
        missing("count"),
      );
      expectViprError(
        await create(t.volumeId, { name: "s", new_linked_targets: { count: 1 } }),
        400,
        1005,
        missing("target_name"),
      );
      setVolume(t.volumeId, { inactive: true });
      expectViprError(await create(t.volumeId, {}), 404, 2001, inactive(t.volumeId));
    });

    it("admits a BACKUP holder past the filter and refuses it after the body; a USE holder before", async () => {
      await grant("BACKUP", "alice");
      await grant("USE", "sysmonitor");
      const alice = await t.login("alice");
      const monitor = await t.login("sysmonitor");
      expectViprError(await create(t.volumeId, { colour: "red" }, monitor), 403, 3000, forbidden("sysmonitor"));
      expectViprError(await create(t.volumeId, {}, alice), 400, 1005, "Required parameter name was missing or empty");
      expectViprError(await create(t.volumeId, { name: "x".repeat(40) }, alice), 403, 3000, forbidden("alice"));
    });

    it("checks the name's length, then target_name's (`Target Name`), before anything of the source", async () => {
      const first = await create(t.volumeId, { name: "busy" });
      expect(first.statusCode).toBe(202);
      const long = "n".repeat(32);
      expectViprError(
        await create(t.volumeId, { name: long }),
        400,
        1008,
        `Invalid value ${long} for parameter name, maximum length is 31`,
      );
      expectViprError(
        await create(t.volumeId, { name: "s", new_linked_targets: { count: 1, target_name: long } }),
        400,
        1008,
        `Invalid value ${long} for parameter Target Name, maximum length is 31`,
      );
      expectViprError(await create(t.volumeId, { name: "s" }), 400, 1056, PENDING_TEXT("vol1"));
    });

    it("refuses at the virtual pool's limit before the platform's, counting targets being linked, then duplicates", async () => {
      setVpoolLimit(t.mockVolumeId, 0);
      expectViprError(
        await create(t.mockVolumeId, { name: "mocksnap" }),
        400,
        1013,
        "Cannot create snapshots or snapshot sessions. The number of array snapshots allowed for virtual pool mock-1-vpool is zero.",
      );
      setVpoolLimit(t.mockVolumeId, 2);
      t.world.addLinkedTargets(t.mockSessionId, "done", 3);
      const linking = await t.json("POST", operation(t.mockSessionId, "link-targets"), root, {
        new_linked_targets: { count: 1, target_name: "linking" },
      });
      expect(linking.statusCode).toBe(202);
      expectViprError(
        await create(t.mockVolumeId, { name: "mocksnap" }),
        400,
        1013,
        `The maximum number of array snapshots specified by the virtual pool of the snapshot source has been reached. No further array snapshots may be created for ${t.mockVolumeId}.`,
      );
      setVpoolLimit(t.mockVolumeId, 256);
      for (let i = 2; i < 16; i++) t.world.addSession(t.mockVolumeId, `more-${i}`);
      expectViprError(
        await create(t.mockVolumeId, { name: "mocksnap" }),
        400,
        1013,
        `The maximum number of array snapshots allowed by the storage platform for the source has been reached. No further array snapshots may be created for ${t.mockVolumeId}.`,
      );
    });

    it("refuses a name, or the bare target_name, in use on the source (compared as labels are)", async () => {
      const duplicate = (label: string) => `A component/resource with the label ${label} already exists.`;
      expectViprError(await create(t.volumeId, { name: "snap 1" }), 400, 1008, duplicate("snap 1"));
      expectViprError(
        await create(t.volumeId, {
          name: "s",
          new_linked_targets: { count: 1, target_name: "snap1", copy_mode: "copy" },
        }),
        400,
        1008,
        duplicate("snap1"),
      );
    });

    it("accepts a count of 0 or below as no targets, and refuses new_linked_targets without a copy_mode", async () => {
      expectViprError(
        await create(t.volumeId, { name: "s", new_linked_targets: { count: 1, target_name: "t" } }),
        400,
        1008,
        'The copy_mode null is not a valid value. The value must be either "copy" or "nocopy".',
      );
      const none = await create(t.volumeId, {
        name: "s",
        new_linked_targets: { count: 0, target_name: "t", copy_mode: "copy" },
      });
      expect(none.statusCode).toBe(202);
      expect(t.store.targets.size).toBe(0);
      const negative = await create(t.mockVolumeId, {
        name: "s",
        new_linked_targets: { count: -1, target_name: "t", copy_mode: "nocopy" },
      });
      expect(negative.statusCode).toBe(202);
      expect(t.store.targets.size).toBe(0);
    });

    it("names the session and targets with {datetime} replaced, trims the name, and lets a target take the new session's name", async () => {
      const response = await create(t.volumeId, {
        name: " s-{datetime} ",
        new_linked_targets: { count: 1, target_name: "s-{datetime}", copy_mode: "nocopy" },
      });
      expect(response.statusCode).toBe(202);
      const [sessionTask, volumeTask] = response.json().task;
      expect(sessionTask.resource.name).toBe("s-20240115_120000");
      expect([...t.store.targets.values()].map((target) => target.label)).toEqual(["s-20240115_120000-1"]);
      expect([sessionTask.associated_resources, volumeTask.associated_resources]).toEqual([[], []]);
      const sameNames = await create(t.mockVolumeId, {
        name: "x-1",
        new_linked_targets: { count: 1, target_name: "x", copy_mode: "nocopy" },
      });
      expect(sameNames.statusCode).toBe(202);
    });
  });

  describe("relinking and unlinking", () => {
    it("relink: names a missing or empty list by its item element, and a null id as not a URI", async () => {
      const relink = (body: unknown) => t.json("POST", operation(t.sessionId, "relink-targets"), root, body);
      expectViprError(await relink({}), 400, 1005, "Required parameter id was missing or empty");
      expectViprError(await relink({ ids: [] }), 400, 1005, "Required parameter id was missing or empty");
      expectViprError(await relink({ ids: [null] }), 400, 1002, "Parameter null is not a valid URI");
    });

    it("unlink: an empty list unlinks nothing, a target without an id is the id null, delete_target as Jackson reads it", async () => {
      const unlink = (body: unknown) => t.json("POST", operation(t.sessionId, "unlink-targets"), root, body);
      expectViprError(await unlink({}), 400, 1005, "Required parameter linked_target was missing or empty");
      expectViprError(
        await unlink({ linked_targets: [] }),
        400,
        1013,
        `Snapshot session ${t.sessionId} does not have any linked targets.`,
      );
      const [target] = t.world.addLinkedTargets(t.sessionId, "lt", 1);
      expectViprError(
        await unlink({ linked_targets: [{ delete_target: true }] }),
        400,
        1002,
        "Parameter null is not a valid URI",
      );
      expectViprError(
        await unlink({ linked_targets: [{ id: target, delete_target: "1" }] }),
        400,
        1013,
        /only "true" or "false"/,
      );
      const nothing = await unlink({ linked_targets: [] });
      expect(nothing.statusCode).toBe(202);
      expect(t.store.outbox).toEqual([expect.objectContaining({ workflow: "unlink-targets", targets: [] })]);
    });
  });

  describe("restoring", () => {
    it("waits behind the session's running link instead of being refused, and names no associated resource", async () => {
      const link = await t.json("POST", operation(t.sessionId, "link-targets"), root, {
        new_linked_targets: { count: 1, target_name: "t" },
      });
      expect(link.json().task[0].state).toBe("pending");
      const restore = await t.json("POST", operation(t.sessionId, "restore"), root);
      expect(restore.statusCode).toBe(202);
      expect(restore.json()).toMatchObject({ associated_resources: [] });
      expect((await t.json("GET", `/vdc/tasks/${restore.json().id}`, root)).json()).toMatchObject({ state: "queued" });
    });

    it("is refused only while its source volume has a task pending, naming the volume", async () => {
      const other = await create(t.volumeId, { name: "other" });
      expect(other.statusCode).toBe(202);
      expectViprError(await t.json("POST", operation(t.sessionId, "restore"), root), 400, 1056, PENDING_TEXT("vol1"));
    });
  });

  describe("deactivating", () => {
    it("takes any ?type= but VIPR_ONLY as FULL", async () => {
      const response = await t.json("POST", `${operation(t.sessionId, "deactivate")}?type=bogus`, root);
      expect(response.statusCode).toBe(202);
      expect(t.store.outbox).toEqual([expect.objectContaining({ workflow: "deactivate-snapshot-session" })]);
    });

    it("refuses a session with linked targets in ViPR's words, its quote dropped", async () => {
      t.world.addLinkedTargets(t.sessionId, "lt", 1);
      expectViprError(
        await t.json("POST", operation(t.sessionId, "deactivate"), root),
        400,
        1013,
        "The snapshot session cant be deleted because it has active linked targets.",
      );
    });

    it("refuses while the session has a task pending, naming it", async () => {
      await t.json("POST", operation(t.sessionId, "link-targets"), root, {
        new_linked_targets: { count: 1, target_name: "t" },
      });
      expectViprError(
        await t.json("POST", operation(t.sessionId, "deactivate"), root),
        400,
        1056,
        PENDING_TEXT("snap1"),
      );
    });

    it("VIPR_ONLY: answers the task pending, as the real controller, and stores it ready with its message", async () => {
      const response = await t.json("POST", `${operation(t.sessionId, "deactivate")}?type=VIPR_ONLY`, root);
      const [answered] = response.json().task;
      expect(answered).toMatchObject({ state: "pending", progress: 0 });
      const polled = (await t.json("GET", `/vdc/tasks/${answered.id}`, root)).json();
      expect(polled).toMatchObject({
        state: "ready",
        progress: 100,
        message: "Snapshot session succesfully deleted from ViPR",
      });
      expect(t.store.sessions.get(t.sessionId)?.inactive).toBe(true);
    });
  });

  describe("an array that refuses snapshot sessions (VNX as CoprHD 3.6 has it)", () => {
    const refusedVnx = [405, 1007, "Operation not supported for VNX."] as const;
    let volumeId: string;
    let sessionId: string;

    beforeEach(() => {
      const vnx = t.world.addArray("vnx-1", "vmax", { refuseSessionsAs: "VNX" });
      volumeId = t.world.addVolume(t.projectId, vnx, "vnxvol");
      sessionId = t.world.addSession(volumeId, "vnxsnap");
    });

    it("refuses every operation with 405/1007 once the resource was found active and the body read", async () => {
      expectViprError(await create(volumeId, { name: "x".repeat(40) }), ...refusedVnx);
      expectViprError(
        await t.json("POST", operation(sessionId, "link-targets"), root, {
          new_linked_targets: { count: 0, target_name: "t" },
        }),
        ...refusedVnx,
      );
      expectViprError(await t.json("POST", operation(sessionId, "relink-targets"), root, { ids: [] }), ...refusedVnx);
      expectViprError(
        await t.json("POST", operation(sessionId, "unlink-targets"), root, { linked_targets: [{ id: "x" }] }),
        ...refusedVnx,
      );
      expectViprError(await t.json("POST", operation(sessionId, "restore"), root), ...refusedVnx);
      expectViprError(await t.json("POST", operation(sessionId, "deactivate"), root), ...refusedVnx);
      expect(t.store.tasks.size).toBe(0);
    });

    it("refuses after the body's and the inactive checks, before who asks is checked", async () => {
      expectViprError(await create(volumeId, {}), 400, 1005, "Required parameter name was missing or empty");
      await grant("BACKUP", "alice");
      const alice = await t.login("alice");
      expectViprError(await t.json("POST", operation(sessionId, "restore"), alice), ...refusedVnx);
      t.world.deactivateSession(sessionId);
      expectViprError(await t.json("POST", operation(sessionId, "restore"), root), 404, 2001, inactive(sessionId));
    });
  });

  describe("a family whose copy targets can be neither relinked nor restored from (VNX's migrated LUNs)", () => {
    const refused = [405, 1007, "Operation not supported for vmax."] as const;
    let sessionId: string;
    let otherSessionId: string;
    let copyTarget: string;
    let nocopyTarget: string;

    beforeEach(() => {
      const array = t.world.addArray("fixed-1", "vmax", { copyTargets: "fixed" });
      const volumeId = t.world.addVolume(t.projectId, array, "fixedvol");
      sessionId = t.world.addSession(volumeId, "fixedsnap");
      otherSessionId = t.world.addSession(volumeId, "fixedsnap2");
      [copyTarget] = t.world.addLinkedTargets(sessionId, "copy", 1, "copy") as [string];
      [nocopyTarget] = t.world.addLinkedTargets(sessionId, "nocopy", 1) as [string];
    });

    it("refuses a relink naming a copy target with 405/1007 after the targets' checks, before any task", async () => {
      const relink = (ids: string[]) => t.json("POST", operation(otherSessionId, "relink-targets"), root, { ids });
      expectViprError(await relink([nocopyTarget, "nope"]), 400, 1002, "Parameter nope is not a valid URI");
      expectViprError(await relink([nocopyTarget, copyTarget]), ...refused);
      expect(t.store.tasks.size).toBe(0);

      expect((await relink([nocopyTarget])).statusCode).toBe(202);
    });

    it("refuses a restore from a copy target with 405/1007 once the target is found linked, before any task", async () => {
      const restore = (id: string) => t.json("POST", `/block/snapshots/${id}/restore`, root);
      expectViprError(await restore(copyTarget), ...refused);
      expect(t.store.tasks.size).toBe(0);

      expect((await restore(nocopyTarget)).statusCode).toBe(202);
    });
  });
});
