import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BlockConsistencyGroup } from "../../../src/domain/consistency-groups/block-consistency-group.js";
import { newUrn } from "../../../src/domain/shared/urn.js";
import type { SeededFamily } from "../../../src/infrastructure/persistence/seed.js";
import { createScratchDatabase, WorkflowWorld } from "./support/workflow-world.js";

let database: Awaited<ReturnType<typeof createScratchDatabase>>;
let world: WorkflowWorld;

beforeAll(async () => {
  database = await createScratchDatabase();
  world = await WorkflowWorld.start("redis", database.url);
});

afterAll(async () => {
  await world?.stop();
  await database?.drop();
});

/** Two provisioned volumes of the family in a new consistency group kept consistent on the array. */
async function groupOfTwo(family: SeededFamily, name: string): Promise<{ groupId: string; volumeIds: string[] }> {
  const volumeIds: string[] = [];
  for (const volumeName of [`${name}-b`, `${name}-a`]) {
    const task = await world.startVolume(family, volumeName);
    expect((await world.finished(task.id)).state).toBe("ready");
    volumeIds.push(task.resource.id);
  }
  const group = BlockConsistencyGroup.create({
    id: newUrn("BlockConsistencyGroup"),
    name,
    projectId: world.ids.projectId,
    tenantId: world.ids.tenantId,
    arrayConsistency: true,
    now: Date.now(),
  });
  group.recordRequestedTypes(["LOCAL"]);
  group.recordArrayGroup(world.ids.systemIds[family], name);
  await world.unitOfWork.run((scope) => scope.consistencyGroups.add(group));
  // Volumes are put in the group as the group's volume creation would have made them.
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  try {
    await client.query("UPDATE volumes SET consistency_group_id = $1 WHERE id = ANY($2::text[])", [
      group.id,
      volumeIds,
    ]);
  } finally {
    await client.end();
  }
  return { groupId: group.id, volumeIds };
}

describe("a consistency group's snapshot session, through the workflow", () => {
  it.each<SeededFamily>(["vmax", "vnxblock"])(
    "on %s: establishes a snapshot of every member and links each target to its member's",
    async (family) => {
      const { groupId, volumeIds } = await groupOfTwo(family, `g${family}`);
      const [sessionTask, groupTask] = await world.startGroupSession(groupId, "gs", {
        count: 1,
        targetName: "gt",
        copyMode: "nocopy",
      });
      if (!sessionTask || !groupTask) throw new Error("no tasks");
      for (const task of [sessionTask, groupTask]) expect((await world.finished(task.id)).state).toBe("ready");

      const session = await world.unitOfWork.run((scope) => scope.sessions.findById(sessionTask.resource.id));
      expect(session?.members.map((m) => m.source.volumeId)).toEqual([volumeIds[1], volumeIds[0]]);
      const snapshots = new Map(session?.members.map((m) => [m.source.volumeId, m.arraySnapshot?.nativeId]));
      expect(new Set(snapshots.values()).size).toBe(2);

      const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name);
      const targets = (await world.targetsOf(sessionTask.id)).sort(byName);
      expect(targets.map((t) => [t.name, t.snapsetLabel, t.replicaState])).toEqual([
        ["gt-1-1", "gt-1", "SYNCHRONIZED"],
        ["gt-1-2", "gt-1", "SYNCHRONIZED"],
      ]);
      for (const target of targets) {
        const source = await world.readModel.volume(target.sourceVolumeId);
        const link = await world.arrayLinkOf(family, target.nativeId ?? "");
        expect(link?.sourceNativeId).toBe(source?.nativeId);
      }

      const link = await world.link(sessionTask.resource.id, 2, "more", "copy");
      expect((await world.finished(link.id)).state).toBe("ready");
      expect((await world.targetsOf(link.id)).sort(byName).map((t) => t.name)).toEqual([
        "more-1-1",
        "more-1-2",
        "more-2-1",
        "more-2-2",
      ]);

      // Unlinking one member's target unlinks its whole set (every member's target of it).
      const unlink = await world.unlink(sessionTask.resource.id, targets[1]?.id, true);
      expect((await world.finished(unlink.id)).state).toBe("ready");
      for (const target of targets) {
        expect((await world.readModel.linkedTarget(target.id))?.inactive).toBe(true);
      }
      const more = (await world.targetsOf(link.id)).sort(byName);
      expect(more.every((t) => !t.inactive)).toBe(true);

      // A restore restores every member from its own snapshot.
      const restore = await world.restore(sessionTask.resource.id);
      expect((await world.finished(restore.id)).state).toBe("ready");

      // Deleting it (its sets unlinked first) terminates every member's snapshot, and ends the
      // group's task with the session's.
      for (const set of [more[0], more[2]]) {
        const unlinked = await world.unlink(sessionTask.resource.id, set?.id, true);
        expect((await world.finished(unlinked.id)).state).toBe("ready");
      }
      const deletion = await world.deactivate(sessionTask.resource.id);
      expect(deletion.map((task) => task.resource.id)).toEqual([sessionTask.resource.id, groupId]);
      for (const task of deletion) expect((await world.finished(task.id)).state).toBe("ready");
      const arrayId = await world.arrayIdOf(family);
      for (const volumeId of volumeIds) {
        const source = await world.readModel.volume(volumeId);
        const left = await world.arrays.transaction(arrayId, (tx) => tx.snapshotsOfSource(source?.nativeId ?? ""));
        expect(left).toEqual([]);
      }
    },
  );

  it.each<SeededFamily>(["vmax", "vnxblock"])(
    "on %s: restores every member from its own target in the set named, through the group's path",
    async (family) => {
      const { groupId, volumeIds } = await groupOfTwo(family, `r${family}`);
      const bytes = (text: string) => new TextEncoder().encode(text.padEnd(16, "."));
      const read = async (id: string) => new TextDecoder().decode(await world.sim.readData(id, 0, 16));
      for (const [index, volumeId] of volumeIds.entries())
        await world.sim.writeData(volumeId, 0, bytes(`before-${index}`));
      const [sessionTask] = await world.startGroupSession(groupId, "rs", {
        count: 2,
        targetName: "rt",
        copyMode: "nocopy",
      });
      if (!sessionTask) throw new Error("no task");
      expect((await world.finished(sessionTask.id)).state).toBe("ready");
      // Each target of each set gets an image of its own, and the members change after the snapshot.
      const targets = await world.targetsOf(sessionTask.id);
      for (const target of targets) await world.sim.writeData(target.id, 0, bytes(target.name));
      for (const [index, volumeId] of volumeIds.entries())
        await world.sim.writeData(volumeId, 0, bytes(`after-${index}`));

      const named = targets.find((t) => t.name === "rt-2-2");
      if (!named) throw new Error("no target rt-2-2");
      const restore = await world.restoreGroup(groupId, named.id);
      expect(restore).toMatchObject({ name: "RESTORE CONSISTENCY GROUP SNAPSHOT", resource: { id: named.id } });
      expect((await world.finished(restore.id)).state).toBe("ready");

      // Each member reads its own target of set rt-2; the other set is left alone.
      for (const volumeId of volumeIds) {
        const own = targets.find((t) => t.snapsetLabel === "rt-2" && t.sourceVolumeId === volumeId);
        expect(await read(volumeId)).toBe(own?.name.padEnd(16, "."));
      }
      for (const target of targets) expect(await read(target.id)).toBe(target.name.padEnd(16, "."));
    },
  );

  it("takes every member's snapshot at one instant in one array call, retried after a retryable fault finds them once", async () => {
    const { groupId, volumeIds } = await groupOfTwo("vmax", "ginstant");
    await world.injectFault("vmax", {
      operation: "establish-group",
      count: 1,
      message: "Injected: the array is busy",
      retryable: true,
    });
    const [sessionTask] = await world.startGroupSession(groupId, "gi");
    if (!sessionTask) throw new Error("no task");
    expect((await world.finished(sessionTask.id)).state).toBe("ready");
    expect(await world.plannedFaults("vmax")).toEqual([]);

    const arrayId = await world.arrayIdOf("vmax");
    const taken = [];
    for (const volumeId of volumeIds) {
      const source = await world.readModel.volume(volumeId);
      taken.push(...(await world.arrays.transaction(arrayId, (tx) => tx.snapshotsOfSource(source?.nativeId ?? ""))));
    }
    expect(taken.map((snapshot) => snapshot.idempotencyKey).sort()).toEqual(
      volumeIds.map((volumeId) => `${sessionTask.resource.id}:${volumeId}`).sort(),
    );
    expect(new Set(taken.map((snapshot) => snapshot.createdAt)).size).toBe(1);
  });
});
