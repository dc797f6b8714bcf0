import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { expectViprError } from "../../support/http/error-assertions.js";
import { HttpTestApp } from "../../support/http/http-test-app.js";

/** docs/api/snapshot-sessions.md, "Group sessions": an array that cannot snapshot the members at one instant. */
describe("a group session on an array that takes no snapshots at one instant", () => {
  let t: HttpTestApp;
  let root: string;

  beforeEach(async () => {
    t = new HttpTestApp();
    root = await t.login();
  });
  afterEach(() => t.close());

  it("is refused with 405/1007 before any task, as the real controller refuses what its array cannot do", async () => {
    const array = t.world.addArray("over-unisphere", "vmax", { groupSnapshots: "refused" });
    const groupId = t.world.addConsistencyGroup(t.projectId, "cgu");
    t.world.addGroupMember(groupId, array, "cgu-a");
    t.world.addGroupMember(groupId, array, "cgu-b");
    const tasks = t.store.tasks.size;

    expectViprError(
      await t.json("POST", `/block/consistency-groups/${groupId}/protection/snapshot-sessions`, root, { name: "g" }),
      405,
      1007,
      "Operation not supported for vmax.",
    );
    expect([t.store.tasks.size, t.store.outbox.length]).toEqual([tasks, 0]);
  });

  it("is taken on the same family when the array takes them", async () => {
    const array = t.world.addArray("in-process", "vmax");
    const groupId = t.world.addConsistencyGroup(t.projectId, "cgi");
    t.world.addGroupMember(groupId, array, "cgi-a");

    const response = await t.json("POST", `/block/consistency-groups/${groupId}/protection/snapshot-sessions`, root, {
      name: "g",
    });
    expect(response.statusCode).toBe(202);
  });
});
