import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { BlockConsistencyGroup } from "../../../src/domain/consistency-groups/block-consistency-group.js";
import { newUrn } from "../../../src/domain/shared/urn.js";
import { Task } from "../../../src/domain/tasks/task.js";
import { expectViprError } from "../../support/http/error-assertions.js";
import { HttpTestApp } from "../../support/http/http-test-app.js";

const PENDING_TEXT = (labels: string) =>
  `Attempted to execute operation on resource while there are pending tasks against it. The following resources have pending tasks against them: ${labels}. Please retry when there are no pending tasks for the resources.`;

/** docs/api/snapshot-sessions.md, "A member volume's session". */
describe("a snapshot session asked of a consistency group's member volume", () => {
  let t: HttpTestApp;
  let root: string;

  beforeEach(async () => {
    t = new HttpTestApp();
    root = await t.login();
  });
  afterEach(() => t.close());

  const volumeSessionsUrl = (volumeId: string) => `/block/volumes/${volumeId}/protection/snapshot-sessions`;
  const stored = () => ({
    sessions: t.store.sessions.size,
    targets: t.store.targets.size,
    tasks: t.store.tasks.size,
    outbox: t.store.outbox.length,
  });
  /** A task pending on a volume, as another operation on it leaves one. */
  const pendingTaskOn = (volumeId: string, volumeName: string) => {
    const task = Task.start({
      id: newUrn("Task"),
      opId: "busy",
      name: "EXPAND VOLUME",
      description: "expand a volume",
      resource: { type: "Volume", id: volumeId, name: volumeName },
      tenantId: t.providerTenantId,
      now: 1,
    });
    t.store.tasks.set(task.id, task.toState());
  };

  it("makes the group's session: its task, then the group's, one op id, a target per member per count", async () => {
    const { groupId, volumeIds } = t.sessionGroup;
    const [cgB, cgA] = volumeIds as [string, string];
    const response = await t.json("POST", volumeSessionsUrl(cgB), root, {
      name: "ms",
      new_linked_targets: { count: 1, target_name: "mt", copy_mode: "copy" },
    });

    expect(response.statusCode).toBe(202);
    expect(response.json().task).toHaveLength(2);
    const [sessionTask, groupTask] = response.json().task;
    for (const task of [sessionTask, groupTask]) {
      expect(task).toMatchObject({
        name: "CREATE CONSISTENCY GROUP SNAPSHOT SESSION",
        description: "create a consistency group snapshot session",
        state: "pending",
        op_id: sessionTask.op_id,
      });
    }
    expect(sessionTask.resource.name).toBe("ms");
    expect(groupTask.resource).toMatchObject({ id: groupId, name: "cgs" });

    const sessionId = sessionTask.resource.id;
    const session = (await t.json("GET", `/block/snapshot-sessions/${sessionId}`, root)).json();
    expect(session).toMatchObject({ name: "ms", consistency_group: { id: groupId }, session_set_name: "ms" });
    expect(session.parent).toBeUndefined();
    expect(t.store.outbox.at(-1)).toMatchObject({
      workflow: "create-snapshot-session",
      sessionId,
      volumeTaskId: groupTask.id,
    });
    const targets = [...t.store.targets.values()]
      .filter((target) => target.sessionId === sessionId)
      .map((target) => [target.label, target.snapsetLabel, target.sourceVolumeId, target.copyMode]);
    expect(targets).toEqual([
      ["mt-1-1", "mt-1", cgA, "copy"],
      ["mt-1-2", "mt-1", cgB, "copy"],
    ]);
    const listed = (
      await t.json("GET", `/block/consistency-groups/${groupId}/protection/snapshot-sessions`, root)
    ).json();
    expect(listed.snapshot_session.map((s: { name: string }) => s.name)).toEqual(["gsnap1", "ms"]);
    // No task on the member, and no session in the member's own list.
    expect(t.store.tasks.size).toBe(2);
    expect((await t.json("GET", volumeSessionsUrl(cgB), root)).json()).toEqual({ snapshot_session: [] });
  });

  it("checks the volume first, then the group's members; a refusal creates nothing", async () => {
    const { volumeIds } = t.sessionGroup;
    const [cgB, cgA] = volumeIds as [string, string];
    const before = stored();
    const missing = newUrn("Volume");
    expectViprError(
      await t.json("POST", volumeSessionsUrl(missing), root, { name: "s" }),
      404,
      2000,
      `Unable to find entity specified in URL with the given id ${missing}`,
    );
    const alice = await t.login("alice");
    expectViprError(
      await t.json("POST", volumeSessionsUrl(cgB), alice, { name: "s" }),
      403,
      3000,
      "Insufficient permissions for user alice.",
    );
    expectViprError(
      await t.json("POST", volumeSessionsUrl(cgB), root, {}),
      400,
      1005,
      "Required parameter name was missing or empty",
    );
    const long = "n".repeat(32);
    expectViprError(
      await t.json("POST", volumeSessionsUrl(cgB), root, { name: long }),
      400,
      1008,
      `Invalid value ${long} for parameter name, maximum length is 31`,
    );
    // A name in use at the other member only, and a task pending on it: the group's checks.
    t.world.addSession(cgA, "taken");
    const afterSeed = stored();
    expectViprError(
      await t.json("POST", volumeSessionsUrl(cgB), root, { name: "taken" }),
      400,
      1008,
      "A component/resource with the label taken already exists.",
    );
    pendingTaskOn(cgA, "CG-a");
    expectViprError(await t.json("POST", volumeSessionsUrl(cgB), root, { name: "s" }), 400, 1056, PENDING_TEXT("CG-a"));
    expect(stored()).toEqual({ ...afterSeed, tasks: afterSeed.tasks + 1 });
    expect(afterSeed.tasks).toBe(before.tasks);
  });

  it("answers the same in XML", async () => {
    const { volumeIds, groupId } = t.sessionGroup;
    const response = await t.xml(
      "POST",
      volumeSessionsUrl(volumeIds[0] as string),
      root,
      "<snapshot_session_create><name>xm</name></snapshot_session_create>",
    );
    expect(response.statusCode).toBe(202);
    expect(response.body).toMatch(
      new RegExp(
        `^<\\?xml[^>]*\\?><tasks><task>.*<name>xm</name>.*</task><task>.*<id>${groupId}</id>.*<name>cgs</name>`,
      ),
    );
  });

  it("makes a volume's own session for a member of a group kept in no array group", async () => {
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

    const response = await t.json("POST", volumeSessionsUrl(lv), root, { name: "own" });
    expect(response.statusCode).toBe(202);
    const [sessionTask, volumeTask] = response.json().task;
    expect(sessionTask.name).toBe("CREATE SNAPSHOT SESSION");
    expect(volumeTask.resource).toMatchObject({ id: lv, name: "lv" });
    const session = (await t.json("GET", `/block/snapshot-sessions/${sessionTask.resource.id}`, root)).json();
    expect(session).toMatchObject({ name: "own", parent: { id: lv } });
    expect(session.consistency_group).toBeUndefined();
  });
});
