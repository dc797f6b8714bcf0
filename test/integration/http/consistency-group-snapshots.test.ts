import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { newUrn } from "../../../src/domain/shared/urn.js";
import { expectViprError } from "../../support/http/error-assertions.js";
import { HttpTestApp } from "../../support/http/http-test-app.js";

/** docs/api/snapshot-sessions.md, "Group sessions": a group's targets under the group's path. */
describe("a consistency group's snapshots under the group's path", () => {
  let t: HttpTestApp;
  let root: string;

  beforeEach(async () => {
    t = new HttpTestApp();
    root = await t.login();
  });
  afterEach(() => t.close());

  const snapshotUrl = (groupId: string, targetId: string) =>
    `/block/consistency-groups/${groupId}/protection/snapshots/${targetId}`;
  const stored = () => ({
    targets: JSON.stringify([...t.store.targets.values()]),
    tasks: t.store.tasks.size,
    outbox: t.store.outbox.length,
  });
  const notOfGroup = (target: string, group: string) =>
    `Snapshot ${target} is not associated with consistency group ${group}`;

  describe("GET …/protection/snapshots/{sid}", () => {
    it("answers the target as /block/snapshots/{id} does, in JSON and XML", async () => {
      const { groupId, sessionId } = t.sessionGroup;
      const [first] = t.world.addLinkedSet(sessionId, "set") as [string];
      for (const format of ["json", "xml"] as const) {
        const viaGroup = await t[format]("GET", snapshotUrl(groupId, first), root);
        const direct = await t[format]("GET", `/block/snapshots/${first}`, root);
        expect(viaGroup.statusCode).toBe(200);
        expect(viaGroup.body).toBe(direct.body);
      }
      expect((await t.json("GET", snapshotUrl(groupId, first), root)).json()).toMatchObject({
        id: first,
        name: "set-1",
        consistency_group: { id: groupId },
      });
    });

    it("refuses another group's target, a volume's session's, an unknown one and a malformed one", async () => {
      const { groupId, sessionId } = t.sessionGroup;
      const [first] = t.world.addLinkedSet(sessionId, "set") as [string];
      const other = t.world.addConsistencyGroup(t.projectId, "cg2");
      expectViprError(await t.json("GET", snapshotUrl(other, first), root), 400, 1013, notOfGroup("set-1", "cg2"));
      const [volumeTarget] = t.world.addLinkedTargets(t.sessionId, "vt", 1) as [string];
      expectViprError(
        await t.json("GET", snapshotUrl(groupId, volumeTarget), root),
        400,
        1013,
        notOfGroup("vt-1", "cgs"),
      );
      const missing = newUrn("BlockSnapshot");
      expectViprError(
        await t.json("GET", snapshotUrl(groupId, missing), root),
        404,
        2000,
        `Unable to find entity specified in URL with the given id ${missing}`,
      );
      expectViprError(
        await t.json("GET", snapshotUrl(groupId, "not-a-urn"), root),
        400,
        1002,
        "Parameter not-a-urn is not a valid URI",
      );
    });
  });

  describe("POST …/protection/snapshots/{sid}/restore", () => {
    it("restores every member from the set, one task on the target, which bourne polls on the group's route", async () => {
      const { groupId, sessionId, volumeIds } = t.sessionGroup;
      t.world.addLinkedSet(sessionId, "other");
      const [first, second] = t.world.addLinkedSet(sessionId, "set") as [string, string];
      const response = await t.json("POST", `${snapshotUrl(groupId, second)}/restore`, root);

      expect(response.statusCode).toBe(202);
      const task = response.json();
      expect(task).toMatchObject({
        name: "RESTORE CONSISTENCY GROUP SNAPSHOT",
        description: "restore a consistency group snapshot",
        state: "pending",
        resource: { id: second, name: "set-2" },
      });
      // Every member, in the order of the members (of their names: CG-a, cg-b).
      const associated = task.associated_resources.map((r: { id: string; name: string }) => [r.id, r.name]);
      expect(associated).toEqual([
        [volumeIds[1], "CG-a"],
        [volumeIds[0], "cg-b"],
      ]);
      expect(t.store.outbox.at(-1)).toEqual({
        workflow: "restore-from-linked-target",
        taskId: task.id,
        sessionId,
        targetId: second,
        targetIds: [first, second],
      });
      // bourne follows it with the target's id on the group's task route.
      const polled = await t.json("GET", `/block/consistency-groups/${second}/tasks/${task.op_id}`, root);
      expect(polled.json()).toMatchObject({ id: task.id, name: "RESTORE CONSISTENCY GROUP SNAPSHOT" });
      // Every member is busy until it ends.
      for (const member of [first, second]) {
        expect((await t.json("POST", `/block/snapshots/${member}/restore`, root)).json()).toMatchObject({
          code: 1056,
        });
      }
    });

    it("answers the same in XML", async () => {
      const { groupId, sessionId } = t.sessionGroup;
      const [first] = t.world.addLinkedSet(sessionId, "set") as [string];
      const response = await t.xml("POST", `${snapshotUrl(groupId, first)}/restore`, root);
      expect(response.statusCode).toBe(202);
      expect(response.body).toMatch(/^<\?xml[^>]*\?><task>.*<name>RESTORE CONSISTENCY GROUP SNAPSHOT<\/name>/);
    });

    it("restores the whole set from /block/snapshots/{id}/restore too, as the real controller does", async () => {
      const { sessionId } = t.sessionGroup;
      const [first, second] = t.world.addLinkedSet(sessionId, "set") as [string, string];
      const response = await t.json("POST", `/block/snapshots/${first}/restore`, root);
      expect(response.json()).toMatchObject({ name: "RESTORE VOLUME SNAPSHOT", resource: { id: first } });
      expect(t.store.outbox.at(-1)).toMatchObject({ targetId: first, targetIds: [first, second] });
    });

    it("refuses, storing nothing: unknown group or target, another group's target, unlinked, inactive", async () => {
      const { groupId, sessionId } = t.sessionGroup;
      const [first] = t.world.addLinkedSet(sessionId, "set") as [string];
      const [unlinked] = t.world.addLinkedSet(sessionId, "unl") as [string];
      const [gone] = t.world.addLinkedSet(sessionId, "gone") as [string];
      t.store.targets.set(unlinked, { ...t.store.targets.get(unlinked)!, replicaState: "PREPARED" });
      t.store.targets.set(gone, { ...t.store.targets.get(gone)!, inactive: true });
      const other = t.world.addConsistencyGroup(t.projectId, "cg2");
      const missingGroup = newUrn("BlockConsistencyGroup");
      const missingTarget = newUrn("BlockSnapshot");
      const restore = (group: string, target: string) => t.json("POST", `${snapshotUrl(group, target)}/restore`, root);
      const before = stored();

      const inUrl = (id: string) => `Unable to find entity specified in URL with the given id ${id}`;
      expectViprError(await restore(missingGroup, first), 404, 2000, inUrl(missingGroup));
      expectViprError(await restore(groupId, missingTarget), 404, 2000, inUrl(missingTarget));
      expectViprError(await restore("bad", first), 400, 1002, "Parameter bad is not a valid URI");
      // Another group's target that is not linked either: the group's check comes first.
      expectViprError(await restore(other, unlinked), 400, 1013, notOfGroup("unl-1", "cg2"));
      const notActivated = (name: string) =>
        `The snapshot ${name} has not been activated yet. Please activate before attempting snapshot restore.`;
      expectViprError(await restore(groupId, unlinked), 400, 1013, notActivated("unl-1"));
      expectViprError(await restore(groupId, gone), 400, 1013, notActivated("gone-1"));
      // A group on no array (as a deleted group is), before the target's link is looked at.
      const group = t.store.consistencyGroups.get(groupId)!;
      t.store.consistencyGroups.set(groupId, { ...group, storageSystemId: null });
      expectViprError(
        await restore(groupId, unlinked),
        400,
        1008,
        "The consistency group cannot be snapped because it does not have a corresponding consistency group(s) on the back-end storage array(s) to support application consistent snapshots.",
      );
      expect(stored()).toEqual(before);
    });

    it("refuses a copy-mode target on a family that cannot restore from one, then a busy member", async () => {
      // As a VNX array is (a migrated copy target is a LUN of its own).
      const vnx = t.world.addArray("fixed-1", "vmax", { copyTargets: "fixed" });
      const groupId = t.world.addConsistencyGroup(t.projectId, "vnxg");
      const members = ["m1", "m2"].map((name) => t.world.addGroupMember(groupId, vnx, name));
      const sessionId = t.world.addGroupSession(groupId, members, "vs");
      const [copy] = t.world.addLinkedSet(sessionId, "c") as [string];
      t.store.targets.set(copy, { ...t.store.targets.get(copy)!, copyMode: "copy" });
      const [nocopy] = t.world.addLinkedSet(sessionId, "n") as [string];
      const before = stored();
      expectViprError(
        await t.json("POST", `${snapshotUrl(groupId, copy)}/restore`, root),
        405,
        1007,
        "Operation not supported for vmax.",
      );
      expect(stored()).toEqual(before);

      // While the set is being restored, another restore of it is refused.
      const accepted = await t.json("POST", `${snapshotUrl(groupId, nocopy)}/restore`, root);
      expect(accepted.statusCode).toBe(202);
      const again = await t.json("POST", `${snapshotUrl(groupId, nocopy)}/restore`, root);
      expect(again.json()).toMatchObject({ code: 1056 });
    });
  });
});
