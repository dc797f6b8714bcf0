import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConcurrencyConflict } from "../../../src/application/ports/concurrency-conflict.js";
import { BlockConsistencyGroup } from "../../../src/domain/consistency-groups/block-consistency-group.js";
import { newUrn } from "../../../src/domain/shared/urn.js";
import { type SeededIds, seedDefaults } from "../../../src/infrastructure/persistence/seed.js";
import { TypeOrmUnitOfWork } from "../../../src/infrastructure/persistence/typeorm-unit-of-work.js";
import { aVolume, T0 } from "./support/fixtures.js";
import { openTestDatabase, type TestDatabase } from "./support/test-database.js";

let db: TestDatabase;
let uow: TypeOrmUnitOfWork;
let seeded: SeededIds;

beforeAll(async () => {
  db = await openTestDatabase("consistency_groups");
  uow = new TypeOrmUnitOfWork(db.dataSource);
  seeded = await seedDefaults(db.dataSource, { rootPassword: "ChangeMe", sysmonitorPassword: "ChangeMe" });
});

afterAll(async () => {
  await db?.drop();
});

function aGroup(name: string, arrayConsistency = true): BlockConsistencyGroup {
  return BlockConsistencyGroup.create({
    id: newUrn("BlockConsistencyGroup"),
    name,
    projectId: seeded.projectId,
    tenantId: seeded.tenantId,
    arrayConsistency,
    now: T0,
  });
}

describe("the consistency group repository", () => {
  it("returns the group it stored, state for state, and stores its array group", async () => {
    const group = aGroup("roundtrip", false);
    await uow.run((s) => s.consistencyGroups.add(group));
    expect((await uow.run((s) => s.consistencyGroups.findById(group.id)))?.toState()).toEqual(group.toState());

    const changed = await uow.run(async (s) => {
      const loaded = (await s.consistencyGroups.findLocked(group.id, "share"))!;
      loaded.recordRequestedTypes(["LOCAL"]);
      loaded.recordArrayGroup(seeded.systemIds.mock, "roundtrip");
      await s.consistencyGroups.save(loaded);
      return loaded.toState();
    });

    const reloaded = await uow.read((s) => s.consistencyGroups.findById(group.id));
    expect(reloaded?.toState()).toEqual({ ...changed, version: 1 });
    expect(reloaded?.created).toBe(true);
    expect(reloaded?.toState().systemConsistencyGroups).toEqual([
      { storageSystemId: seeded.systemIds.mock, groupName: "roundtrip" },
    ]);
  });

  it("answers null for an unknown id, locked or not", async () => {
    const id = newUrn("BlockConsistencyGroup");
    expect(await uow.run((s) => s.consistencyGroups.findById(id))).toBeNull();
    expect(await uow.run((s) => s.consistencyGroups.findLocked(id, "update"))).toBeNull();
  });

  it("claims a name an active group has, whatever its case; a deleted group's name is free", async () => {
    const gone = aGroup("GoneGroup");
    gone.markDeleted();
    await uow.run(async (s) => {
      await s.consistencyGroups.add(aGroup("TakenGroup"));
      await s.consistencyGroups.add(gone);
    });

    expect(await uow.run((s) => s.consistencyGroups.claimName("takengroup"))).toBe(true);
    expect(await uow.run((s) => s.consistencyGroups.claimName("gonegroup"))).toBe(false);
    expect(await uow.run((s) => s.consistencyGroups.claimName("FreeGroup"))).toBe(false);
    await expect(uow.run((s) => s.consistencyGroups.add(aGroup("TAKENGROUP")))).rejects.toThrow();
  });

  it("counts the active volumes in the group", async () => {
    const group = aGroup("counted");
    const member = aVolume(seeded, { consistencyGroupId: group.id });
    const deleted = aVolume(seeded, { consistencyGroupId: group.id });
    deleted.markDeleted();
    await uow.run(async (s) => {
      await s.consistencyGroups.add(group);
      await s.volumes.add(member);
      await s.volumes.add(deleted);
      await s.volumes.add(aVolume(seeded));
    });

    expect(await uow.read((s) => s.consistencyGroups.countActiveVolumes(group.id))).toBe(1);
    expect((await uow.read((s) => s.volumes.findById(member.id)))?.consistencyGroupId).toBe(group.id);
  });

  it("refuses to save a group loaded before someone else saved it", async () => {
    const group = aGroup("stale");
    await uow.run((s) => s.consistencyGroups.add(group));
    const first = (await uow.read((s) => s.consistencyGroups.findById(group.id)))!;
    const second = (await uow.read((s) => s.consistencyGroups.findById(group.id)))!;
    first.markDeleted();
    second.markDeleted();
    await uow.run((s) => s.consistencyGroups.save(first));

    await expect(uow.run((s) => s.consistencyGroups.save(second))).rejects.toBeInstanceOf(ConcurrencyConflict);
  });
});
