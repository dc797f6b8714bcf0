import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BlockConsistencyGroup } from "../../../src/domain/consistency-groups/block-consistency-group.js";
import { newUrn } from "../../../src/domain/shared/urn.js";
import type { LinkedTarget } from "../../../src/domain/snapshots/linked-target.js";
import { Task } from "../../../src/domain/tasks/task.js";
import { ARRAY_FAMILIES } from "../../../src/drivers/array-families.js";
import { type SeededIds, seedDefaults } from "../../../src/infrastructure/persistence/seed.js";
import { TypeOrmReadModel } from "../../../src/infrastructure/persistence/typeorm-read-model.js";
import { TypeOrmUnitOfWork } from "../../../src/infrastructure/persistence/typeorm-unit-of-work.js";
import { aLinkTask, aSessionOf, aVolume, GIB, T0, targetsOf } from "./support/fixtures.js";
import { openTestDatabase, type TestDatabase } from "./support/test-database.js";

let db: TestDatabase;
let uow: TypeOrmUnitOfWork;
let readModel: TypeOrmReadModel;
let seeded: SeededIds;

beforeAll(async () => {
  db = await openTestDatabase("read_model");
  uow = new TypeOrmUnitOfWork(db.dataSource);
  readModel = new TypeOrmReadModel(db.dataSource);
  seeded = await seedDefaults(db.dataSource, { rootPassword: "ChangeMe", sysmonitorPassword: "ChangeMe", now: T0 });
});

afterAll(async () => {
  await db?.drop();
});

describe("tenancy views", () => {
  it("show the tenant and its active projects", async () => {
    expect(await readModel.tenant(seeded.tenantId)).toEqual({
      id: seeded.tenantId,
      name: "Provider Tenant",
      parentTenantId: null,
      creationTime: T0,
    });
    const projects = await readModel.projectsOfTenant(seeded.tenantId);
    expect(projects).toEqual([
      {
        id: seeded.projectId,
        name: "default",
        tenantId: seeded.tenantId,
        owner: "root",
        acls: [],
        inactive: false,
        creationTime: T0,
      },
    ]);
    expect(await readModel.project(seeded.projectId)).toEqual(projects[0]);
    expect(await readModel.tenant(newUrn("TenantOrg"))).toBeNull();
    expect(await readModel.project(newUrn("Project"))).toBeNull();
  });
});

describe("storage views", () => {
  it("list the systems, their pools, the varrays and the vpools", async () => {
    const systems = await readModel.storageSystems();
    expect(systems.map((s) => [s.name, s.systemType, s.nativeId])).toEqual(
      expect.arrayContaining([
        ["vmax", "vmax", "SYMMETRIX+000197900001"],
        ["vnxblock", "vnxblock", "CLARIION+APM00140000001"],
        ["mock", "mock", "MOCK+000001"],
      ]),
    );
    expect(systems).toHaveLength(ARRAY_FAMILIES.length);
    expect(await readModel.storageSystem(seeded.systemIds.mock)).toEqual({
      id: seeded.systemIds.mock,
      name: "mock",
      systemType: "mock",
      nativeId: "MOCK+000001",
      settings: {},
      creationTime: T0,
    });
    expect(await readModel.storagePoolsOf(seeded.systemIds.vmax)).toEqual([
      {
        id: seeded.poolIds.vmax,
        name: "SRP_1",
        storageSystemId: seeded.systemIds.vmax,
        nativeId: "SRP_1",
        creationTime: T0,
      },
    ]);
    expect(await readModel.varrays()).toEqual([{ id: seeded.varrayId, name: "varray1", creationTime: T0 }]);
    const vpools = await readModel.vpools();
    expect(vpools.map((v) => [v.name, v.systemType, v.maxSnapshots, v.varrayIds, v.multiVolumeConsistency])).toEqual(
      expect.arrayContaining([
        ["vpool-vmax", "vmax", 256, [seeded.varrayId], false],
        ["vpool-cg-vmax", "vmax", 256, [seeded.varrayId], true],
        ["vpool-vnxblock", "vnxblock", 256, [seeded.varrayId], false],
        ["vpool-cg-vnxblock", "vnxblock", 256, [seeded.varrayId], true],
        ["vpool-mock", "mock", 1024, [seeded.varrayId], false],
      ]),
    );
    expect(vpools.some((v) => v.name === "vpool-cg-mock")).toBe(false);
    expect(seeded.consistencyVpoolIds.mock).toBeUndefined();
    expect(await readModel.vpool(seeded.consistencyVpoolIds.vmax!)).toMatchObject({ multiVolumeConsistency: true });
    expect(await readModel.vpool(seeded.vpoolIds.vnxblock)).toMatchObject({ name: "vpool-vnxblock", creationTime: T0 });
    expect(await readModel.storageSystem(newUrn("StorageSystem"))).toBeNull();
  });
});

describe("block views", () => {
  it("show a volume with its array family, and find active volumes by name prefix (any case), project, WWN and varray", async () => {
    const volume = aVolume(seeded, { name: "app-data", family: "vmax", capacityBytes: 2 * GIB, now: T0 + 1 });
    volume.recordProvisioned({ nativeId: "00ABC", wwn: "600009700001979000015330304142", deviceLabel: "app-data" });
    const other = aVolume(seeded, { name: "app-data-2", now: T0 + 2 });
    const gone = aVolume(seeded, { name: "app-data", now: T0 + 3 });
    gone.abandon();
    await uow.run(async (s) => {
      for (const v of [volume, other, gone]) await s.volumes.add(v);
    });

    expect(await readModel.volume(volume.id)).toEqual({
      id: volume.id,
      name: "app-data",
      projectId: seeded.projectId,
      tenantId: seeded.tenantId,
      storageSystemId: seeded.systemIds.vmax,
      systemType: "vmax",
      storagePoolId: seeded.poolIds.vmax,
      varrayId: seeded.varrayId,
      vpoolId: seeded.vpoolIds.vmax,
      capacityBytes: 2 * GIB,
      consistencyGroupId: null,
      nativeId: "00ABC",
      wwn: "600009700001979000015330304142",
      deviceLabel: "app-data",
      inactive: false,
      creationTime: T0 + 1,
    });
    expect(await readModel.volume(gone.id)).toMatchObject({ inactive: true, nativeId: null, systemType: "mock" });
    const ids = (views: readonly { id: string }[]) => views.map((v) => v.id);
    const { projectId } = seeded;
    expect(ids(await readModel.findVolumes({ projectId, namePrefix: "APP-DATA" }))).toEqual([volume.id, other.id]);
    expect(ids(await readModel.findVolumes({ namePrefix: "app-data-" }))).toEqual([other.id]);
    expect(await readModel.findVolumes({ projectId: newUrn("Project"), namePrefix: "app" })).toEqual([]);
    expect(ids(await readModel.findVolumes({ projectId }))).toEqual(expect.arrayContaining([volume.id, other.id]));
    expect(ids(await readModel.findVolumes({ projectId }))).not.toContain(gone.id);
    expect(ids(await readModel.findVolumes({ wwn: "600009700001979000015330304142".toLowerCase() }))).toEqual([
      volume.id,
    ]);
    expect(ids(await readModel.findVolumes({ varrayId: seeded.varrayId, namePrefix: "app-data-2" }))).toEqual([
      other.id,
    ]);
    expect(await readModel.activeIds("volume")).toEqual(expect.arrayContaining([volume.id, other.id]));
    expect(await readModel.activeIds("volume")).not.toContain(gone.id);
  });

  it("show a session with only its linked targets, oldest first", async () => {
    const source = aVolume(seeded, { name: "src" });
    source.recordProvisioned({ nativeId: "SRC01", wwn: "w-src", deviceLabel: "src" });
    const session = aSessionOf(source, { label: "nightly", now: T0 + 10 });
    session.markEstablished({ nativeId: "nightly:0", deviceLabel: "nightly" });
    const ended = aSessionOf(source, { label: "ended", now: T0 + 11 });
    ended.markInactive();
    const [lateLinked] = targetsOf(session, { count: 1, name: "late", now: T0 + 30 }) as [LinkedTarget];
    const early = targetsOf(session, { count: 3, name: "early", now: T0 + 20 });
    const [earlyLinked, pending, rolledBack] = early as [LinkedTarget, LinkedTarget, LinkedTarget];
    const link = (target: LinkedTarget, nativeId: string) => {
      target.recordProvisioned({ nativeId, wwn: `w-${nativeId}`, deviceLabel: nativeId });
      target.markLinked({ state: "linked", nativeState: "Linked", defined: true, percentCopied: 0 });
    };
    link(earlyLinked, "T01");
    link(lateLinked, "T02");
    rolledBack.markRolledBack();
    await uow.run(async (s) => {
      await s.volumes.add(source);
      await s.sessions.add(session);
      await s.sessions.add(ended);
      await s.targets.addAll([lateLinked, ...early]);
    });

    const view = await readModel.session(session.id);

    expect(view).toEqual({
      id: session.id,
      name: "nightly",
      sourceVolumeId: source.id,
      consistencyGroupId: null,
      projectId: seeded.projectId,
      tenantId: seeded.tenantId,
      storageSystemId: seeded.systemIds.mock,
      varrayId: seeded.varrayId,
      nativeId: "nightly:0",
      deviceLabel: "nightly",
      inactive: false,
      creationTime: T0 + 10,
      linkedTargetIds: [earlyLinked.id, lateLinked.id],
    });
    expect(pending.isLinked).toBe(false);
    expect(await readModel.sessionsOfVolume(source.id)).toEqual([view]);
    expect((await readModel.session(ended.id))?.inactive).toBe(true);
  });

  it("show a linked target with its source's native id and its link state", async () => {
    const source = aVolume(seeded, { name: "src2" });
    source.recordProvisioned({ nativeId: "SRC02", wwn: "w", deviceLabel: "src2" });
    const session = aSessionOf(source);
    const [target] = targetsOf(session, { count: 1, name: "copy", copyMode: "copy", now: T0 + 5 });
    target!.recordProvisioned({ nativeId: "T77", wwn: "w77", deviceLabel: "copy-1" });
    target!.recordLinkProgress({ state: "copying", nativeState: "CopyInProg", defined: true, percentCopied: 63 });
    await uow.run(async (s) => {
      await s.volumes.add(source);
      await s.sessions.add(session);
      await s.targets.addAll([target!]);
    });

    expect(await readModel.linkedTarget(target!.id)).toEqual({
      id: target!.id,
      name: "copy-1",
      snapsetLabel: "copy-1",
      sessionId: session.id,
      consistencyGroupId: null,
      sourceVolumeId: source.id,
      sourceNativeId: "SRC02",
      projectId: seeded.projectId,
      tenantId: seeded.tenantId,
      storageSystemId: seeded.systemIds.mock,
      varrayId: seeded.varrayId,
      capacityBytes: GIB,
      copyMode: "copy",
      replicaState: "PREPARED",
      nativeId: "T77",
      wwn: "w77",
      deviceLabel: "copy-1",
      linkState: { state: "copying", nativeState: "CopyInProg", defined: true, percentCopied: 63 },
      inactive: false,
      creationTime: T0 + 5,
    });
    expect(await readModel.linkedTarget(newUrn("BlockSnapshot"))).toBeNull();
  });

  it("show a volume, a session and a linked target with their project, in one query each", async () => {
    const source = aVolume(seeded, { name: "src3" });
    const session = aSessionOf(source, { label: "with-project" });
    const [target] = targetsOf(session, { count: 1, name: "tgt" }) as [LinkedTarget];
    target.recordProvisioned({ nativeId: "T88", wwn: "w88", deviceLabel: "tgt-1" });
    target.markLinked({ state: "linked", nativeState: "Linked", defined: true, percentCopied: 0 });
    await uow.run(async (s) => {
      await s.volumes.add(source);
      await s.sessions.add(session);
      await s.targets.addAll([target]);
    });
    const project = await readModel.project(seeded.projectId);
    expect(project).not.toBeNull();

    expect(await readModel.volumeWithProject(source.id)).toEqual({
      resource: await readModel.volume(source.id),
      project,
    });
    expect(await readModel.sessionWithProject(session.id)).toEqual({
      resource: await readModel.session(session.id),
      project,
    });
    expect((await readModel.sessionWithProject(session.id))?.resource.linkedTargetIds).toEqual([target.id]);
    expect(await readModel.linkedTargetWithProject(target.id)).toEqual({
      resource: await readModel.linkedTarget(target.id),
      project,
    });
    expect(await readModel.volumeWithProject(newUrn("Volume"))).toBeNull();
    expect(await readModel.sessionWithProject(newUrn("BlockSnapshotSession"))).toBeNull();
    expect(await readModel.linkedTargetWithProject(newUrn("BlockSnapshot"))).toBeNull();
  });
});

describe("consistency group views", () => {
  it("show a group with its active volumes, its project, and find active groups by name prefix and project", async () => {
    const aGroup = (name: string, now: number) =>
      BlockConsistencyGroup.create({
        id: newUrn("BlockConsistencyGroup"),
        name,
        projectId: seeded.projectId,
        tenantId: seeded.tenantId,
        arrayConsistency: false,
        now,
      });
    const group = aGroup("ReadCg", T0 + 1);
    group.recordRequestedTypes(["LOCAL"]);
    group.recordArrayGroup(seeded.systemIds.vmax, "ReadCg");
    const other = aGroup("readcg2", T0 + 2);
    const gone = aGroup("readcg3", T0 + 3);
    gone.markDeleted();
    const first = aVolume(seeded, { family: "vmax", consistencyGroupId: group.id, now: T0 + 1 });
    const second = aVolume(seeded, { family: "vmax", consistencyGroupId: group.id, now: T0 + 2 });
    const deleted = aVolume(seeded, { family: "vmax", consistencyGroupId: group.id, now: T0 + 3 });
    deleted.markDeleted();
    await uow.run(async (s) => {
      for (const g of [group, other, gone]) await s.consistencyGroups.add(g);
      for (const v of [second, first, deleted]) await s.volumes.add(v);
    });

    const view = {
      id: group.id,
      name: "ReadCg",
      projectId: seeded.projectId,
      tenantId: seeded.tenantId,
      arrayConsistency: false,
      storageSystemId: seeded.systemIds.vmax,
      types: ["LOCAL"],
      systemConsistencyGroups: [{ storageSystemId: seeded.systemIds.vmax, groupName: "ReadCg" }],
      volumeIds: [first.id, second.id],
      inactive: false,
      creationTime: T0 + 1,
    };
    expect(await readModel.consistencyGroup(group.id)).toEqual(view);
    expect(await readModel.consistencyGroupWithProject(group.id)).toMatchObject({
      resource: view,
      project: { id: seeded.projectId, name: "default" },
    });
    expect(await readModel.consistencyGroup(other.id)).toMatchObject({
      storageSystemId: null,
      types: [],
      volumeIds: [],
    });
    expect(await readModel.consistencyGroup(newUrn("BlockConsistencyGroup"))).toBeNull();
    const ids = (views: readonly { id: string }[]) => views.map((v) => v.id);
    expect(ids(await readModel.findConsistencyGroups({ namePrefix: "READCG" }))).toEqual([group.id, other.id]);
    expect(ids(await readModel.findConsistencyGroups({ projectId: newUrn("Project") }))).toEqual([]);
    expect(ids(await readModel.consistencyGroupsByIds([gone.id, group.id])).sort()).toEqual([gone.id, group.id].sort());
    expect(await readModel.activeIds("consistencyGroup")).toEqual(expect.arrayContaining([group.id, other.id]));
    expect(await readModel.activeIds("consistencyGroup")).not.toContain(gone.id);
    expect((await readModel.volume(first.id))?.consistencyGroupId).toBe(group.id);
  });
});

describe("task views", () => {
  it("show a task by id, and by its resource and op id (or task id)", async () => {
    const source = aVolume(seeded);
    const session = aSessionOf(source);
    const task = Task.start({
      id: newUrn("Task"),
      opId: "op-42",
      name: "CREATE SNAPSHOT SESSION",
      description: "creates a snapshot session",
      resource: { type: "block_snapshot_session", id: session.id, name: "s" },
      tenantId: seeded.tenantId,
      associatedResources: [{ type: "volume", id: source.id, name: source.name }],
      now: T0 + 100,
    });
    task.fail({ code: 16001, description: "Unable to call", details: "busy", retryable: true }, T0 + 200);
    const other = aLinkTask(session);
    await uow.run(async (s) => {
      await s.tasks.add(task);
      await s.tasks.add(other);
    });

    const view = await readModel.task(task.id);

    expect(view).toEqual({
      id: task.id,
      opId: "op-42",
      name: "CREATE SNAPSHOT SESSION",
      description: "creates a snapshot session",
      resource: { type: "block_snapshot_session", id: session.id, name: "s" },
      tenantId: seeded.tenantId,
      associatedResources: [{ type: "volume", id: source.id, name: source.name }],
      state: "error",
      message: "busy",
      progress: 0,
      serviceError: { code: 16001, description: "Unable to call", details: "busy", retryable: true },
      startTime: T0 + 100,
      endTime: T0 + 200,
      queuedStartTime: null,
    });
    expect(await readModel.taskOfResource(session.id, "op-42")).toEqual(view);
    expect(await readModel.taskOfResource(session.id, task.id)).toEqual(view);
    expect(await readModel.taskOfResource(source.id, "op-42")).toBeNull();
    expect(await readModel.task(newUrn("Task"))).toBeNull();
  });
});
