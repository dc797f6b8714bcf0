import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BlockConsistencyGroup } from "../../../src/domain/consistency-groups/block-consistency-group.js";
import { newUrn } from "../../../src/domain/shared/urn.js";
import { BlockSnapshotSession, type SessionSource } from "../../../src/domain/snapshots/block-snapshot-session.js";
import type { Volume } from "../../../src/domain/storage/volume.js";
import { type SeededIds, seedDefaults } from "../../../src/infrastructure/persistence/seed.js";
import { TypeOrmUnitOfWork } from "../../../src/infrastructure/persistence/typeorm-unit-of-work.js";
import { aVolume, T0 } from "./support/fixtures.js";
import { openTestDatabase, type TestDatabase } from "./support/test-database.js";

let db: TestDatabase;
let uow: TypeOrmUnitOfWork;
let seeded: SeededIds;

beforeAll(async () => {
  db = await openTestDatabase("group_sessions");
  uow = new TypeOrmUnitOfWork(db.dataSource);
  seeded = await seedDefaults(db.dataSource, { rootPassword: "ChangeMe", sysmonitorPassword: "ChangeMe" });
});

afterAll(async () => {
  await db?.drop();
});

function sourceOf(volume: Volume): SessionSource {
  const { placement, capacityBytes } = volume.toState();
  const { projectId, tenantId, storageSystemId, storagePoolId, varrayId } = placement;
  return { volumeId: volume.id, projectId, tenantId, storageSystemId, storagePoolId, varrayId, capacityBytes };
}

async function aGroupWithVolumes(name: string, volumeNames: string[]) {
  const group = BlockConsistencyGroup.create({
    id: newUrn("BlockConsistencyGroup"),
    name,
    projectId: seeded.projectId,
    tenantId: seeded.tenantId,
    arrayConsistency: true,
    now: T0,
  });
  const volumes = volumeNames.map((volumeName, index) =>
    aVolume(seeded, { name: volumeName, consistencyGroupId: group.id, now: T0 + index }),
  );
  await uow.run(async (s) => {
    await s.consistencyGroups.add(group);
    for (const volume of volumes) await s.volumes.add(volume);
  });
  return { group, volumes };
}

function aGroupSession(groupId: string, volumes: readonly Volume[], label = "gs") {
  return BlockSnapshotSession.createForGroup({
    id: newUrn("BlockSnapshotSession"),
    label,
    consistencyGroupId: groupId,
    members: volumes.map(sourceOf),
    now: T0,
  });
}

describe("group sessions in Postgres", () => {
  it("stores a group session with its members and their snapshots, state for state", async () => {
    const { group, volumes } = await aGroupWithVolumes("persisted", ["pa", "pb"]);
    const session = aGroupSession(group.id, volumes);
    await uow.run((s) => s.sessions.add(session));
    expect((await uow.read((s) => s.sessions.findById(session.id)))?.toState()).toEqual(session.toState());
    expect((await uow.run((s) => s.volumes.findActiveInConsistencyGroup(group.id))).map((volume) => volume.id)).toEqual(
      volumes.map((volume) => volume.id),
    );
  });

  it("counts a group session and its targets' set names at every member's source", async () => {
    const { group, volumes } = await aGroupWithVolumes("counted", ["ca", "cb"]);
    const session = aGroupSession(group.id, volumes, "gsession");
    const [first, second] = volumes as [Volume, Volume];
    const budgets = new Map(
      volumes.map((v) => [
        v.id,
        {
          sourceVolumeName: v.name,
          maxLinkedTargets: 1024,
          linkedOrLinkingTargets: 0,
          labelsInUse: [],
          family: "mock",
          supportsCopyMode: true,
        },
      ]),
    );
    const targets = session.linkMemberTargets(
      { count: 1, targetName: "t", copyMode: "nocopy" },
      { budgets, linkTaskId: newUrn("Task"), now: T0, newTargetId: () => newUrn("BlockSnapshot") },
    );
    await uow.run(async (s) => {
      await s.sessions.add(session);
      await s.targets.addAll(targets);
    });
    for (const volume of [first, second]) {
      const usage = await uow.run((s) => s.sourceLocks.lockForLinking(volume.id));
      expect(usage).toMatchObject({ activeSessions: 1, linkedOrLinkingTargets: 1, targetsBeingLinked: 1 });
      expect([...usage.labelsInUse].sort()).toEqual(["gsession", "t-1"]);
    }
    const stored = await uow.read((s) => s.targets.findByLinkTask(targets[0]!.toState().linkTaskId));
    expect(stored.map((t) => [t.label, t.snapsetLabel]).sort()).toEqual([
      ["t-1-1", "t-1"],
      ["t-1-2", "t-1"],
    ]);
  });
});
