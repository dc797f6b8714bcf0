import { afterAll, beforeAll, expect, it } from "vitest";
import { describeWithClients } from "./support/client-tools.js";
import { CoprsimApi } from "./support/coprsim-api.js";
import { type ClientService, startServiceOn4443 } from "./support/service-on-4443.js";
import { type ClientRun, explain, refusedCalls, ViprClients } from "./support/vipr-clients.js";

/**
 * CoprHD's `bourne` harness, unmodified, on consistency groups: its `blockconsistencygroup`
 * script and `volume create --consistencyGroup`, as CoprHD's sanity suites drive them
 * (docs/api/consistency-groups.md).
 */
describeWithClients("bourne's consistency groups against coprsim (HTTPS 4443)", (tools) => {
  let running: ClientService;
  let clients: ViprClients;
  let api: CoprsimApi;

  beforeAll(async () => {
    running = await startServiceOn4443();
    clients = await ViprClients.copy(tools, running.service);
    api = await CoprsimApi.connect(running.service.baseUrl);
    const login = await clients.bourne("security", ["login", "root", "ChangeMe"]);
    expect(login.code, explain(login)).toBe(0);
  });

  afterAll(async () => {
    await clients?.dispose();
    await running?.stop();
  });

  function expectSucceeded(run: ClientRun, says?: RegExp): void {
    expect(run.code, explain(run)).toBe(0);
    if (says) expect(run.output, explain(run)).toMatch(says);
    expect(run.output, explain(run)).not.toMatch(/failed with error|Traceback|Exception/);
    expect(refusedCalls(run), explain(run)).toEqual([]);
  }

  /** A command that expects a refusal (bourne's api_check_error): it raises unless status, code and text all match. */
  function expectRefusedAsExpected(run: ClientRun, code: number): void {
    expect(run.code, explain(run)).toBe(0);
    expect(run.output, explain(run)).not.toMatch(/Traceback|Exception/);
    expect(run.output, explain(run)).toMatch(new RegExp(`u'code': ${code}`));
    expect(refusedCalls(run), explain(run)).toHaveLength(1);
  }

  async function groupNamed(name: string): Promise<{ id: string; volumes: { id: string }[]; inactive: boolean }> {
    const found = await api.get(`/block/consistency-groups/search?name=${name}`);
    const match = found.resource.find((r: { match: string }) => r.match === name);
    if (!match) throw new Error(`no consistency group ${name}`);
    return api.get(`/block/consistency-groups/${match.id}`);
  }

  it("create, a volume created in the group, check_volume, bulk, and the refusals a suite expects", async () => {
    expectSucceeded(await clients.bourne("blockconsistencygroup", ["create", "default", "bcg1"]));
    expect(await groupNamed("bcg1")).toMatchObject({ array_consistency: true, volumes: [] });

    const create = await clients.bourne("volume", [
      "create",
      "b-cg-vol",
      "default",
      "varray1",
      "vpool-cg-vmax",
      "134217728",
      "--consistencyGroup",
      "bcg1",
    ]);
    expectSucceeded(create, /Volume created with id urn:storageos:Volume:/);
    const [volume] = await api.volumesNamed("b-cg-vol");
    const group = await groupNamed("bcg1");
    expect(group.volumes.map((v) => v.id)).toEqual([volume.id]);
    expect(volume.consistency_group.id).toBe(group.id);

    expectSucceeded(await clients.bourne("blockconsistencygroup", ["check_volume", "default", "b-cg-vol", "bcg1"]));
    expectSucceeded(await clients.bourne("blockconsistencygroup", ["bulk"]), /bcg1/);
    expectRefusedAsExpected(await clients.bourne("blockconsistencygroup", ["delete_with_volumes", "bcg1"]), 1020);

    // A pool without multi_volume_consistency, as CoprHD's suite words the refusal.
    const wrongPool = await clients.bourne("blockconsistencygroup", [
      "check_volume_error",
      "b-cg-vol2",
      "default",
      "varray1",
      "vpool-vmax",
      "134217728",
      "Consistency group $cgid was provided but multi_volume_consistency attribute in the virtual pool $cosid is false",
      "--consistencyGroup",
      "bcg1",
    ]);
    expectRefusedAsExpected(wrongPool, 1008);
    expect((await groupNamed("bcg1")).volumes).toHaveLength(1);
  });

  it("delete of an empty group made without array consistency: the task is ready at once, the group inactive", async () => {
    expectSucceeded(
      await clients.bourne("blockconsistencygroup", ["create", "default", "bcg2", "--noarrayconsistency"]),
    );
    const group = await groupNamed("bcg2");
    expect(group).toMatchObject({ array_consistency: false });

    const run = await clients.bourne("blockconsistencygroup", ["delete", "bcg2"]);

    expectSucceeded(run, /BlockConsistencyGroup deleted successfully/);
    expect((await api.get(`/block/consistency-groups/${group.id}`)).inactive).toBe(true);
  });

  /*
   * Group snapshot sessions, as bourne's blockconsistencygroup script drives them: a session of
   * the whole group, its sets of linked targets (`<target_name>-<i>-<j>`: set i, member j in
   * the order of the members' names), and a target named for its whole set.
   */

  const bcg = (...args: string[]) => clients.bourne("blockconsistencygroup", args);

  it("create_snapshot_session without targets: one session of every member", async () => {
    const { groupId } = await api.group("bcg-s1", ["bcg-s1-a", "bcg-s1-b"]);
    const run = await bcg("create_snapshot_session", "bcg-s1", "gsnap");
    expectSucceeded(run, /Snapshot session gsnap urn:storageos:BlockSnapshotSession:\S+ successfully created/);
    const [session] = await api.groupSessionsNamed(groupId, "gsnap");
    expect(session).toMatchObject({
      name: "gsnap",
      session_set_name: "gsnap",
      consistency_group: { id: groupId },
      linked_targets: [],
    });
  });

  it("create_snapshot_session with two copy targets: a set per count, a target per member in each", async () => {
    const { groupId, volumeIds } = await api.group("bcg-s2", ["bcg-s2-a", "bcg-s2-b"]);
    const run = await bcg(
      "create_snapshot_session",
      "bcg-s2",
      "gsnap",
      "--target_count",
      "2",
      "--target_name",
      "gt",
      "--target_copymode",
      "copy",
    );
    expectSucceeded(run, /successfully created/);
    const [session] = await api.groupSessionsNamed(groupId, "gsnap");
    const snapshots = await api.groupSnapshots(groupId);
    expect([...snapshots.keys()].sort()).toEqual(["gt-1-1", "gt-1-2", "gt-2-1", "gt-2-2"]);
    expect(session.linked_targets.map((t: { id: string }) => t.id).sort()).toEqual(
      [...snapshots.values()].map((t) => t.id).sort(),
    );
    for (const [name, target] of snapshots) {
      const [, set, member] = name.split("-");
      expect(target).toMatchObject({
        copy_mode: "copy",
        snapset_label: `gt-${set}`,
        parent: { id: volumeIds[Number(member) - 1] },
        consistency_group: { id: groupId },
      });
    }
  });

  it("create_snapshot_session with nocopy targets", async () => {
    const { groupId } = await api.group("bcg-s3", ["bcg-s3-a", "bcg-s3-b"]);
    const run = await bcg(
      "create_snapshot_session",
      "bcg-s3",
      "gsnap",
      "--target_count",
      "1",
      "--target_name",
      "gn",
      "--target_copymode",
      "nocopy",
    );
    expectSucceeded(run, /successfully created/);
    const snapshots = await api.groupSnapshots(groupId);
    expect([...snapshots.keys()].sort()).toEqual(["gn-1-1", "gn-1-2"]);
    for (const target of snapshots.values()) expect(target).toMatchObject({ copy_mode: "nocopy" });
  });

  it("link_targets in copy mode: waits until every member's copy is done", async () => {
    const { groupId } = await api.group("bcg-link", ["bcg-link-a", "bcg-link-b"]);
    const sessionId = await api.groupSession(groupId, "gsnap");
    const run = await bcg("link_targets", "bcg-link/gsnap", "1", "gl", "--target_copymode", "copy");
    expectSucceeded(run, /Target successfully linked to snapshot session gsnap/);
    const snapshots = await api.groupSnapshots(groupId);
    expect([...snapshots.keys()].sort()).toEqual(["gl-1-1", "gl-1-2"]);
    for (const target of snapshots.values()) {
      expect(target).toMatchObject({
        copy_mode: "copy",
        replica_state: "SYNCHRONIZED",
        link_state: expect.objectContaining({ state: "copied" }),
      });
    }
    expect((await api.linkedTargetIds(sessionId)).sort()).toEqual([...snapshots.values()].map((t) => t.id).sort());
  });

  it("relink_targets: a target named moves its whole set to another session of the group", async () => {
    const { groupId } = await api.group("bcg-relink", ["bcg-relink-a", "bcg-relink-b"]);
    const first = await api.groupSession(groupId, "gfirst");
    const second = await api.groupSession(groupId, "gsecond");
    const moved = await api.link(first, 1, "gm", "nocopy");
    expect(moved).toHaveLength(2);
    const run = await bcg("relink_targets", "bcg-relink/gsecond", "bcg-relink/gm-1-2");
    expectSucceeded(run, /Target successfully relinked from snapshot session gsecond/);
    expect((await api.linkedTargetIds(second)).sort()).toEqual([...moved].sort());
    expect(await api.linkedTargetIds(first)).toEqual([]);
  });

  it("unlink_targets without delete: the set's targets become volumes of their names", async () => {
    const { groupId } = await api.group("bcg-unlink", ["bcg-unlink-a", "bcg-unlink-b"]);
    const sessionId = await api.groupSession(groupId, "gsnap");
    const set = await api.link(sessionId, 1, "gk", "copy");
    const run = await bcg("unlink_targets", "bcg-unlink/gsnap", "bcg-unlink/gk-1-1");
    expectSucceeded(run, /Target successfully unlinked from snapshot session gsnap/);
    expect(await api.linkedTargetIds(sessionId)).toEqual([]);
    for (const id of set) expect((await api.get(`/block/snapshots/${id}`)).inactive).toBe(true);
    expect(await api.volumesNamed("gk-1-1")).toHaveLength(1);
    expect(await api.volumesNamed("gk-1-2")).toHaveLength(1);
    expect((await api.groupSnapshots(groupId)).size).toBe(0);
  });

  it("unlink_targets --delete_target true: the set's targets are deleted", async () => {
    const { groupId } = await api.group("bcg-unlink-del", ["bcg-unlink-del-a", "bcg-unlink-del-b"]);
    const sessionId = await api.groupSession(groupId, "gsnap");
    const set = await api.link(sessionId, 1, "gd", "nocopy");
    const run = await bcg("unlink_targets", "bcg-unlink-del/gsnap", "bcg-unlink-del/gd-1-2", "--delete_target", "true");
    expectSucceeded(run, /Target successfully unlinked/);
    for (const id of set) expect((await api.get(`/block/snapshots/${id}`)).inactive).toBe(true);
    expect(await api.volumesNamed("gd-1-1")).toEqual([]);
    expect(await api.volumesNamed("gd-1-2")).toEqual([]);
  });

  it("restore_targets: every member reads the session's image again", async () => {
    const { groupId, volumeIds } = await api.group("bcg-restore", ["bcg-restore-a", "bcg-restore-b"]);
    const images: string[] = [];
    for (const [i, id] of volumeIds.entries()) {
      await api.write(id, new Uint8Array(64 * 1024).fill(0xa0 + i));
      images.push(await api.digest(id));
    }
    await api.groupSession(groupId, "gsnap");
    for (const id of volumeIds) await api.write(id, new Uint8Array(64 * 1024).fill(0xee));
    const run = await bcg("restore_targets", "bcg-restore/gsnap");
    expectSucceeded(run, /Snapshot session gsnap \S+ successfully restored/);
    expect(await Promise.all(volumeIds.map((id) => api.digest(id)))).toEqual(images);
  });

  it("restore_snapshot: a group snapshot restores every member from its set", async () => {
    const { groupId, volumeIds } = await api.group("bcg-snaprestore", ["bcg-snaprestore-a", "bcg-snaprestore-b"]);
    const images: string[] = [];
    for (const [i, id] of volumeIds.entries()) {
      await api.write(id, new Uint8Array(64 * 1024).fill(0xb0 + i));
      images.push(await api.digest(id));
    }
    const sessionId = await api.groupSession(groupId, "gsnap");
    await api.link(sessionId, 1, "gi", "copy");
    for (const id of volumeIds) await api.write(id, new Uint8Array(64 * 1024).fill(0xee));
    const run = await bcg("restore_snapshot", "bcg-snaprestore", "gi-1-1");
    expectSucceeded(run, /Consistency Group Snapshot restored successfully/);
    expect(await Promise.all(volumeIds.map((id) => api.digest(id)))).toEqual(images);
  });

  it("delete_snapshot_session: the session and its members' snapshots are gone", async () => {
    const { groupId } = await api.group("bcg-sdelete", ["bcg-sdelete-a", "bcg-sdelete-b"]);
    const sessionId = await api.groupSession(groupId, "gsnap");
    const run = await bcg("delete_snapshot_session", "bcg-sdelete/gsnap");
    expectSucceeded(run, /Snapshot session gsnap \S+ successfully deleted/);
    expect((await api.get(`/block/snapshot-sessions/${sessionId}`)).inactive).toBe(true);
    expect(await api.groupSessionsNamed(groupId, "gsnap")).toEqual([]);
  });

  it("list_volume_ids, then delete once the members are gone: the group is inactive", async () => {
    const { groupId, volumeIds } = await api.group("bcg-end", ["bcg-end-a", "bcg-end-b"]);
    const list = await bcg("list_volume_ids", "bcg-end");
    expectSucceeded(list);
    const printed = list.output.split("\n").filter((line) => line.startsWith("urn:storageos:Volume:"));
    expect(printed.sort()).toEqual([...volumeIds].sort());

    for (const name of ["bcg-end-a", "bcg-end-b"]) {
      expectSucceeded(await clients.bourne("volume", ["delete", `default/${name}`, "--wait"]));
    }
    const run = await bcg("delete", "bcg-end");
    expectSucceeded(run, /BlockConsistencyGroup deleted successfully/);
    expect((await api.get(`/block/consistency-groups/${groupId}`)).inactive).toBe(true);
  });
});
