import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { BlockConsistencyGroup } from "../../../src/domain/consistency-groups/block-consistency-group.js";
import { newUrn } from "../../../src/domain/shared/urn.js";
import { expectViprError } from "../../support/http/error-assertions.js";
import { HttpTestApp } from "../../support/http/http-test-app.js";

/** docs/api/consistency-groups.md, "Snapshot sessions of a group". */
describe("snapshot sessions of a consistency group", () => {
  let t: HttpTestApp;
  let root: string;

  beforeEach(async () => {
    t = new HttpTestApp();
    root = await t.login();
  });
  afterEach(() => t.close());

  const sessionsUrl = (groupId: string) => `/block/consistency-groups/${groupId}/protection/snapshot-sessions`;
  const stored = () => ({
    sessions: t.store.sessions.size,
    targets: t.store.targets.size,
    tasks: t.store.tasks.size,
    outbox: t.store.outbox.length,
  });

  it("makes one session of every member and answers its task, then the group's, with one op id", async () => {
    const { groupId, volumeIds } = t.sessionGroup;
    const response = await t.json("POST", sessionsUrl(groupId), root, {
      name: "gsnap",
      new_linked_targets: { count: 2, target_name: "gt", copy_mode: "copy" },
    });

    expect(response.statusCode).toBe(202);
    const [sessionTask, groupTask] = response.json().task;
    expect(response.json().task).toHaveLength(2);
    expect(sessionTask).toMatchObject({
      name: "CREATE CONSISTENCY GROUP SNAPSHOT SESSION",
      description: "create a consistency group snapshot session",
      state: "pending",
      resource: { name: "gsnap" },
    });
    expect(groupTask).toMatchObject({
      name: "CREATE CONSISTENCY GROUP SNAPSHOT SESSION",
      resource: { id: groupId, name: "cgs" },
      op_id: sessionTask.op_id,
    });
    // bourne polls the last task of the list through the session tasks route, with the group's id.
    const polled = await t.json("GET", `/block/snapshot-sessions/${groupId}/tasks/${groupTask.op_id}`, root);
    expect(polled.json()).toMatchObject({ id: groupTask.id, resource: { id: groupId } });
    const sessionId = sessionTask.resource.id;
    const session = (await t.json("GET", `/block/snapshot-sessions/${sessionId}`, root)).json();
    expect(session).toMatchObject({
      name: "gsnap",
      consistency_group: { id: groupId },
      session_set_name: "gsnap",
      linked_targets: [],
    });
    expect(session.parent).toBeUndefined();
    expect(t.store.outbox.at(-1)).toMatchObject({
      workflow: "create-snapshot-session",
      sessionId,
      volumeTaskId: groupTask.id,
    });

    // Two sets, one target per member each; members in name order whatever the case: CG-a, cg-b.
    const [cgB, cgA] = volumeIds as [string, string];
    const targets = [...t.store.targets.values()]
      .filter((target) => target.sessionId === sessionId)
      .map((target) => [target.label, target.snapsetLabel, target.sourceVolumeId, target.copyMode]);
    expect(targets).toEqual([
      ["gt-1-1", "gt-1", cgA, "copy"],
      ["gt-1-2", "gt-1", cgB, "copy"],
      ["gt-2-1", "gt-2", cgA, "copy"],
      ["gt-2-2", "gt-2", cgB, "copy"],
    ]);

    // The group's sessions: the one the test world made (gsnap1), then this one.
    const listed = (await t.json("GET", sessionsUrl(groupId), root)).json();
    expect(listed.snapshot_session.map((s: { name: string }) => s.name)).toEqual(["gsnap1", "gsnap"]);
    expect(listed.snapshot_session[1]).toEqual({
      id: sessionId,
      link: { rel: "self", href: `/block/snapshot-sessions/${sessionId}` },
      name: "gsnap",
    });
    const snapshots = (await t.json("GET", `/block/consistency-groups/${groupId}/protection/snapshots`, root)).json();
    expect(snapshots.snapshot.map((s: { name: string }) => s.name)).toEqual(["gt-1-1", "gt-1-2", "gt-2-1", "gt-2-2"]);
    // A member's own list shows no group session: it has no parent.
    expect((await t.json("GET", `/block/volumes/${cgA}/protection/snapshot-sessions`, root)).json()).toEqual({
      snapshot_session: [],
    });
  });

  it("answers the same in XML", async () => {
    const { groupId } = t.sessionGroup;
    const response = await t.xml(
      "POST",
      sessionsUrl(groupId),
      root,
      "<snapshot_session_create><name>xs</name></snapshot_session_create>",
    );
    expect(response.statusCode).toBe(202);
    expect(response.body).toMatch(/^<\?xml[^>]*\?><tasks><task>.*<name>xs<\/name>.*<\/task><task>.*<name>cgs<\/name>/);
  });

  it("answers no task for a group without volumes", async () => {
    const groupId = t.consistencyGroupId;
    const before = stored();
    const response = await t.json("POST", sessionsUrl(groupId), root, { name: "none" });
    expect([response.statusCode, response.json()]).toEqual([202, { task: [] }]);
    expect(stored()).toEqual(before);
  });

  it("refuses, creating nothing: an unknown group, a group with no array group, a name in use at one member", async () => {
    const missing = newUrn("BlockConsistencyGroup");
    expectViprError(
      await t.json("POST", sessionsUrl(missing), root, { name: "s" }),
      404,
      2000,
      `Unable to find entity specified in URL with the given id ${missing}`,
    );
    const loose = BlockConsistencyGroup.create({
      id: newUrn("BlockConsistencyGroup"),
      name: "loose",
      projectId: t.projectId,
      tenantId: t.providerTenantId,
      arrayConsistency: false,
      now: 1,
    });
    t.store.consistencyGroups.set(loose.id, loose.toState());
    const lv = t.world.addVolume(t.projectId, t.snapvx, "lv");
    t.store.volumes.set(lv, { ...t.store.volumes.get(lv)!, consistencyGroupId: loose.id });
    const { groupId, volumeIds } = t.sessionGroup;
    t.world.addSession(volumeIds[0] as string, "taken");
    const before = stored();
    expectViprError(
      await t.json("POST", sessionsUrl(loose.id), root, { name: "s" }),
      400,
      1013,
      "Replication group instance is invalid for volume lv",
    );
    const duplicate = await t.json("POST", sessionsUrl(groupId), root, { name: "taken" });
    expect(duplicate.statusCode).toBe(400);
    expect(duplicate.json()).toMatchObject({ code: 1008 });
    expect(stored()).toEqual(before);
  });

  it("links one target per member per count to a group session, checking the room at every member", async () => {
    const { groupId, volumeIds } = t.sessionGroup;
    const created = (await t.json("POST", sessionsUrl(groupId), root, { name: "gs" })).json();
    const sessionId = created.task[0].resource.id;
    // One member's source is nearly full: the whole link is refused, nothing prepared.
    const fullSession = t.world.addSession(volumeIds[0] as string, "other");
    t.world.addLinkedTargets(fullSession, "f", 1023);
    const before = stored();
    const refused = await t.json("POST", `/block/snapshot-sessions/${sessionId}/link-targets`, root, {
      new_linked_targets: { count: 2, target_name: "lt" },
    });
    expectViprError(
      refused,
      400,
      1008,
      "The requested linked_targets count 2 would exceed the maximum allowed for the block snapshot sessions of source cg-b. Try a value less than or equal to 1.",
    );
    expect(stored()).toEqual(before);

    const accepted = await t.json("POST", `/block/snapshot-sessions/${sessionId}/link-targets`, root, {
      new_linked_targets: { count: 1, target_name: "lt" },
    });
    expect(accepted.statusCode).toBe(202);
    const linkTaskId = accepted.json().task[0].id;
    const labels = [...t.store.targets.values()]
      .filter((target) => target.linkTaskId === linkTaskId)
      .map((target) => [target.label, target.snapsetLabel]);
    expect(labels).toEqual([
      ["lt-1-1", "lt-1"],
      ["lt-1-2", "lt-1"],
    ]);
  });

  it("deletes a group session with its task and the group's, one op id, in the group's words", async () => {
    const { groupId } = t.sessionGroup;
    const created = (await t.json("POST", sessionsUrl(groupId), root, { name: "gd" })).json();
    const sessionId = created.task[0].resource.id;
    for (const task of created.task) t.store.tasks.set(task.id, { ...t.store.tasks.get(task.id)!, state: "ready" });

    const response = await t.json("POST", `/block/snapshot-sessions/${sessionId}/deactivate`, root);
    expect(response.statusCode).toBe(202);
    const [sessionTask, groupTask] = response.json().task;
    expect(response.json().task).toHaveLength(2);
    for (const task of [sessionTask, groupTask]) {
      expect(task).toMatchObject({
        name: "DELETE CONSISTENCY GROUP SNAPSHOT SESSION",
        description: "delete consistency group snapshot session",
        op_id: sessionTask.op_id,
      });
    }
    expect([sessionTask.resource.id, groupTask.resource.id]).toEqual([sessionId, groupId]);
    expect(t.store.outbox.at(-1)).toMatchObject({ workflow: "deactivate-snapshot-session", sessionId });
  });

  it("under the group's path, checks the group and the caller on it before the session", async () => {
    const { groupId } = t.sessionGroup;
    const path = (group: string, session: string, operation: string) => `${sessionsUrl(group)}/${session}/${operation}`;
    const volumeSession = t.world.addSession(t.volumeId, "own");
    const missingGroup = newUrn("BlockConsistencyGroup");
    const missingSession = newUrn("BlockSnapshotSession");
    const alice = await t.login("alice");
    const before = stored();
    for (const operation of ["link-targets", "relink-targets", "unlink-targets", "restore", "deactivate"]) {
      expectViprError(
        await t.json("POST", path(missingGroup, missingSession, operation), root, {}),
        404,
        2000,
        `Unable to find entity specified in URL with the given id ${missingGroup}`,
      );
      // Not the group's session, but the caller may not write the group's project: 403 first.
      expectViprError(
        await t.json("POST", path(groupId, volumeSession, operation), alice, {}),
        403,
        3000,
        "Insufficient permissions for user alice.",
      );
    }
    expectViprError(
      await t.json("POST", path(groupId, volumeSession, "restore"), root),
      400,
      1013,
      "Snapshot session own is not associated with consistency group cgs",
    );
    expect(stored()).toEqual(before);
  });

  it("serves the session's operations under its group's path, refusing another group's session", async () => {
    const { groupId, sessionId } = t.sessionGroup;
    const other = { groupId: t.world.addConsistencyGroup(t.projectId, "cg2") };
    const path = (group: string, session: string, operation: string) => `${sessionsUrl(group)}/${session}/${operation}`;

    const before = stored();
    expectViprError(
      await t.json("POST", path(other.groupId, sessionId, "link-targets"), root, {
        new_linked_targets: { count: 1, target_name: "x" },
      }),
      400,
      1013,
      "Snapshot session gsnap1 is not associated with consistency group cg2",
    );
    const missing = newUrn("BlockSnapshotSession");
    expectViprError(
      await t.json("POST", path(groupId, missing, "restore"), root),
      404,
      2000,
      `Unable to find entity specified in URL with the given id ${missing}`,
    );
    expect(stored()).toEqual(before);

    // An unlink names one target and takes its whole set.
    const [first, second] = t.world.addLinkedSet(sessionId, "set");
    const unlink = await t.json("POST", path(groupId, sessionId, "unlink-targets"), root, {
      linked_targets: [{ id: first, delete_target: true }],
    });
    expect(unlink.statusCode).toBe(202);
    const start = t.store.outbox.at(-1);
    if (start?.workflow !== "unlink-targets") throw new Error("no unlink started");
    expect(start.targets.map((target) => [target.targetId, target.deleteTarget])).toEqual([
      [first, true],
      [second, true],
    ]);
  });
});
