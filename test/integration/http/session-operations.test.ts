import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { expectViprError } from "../../support/http/error-assertions.js";
import { HttpTestApp } from "../../support/http/http-test-app.js";

/**
 * The session operations and the new listings through the HTTP layer over the real handlers
 * and in-memory fakes: both body formats (lists included), what is written for the workflow
 * (or queued), and who may read the bulk and search answers.
 */
describe("session operations over HTTP", () => {
  let t: HttpTestApp;
  let root: string;

  beforeEach(async () => {
    t = new HttpTestApp();
    root = await t.login();
  });
  afterEach(() => t.close());

  const startsOf = (workflow: string) => t.store.outbox.filter((start) => start.workflow === workflow);

  it("reads a relink's ids from XML and starts its workflow at once when the session is idle", async () => {
    const [target] = t.world.addLinkedTargets(t.sessionId, "lt", 1);
    const response = await t.xml(
      "POST",
      `/block/snapshot-sessions/${t.sessionId}/relink-targets`,
      root,
      `<snapshot_session_relink_targets><ids><id>${target}</id></ids></snapshot_session_relink_targets>`,
    );
    expect(response.statusCode).toBe(202);
    expect(response.body).toMatch(/^<\?xml[^>]*><tasks><task>.*<state>pending<\/state>/s);
    expect(startsOf("relink-targets")).toEqual([
      expect.objectContaining({ sessionId: t.sessionId, targetIds: [target] }),
    ]);
  });

  it("queues an unlink behind the session's running link: no workflow start until the link is settled", async () => {
    const [target] = t.world.addLinkedTargets(t.sessionId, "lt", 1);
    const link = await t.json("POST", `/block/snapshot-sessions/${t.sessionId}/link-targets`, root, {
      new_linked_targets: { count: 1, target_name: "more" },
    });
    expect(link.json().task[0].state).toBe("pending");
    const unlink = await t.json("POST", `/block/snapshot-sessions/${t.sessionId}/unlink-targets`, root, {
      linked_targets: [{ id: target, delete_target: "true" }],
    });
    expect(unlink.statusCode).toBe(202);
    // The answer shows the task as accepted (pending); it is stored queued, as a poll shows.
    expect(unlink.json()).toMatchObject({ state: "pending", resource: { id: t.sessionId } });
    expect(unlink.json()).not.toHaveProperty("queueName");
    expect((await t.json("GET", `/vdc/tasks/${unlink.json().id}`, root)).json()).toMatchObject({
      state: "queued",
      queueName: t.sessionId,
      queuedStartTime: t.clock.now(),
    });
    expect(startsOf("unlink-targets")).toEqual([]);
    expect(t.store.sessionOperations.map((o) => [o.taskId, o.running])).toEqual([
      [link.json().task[0].id, true],
      [unlink.json().id, false],
    ]);
    expect(t.store.sessionOperations[1]?.start).toMatchObject({ targets: [{ targetId: target, deleteTarget: true }] });
  });

  it("GET /block/snapshot-sessions/bulk: every active session id for SYSTEM_MONITOR and SYSTEM_ADMIN only", async () => {
    const monitor = await t.login("sysmonitor");
    for (const token of [root, monitor]) {
      const ids = (await t.json("GET", "/block/snapshot-sessions/bulk", token)).json().id;
      expect(ids).toEqual(expect.arrayContaining([t.sessionId, t.mockSessionId, t.otherSessionId]));
    }
    expectViprError(
      await t.json("GET", "/block/snapshot-sessions/bulk", await t.login("alice")),
      403,
      3000,
      "Insufficient permissions for user alice.",
    );
  });

  it("POST bulk (XML ids) answers the sessions the caller may read, in the order asked; ids of nothing are left out", async () => {
    const body = `<ids><id>${t.mockSessionId}</id><id>${t.otherSessionId}</id><id>${t.volumeId}</id><id>not-a-urn</id><id>${t.sessionId}</id></ids>`;
    const idsIn = (xml: string) =>
      [...xml.matchAll(/<block_snapshot_session>(?:(?!<\/block_snapshot_session>).)*?<id>([^<]+)<\/id>/g)].map(
        (m) => m[1],
      );
    const bob = await t.xml("POST", "/block/snapshot-sessions/bulk", await t.login("bob"), body);
    expect(bob.statusCode).toBe(200);
    expect(idsIn(bob.body)).toEqual([t.otherSessionId]);
    // root holds SYSTEM_MONITOR, as ViPR's root does: every session named.
    const rootSees = await t.xml("POST", "/block/snapshot-sessions/bulk", root, body);
    expect(idsIn(rootSees.body)).toEqual([t.mockSessionId, t.otherSessionId, t.sessionId]);
    const bobToken = await t.login("bob");
    const volumes = (
      await t.json("POST", "/block/volumes/bulk", bobToken, { id: [t.volumeId, t.otherVolumeId] })
    ).json();
    expect(volumes.volume.map((v: { id: string }) => v.id)).toEqual([t.otherVolumeId]);
    expect((await t.json("POST", "/block/volumes/bulk", root, {})).json()).toEqual({ volume: [] });
  });

  it("searches sessions by name prefix, any case, in the projects the caller may read", async () => {
    const hit = (id: string, match: string) => ({
      id,
      link: { rel: "self", href: `/block/snapshot-sessions/${id}` },
      match,
    });
    const bob = await t.login("bob");
    expect((await t.json("GET", "/block/snapshot-sessions/search?name=SNAP", bob)).json()).toEqual({
      resource: [hit(t.otherSessionId, "snap-b")],
    });
    // root holds SYSTEM_MONITOR: every match, in the order of ViPR's name index (lower-cased name).
    expect((await t.json("GET", "/block/snapshot-sessions/search?name=snap", root)).json()).toEqual({
      resource: [hit(t.otherSessionId, "snap-b"), hit(t.sessionId, "snap1")],
    });
    const inProject = (await t.json("GET", `/block/snapshot-sessions/search?project=${t.projectId}`, root)).json();
    expect(inProject.resource.map((r: { match: string }) => r.match).sort()).toEqual(["mocksnap", "snap1"]);
    expectViprError(
      await t.json("GET", `/block/snapshot-sessions/search?project=${t.projectId}`, bob),
      403,
      3000,
      "Insufficient permissions for user bob.",
    );
  });

  it("GET /vdc/tasks: newest first, at most max_count, which must be a number of at least 0", async () => {
    // Two volumes: a creation is refused while its volume's task of the previous one is pending.
    for (const [volumeId, name] of [
      [t.volumeId, "s-a"],
      [t.mockVolumeId, "s-b"],
    ]) {
      await t.json("POST", `/block/volumes/${volumeId}/protection/snapshot-sessions`, root, { name });
      t.clock.advance(1000);
    }
    // Each creation has two tasks (session and volume), started together.
    const newest = (await t.json("GET", "/vdc/tasks?max_count=3", root)).json().task;
    expect(newest).toHaveLength(3);
    expect(
      newest
        .slice(0, 2)
        .map((task: { resource: { name: string } }) => task.resource.name)
        .sort(),
    ).toEqual(["mockvol", "s-b"]);
    expect(newest[1].start_time).toBeGreaterThan(newest[2].start_time);
    expectViprError(
      await t.json("GET", "/vdc/tasks?max_count=many", root),
      400,
      1008,
      "Invalid value many for parameter max_count",
    );
    expectViprError(
      await t.json("GET", "/vdc/tasks?max_count=-1", root),
      400,
      1014,
      "Parameter max_count value -1 is below the minimum 0",
    );
    // Another tenant's tasks: SYSTEM_ADMIN reads them, SYSTEM_MONITOR alone does not (ViPR's TaskService).
    expect((await t.json("GET", `/vdc/tasks?tenant=${t.otherTenantId}`, root)).statusCode).toBe(200);
    expectViprError(
      await t.json("GET", `/vdc/tasks?tenant=${t.otherTenantId}`, await t.login("sysmonitor")),
      403,
      3000,
      "Insufficient permissions for user sysmonitor.",
    );
  });
});
