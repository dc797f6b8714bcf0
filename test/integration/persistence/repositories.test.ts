import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConcurrencyConflict } from "../../../src/application/ports/concurrency-conflict.js";
import { newUrn } from "../../../src/domain/shared/urn.js";
import { Task } from "../../../src/domain/tasks/task.js";
import { Project } from "../../../src/domain/tenancy/project.js";
import { type SeededIds, seedDefaults } from "../../../src/infrastructure/persistence/seed.js";
import { TypeOrmUnitOfWork } from "../../../src/infrastructure/persistence/typeorm-unit-of-work.js";
import { aLinkTask, aSessionOf, aVolume, T0, targetsOf } from "./support/fixtures.js";
import { openTestDatabase, type TestDatabase } from "./support/test-database.js";

let db: TestDatabase;
let uow: TypeOrmUnitOfWork;
let seeded: SeededIds;

beforeAll(async () => {
  db = await openTestDatabase("repositories");
  uow = new TypeOrmUnitOfWork(db.dataSource);
  seeded = await seedDefaults(db.dataSource, { rootPassword: "ChangeMe", sysmonitorPassword: "ChangeMe" });
});

afterAll(async () => {
  await db?.drop();
});

describe("the volume repository", () => {
  it("returns the volume it stored, state for state", async () => {
    const volume = aVolume(seeded, { name: "round-trip" });
    await uow.run((s) => s.volumes.add(volume));

    const loaded = await uow.run((s) => s.volumes.findById(volume.id));

    expect(loaded?.toState()).toEqual(volume.toState());
  });

  it("stores a change and bumps the version", async () => {
    const volume = aVolume(seeded);
    await uow.run((s) => s.volumes.add(volume));

    const changed = await uow.run(async (s) => {
      const loaded = (await s.volumes.findById(volume.id))!;
      loaded.recordProvisioned({ nativeId: "00123", wwn: "60000970000197900001533030313233", deviceLabel: "vol-1" });
      await s.volumes.save(loaded);
      return loaded.toState();
    });

    const reloaded = await uow.run((s) => s.volumes.findById(volume.id));
    expect(reloaded?.toState()).toEqual({ ...changed, version: 1 });
  });

  it("answers null for an unknown id", async () => {
    expect(await uow.run((s) => s.volumes.findById(newUrn("Volume")))).toBeNull();
  });

  it("claims names of the project whatever their case: those active volumes have, as asked", async () => {
    const taken = aVolume(seeded, { name: "Claimed-Name" });
    const gone = aVolume(seeded, { name: "gone-name" });
    gone.abandon();
    await uow.run(async (s) => {
      await s.volumes.add(taken);
      await s.volumes.add(gone);
    });

    const claimed = await uow.run((s) =>
      s.volumes.claimNames(seeded.projectId, ["free-name", "CLAIMED-NAME", "gone-name"]),
    );

    expect(claimed).toEqual(["CLAIMED-NAME"]);
    expect(await uow.run((s) => s.volumes.claimNames(newUrn("Project"), ["claimed-name"]))).toEqual([]);
  });

  it("lets one of two transactions claiming the same name take it: the other waits and then finds it taken", async () => {
    const claimThenAdd = (name: string) =>
      uow.run(async (s) => {
        const [taken] = await s.volumes.claimNames(seeded.projectId, [name]);
        if (taken !== undefined) return "taken";
        await new Promise((resolve) => setTimeout(resolve, 100));
        await s.volumes.add(aVolume(seeded, { name }));
        return "added";
      });

    const outcomes = await Promise.all([claimThenAdd("raced"), claimThenAdd("RACED")]);

    expect(outcomes.sort()).toEqual(["added", "taken"]);
  });
});

describe("the session repository", () => {
  it("round-trips a new session and an established, deactivated one", async () => {
    const volume = aVolume(seeded);
    const session = aSessionOf(volume, { label: "snap-rt" });
    await uow.run(async (s) => {
      await s.volumes.add(volume);
      await s.sessions.add(session);
    });
    expect((await uow.run((s) => s.sessions.findById(session.id)))?.toState()).toEqual(session.toState());

    const changed = await uow.run(async (s) => {
      const loaded = (await s.sessions.findById(session.id))!;
      loaded.markEstablished({ nativeId: "snap-rt:0", deviceLabel: "snap-rt" });
      loaded.markInactive();
      await s.sessions.save(loaded);
      return loaded.toState();
    });

    expect((await uow.run((s) => s.sessions.findById(session.id)))?.toState()).toEqual({ ...changed, version: 1 });
  });
});

describe("the link placement reader", () => {
  it("reads a session, its system, pool and source in one query, each part null when its record is missing", async () => {
    const volume = aVolume(seeded);
    const session = aSessionOf(volume, { label: "snap-placed" });
    await uow.run(async (s) => {
      await s.volumes.add(volume);
      await s.sessions.add(session);
    });
    const { storageSystemId, storagePoolId } = volume.toState().placement;
    const ids = { sessionId: session.id, storageSystemId, storagePoolId, sourceVolumeId: volume.id };
    const [system, pool] = await uow.read(async (s) => [
      await s.catalog.findStorageSystem(storageSystemId),
      await s.catalog.findStoragePool(storagePoolId),
    ]);

    expect(await uow.read((s) => s.placements.find(ids))).toEqual({
      session: { label: "snap-placed", inactive: false, snapshotNativeId: null },
      system,
      poolNativeId: pool?.nativeId,
      source: { nativeId: null },
    });

    await uow.run(async (s) => {
      const loaded = (await s.sessions.findById(session.id))!;
      loaded.markEstablished({ nativeId: "mocksnap-7", deviceLabel: "snap-placed" });
      loaded.markInactive();
      await s.sessions.save(loaded);
      const source = (await s.volumes.findById(volume.id))!;
      source.recordProvisioned({ nativeId: "mock-000001", wwn: "6000", deviceLabel: "v" });
      await s.volumes.save(source);
    });
    expect(await uow.read((s) => s.placements.find(ids))).toMatchObject({
      session: { label: "snap-placed", inactive: true, snapshotNativeId: "mocksnap-7" },
      source: { nativeId: "mock-000001" },
    });

    const missing = {
      sessionId: newUrn("BlockSnapshotSession"),
      storageSystemId: newUrn("StorageSystem"),
      storagePoolId: newUrn("StoragePool"),
      sourceVolumeId: newUrn("Volume"),
    };
    expect(await uow.read((s) => s.placements.find(missing))).toEqual({
      session: null,
      system: null,
      poolNativeId: null,
      source: null,
    });
  });
});

describe("the linked-target repository", () => {
  it("round-trips prepared, linked, failed and rolled-back targets", async () => {
    const volume = aVolume(seeded);
    const session = aSessionOf(volume);
    const task = aLinkTask(session);
    const targets = targetsOf(session, { count: 3, copyMode: "copy", linkTaskId: task.id });
    await uow.run(async (s) => {
      await s.volumes.add(volume);
      await s.sessions.add(session);
      await s.targets.addAll(targets);
    });
    for (const target of targets) {
      expect((await uow.run((s) => s.targets.findById(target.id)))?.toState()).toEqual(target.toState());
    }

    const [linked, failed, rolledBack] = targets.map((t) => t.id) as [string, string, string];
    const expected = await uow.run(async (s) => {
      const a = (await s.targets.findById(linked))!;
      a.recordProvisioned({ nativeId: "0A1", wwn: "6000097000019790000153303041", deviceLabel: "tgt-1" });
      a.recordLinkProgress({ state: "copying", nativeState: "CopyInProg", defined: true, percentCopied: 42 });
      a.markLinked({ state: "copied", nativeState: "Copied", defined: true, percentCopied: 100 });
      const b = (await s.targets.findById(failed))!;
      b.recordFailure({ code: 16001, description: "Unable to call", details: "array busy", retryable: true });
      const c = (await s.targets.findById(rolledBack))!;
      c.markRolledBack();
      for (const t of [a, b, c]) await s.targets.save(t);
      return [a, b, c].map((t) => ({ ...t.toState(), version: 1 }));
    });

    const reloaded = await uow.run(async (s) => {
      const found = [];
      for (const id of [linked, failed, rolledBack]) found.push(await s.targets.findById(id));
      return found;
    });
    expect(reloaded.map((t) => t?.toState())).toEqual(expected);
  });

  it("finds every target of a link task, inactive ones too", async () => {
    const volume = aVolume(seeded);
    const session = aSessionOf(volume);
    const task = aLinkTask(session);
    const targets = targetsOf(session, { count: 4, linkTaskId: task.id });
    const others = targetsOf(session, { count: 2, name: "other" });
    await uow.run(async (s) => {
      await s.volumes.add(volume);
      await s.sessions.add(session);
      await s.targets.addAll([...targets, ...others]);
    });
    await uow.run(async (s) => {
      const first = (await s.targets.findById(targets[0]!.id))!;
      first.markRolledBack();
      await s.targets.save(first);
    });

    const found = await uow.run((s) => s.targets.findByLinkTask(task.id));

    expect(found.map((t) => t.id).sort()).toEqual(targets.map((t) => t.id).sort());
  });

  it("tallies a link task's targets: how many, how many synchronized, and the copied percentages of the copies", async () => {
    const volume = aVolume(seeded);
    const session = aSessionOf(volume);
    const task = aLinkTask(session);
    const copies = targetsOf(session, { count: 3, name: "copy", copyMode: "copy", linkTaskId: task.id });
    const plain = targetsOf(session, { count: 2, name: "plain", linkTaskId: task.id });
    const elsewhere = targetsOf(session, { count: 1, name: "elsewhere", copyMode: "copy" });
    await uow.run(async (s) => {
      await s.volumes.add(volume);
      await s.sessions.add(session);
      await s.targets.addAll([...copies, ...plain, ...elsewhere]);
    });
    const device = (n: number) => ({
      nativeId: `0010${n}`,
      wwn: `6000097000019790000153303031303${n}`,
      deviceLabel: `t${n}`,
    });
    const link = (state: "copying" | "copied" | "linked", percentCopied: number) => ({
      state,
      nativeState: state,
      defined: true,
      percentCopied,
    });
    const change = (target: (typeof copies)[number], apply: (loaded: typeof target) => void) =>
      uow.run(async (s) => {
        const loaded = (await s.targets.findById(target.id))!;
        apply(loaded);
        await s.targets.save(loaded);
      });
    await change(copies[0]!, (t) => {
      t.recordProvisioned(device(1));
      t.recordLinkProgress(link("copying", 40));
    });
    await change(copies[1]!, (t) => {
      t.recordProvisioned(device(2));
      t.markLinked(link("copied", 100));
    });
    await change(plain[0]!, (t) => {
      t.recordProvisioned(device(3));
      t.markLinked(link("linked", 0));
    });
    await change(elsewhere[0]!, (t) => {
      t.recordProvisioned(device(4));
      t.recordLinkProgress(link("copying", 70));
    });

    expect(await uow.run((s) => s.targets.tallyLinkTask(task.id))).toEqual({
      targets: 5,
      synchronized: 2,
      copyingPercentSum: 40,
    });
    expect(await uow.run((s) => s.targets.tallyLinkTask(newUrn("Task")))).toEqual({
      targets: 0,
      synchronized: 0,
      copyingPercentSum: 0,
    });
  });

  it("adds 1,024 targets at once", async () => {
    const volume = aVolume(seeded);
    const session = aSessionOf(volume);
    const task = aLinkTask(session);
    const targets = targetsOf(session, { count: 1024, linkTaskId: task.id });
    await uow.run(async (s) => {
      await s.volumes.add(volume);
      await s.sessions.add(session);
      await s.targets.addAll(targets);
    });

    expect(await uow.run((s) => s.targets.findByLinkTask(task.id))).toHaveLength(1024);
  });
});

describe("the task repository", () => {
  it("round-trips a task with associated resources, its progress and its failure", async () => {
    const volume = aVolume(seeded);
    const session = aSessionOf(volume);
    const started = aLinkTask(session);
    const task = Task.start({
      id: newUrn("Task"),
      opId: "op-1",
      name: "CREATE SNAPSHOT SESSION",
      description: "creates a snapshot session",
      resource: { type: "block_snapshot_session", id: session.id, name: "s" },
      tenantId: seeded.tenantId,
      associatedResources: [{ type: "volume", id: volume.id, name: volume.name }],
      now: T0,
    });
    await uow.run(async (s) => {
      await s.tasks.add(task);
      await s.tasks.add(started);
    });
    expect((await uow.run((s) => s.tasks.findById(task.id)))?.toState()).toEqual(task.toState());

    const failed = await uow.run(async (s) => {
      const loaded = (await s.tasks.findById(task.id))!;
      loaded.reportProgress(37);
      loaded.fail({ code: 12000, description: "An error occurred", details: "step failed", retryable: false }, T0 + 5);
      await s.tasks.save(loaded);
      return loaded.toState();
    });
    const completed = await uow.run(async (s) => {
      const loaded = (await s.tasks.findById(started.id))!;
      loaded.complete(T0 + 9);
      await s.tasks.save(loaded);
      return loaded.toState();
    });

    expect((await uow.run((s) => s.tasks.findById(task.id)))?.toState()).toEqual({ ...failed, version: 1 });
    expect((await uow.run((s) => s.tasks.findById(started.id)))?.toState()).toEqual({ ...completed, version: 1 });
  });

  it("raises a pending task's progress without loading it: never lowers it, and leaves finished tasks alone", async () => {
    const volume = aVolume(seeded);
    const session = aSessionOf(volume);
    const pending = aLinkTask(session);
    const finished = aLinkTask(session);
    finished.complete(T0 + 1);
    await uow.run(async (s) => {
      await s.tasks.add(pending);
      await s.tasks.add(finished);
    });
    const progress = async (id: string) => (await uow.read((s) => s.tasks.findById(id)))!.toState();

    await uow.run((s) => s.tasks.raiseProgress(pending.id, 40));
    expect(await progress(pending.id)).toMatchObject({ progress: 40, version: 1 });
    await uow.run((s) => s.tasks.raiseProgress(pending.id, 25));
    expect(await progress(pending.id)).toMatchObject({ progress: 40, version: 1 });
    await uow.run((s) => s.tasks.raiseProgress(finished.id, 60));
    expect(await progress(finished.id)).toMatchObject({ state: "ready", progress: 100, version: 0 });

    // A save from a load made before the raise is a version conflict, not a silent overwrite.
    const stale = (await uow.read((s) => s.tasks.findById(pending.id)))!;
    await uow.run((s) => s.tasks.raiseProgress(pending.id, 70));
    stale.complete(T0 + 2);
    await expect(uow.run((s) => s.tasks.save(stale))).rejects.toBeInstanceOf(ConcurrencyConflict);
  });
});

describe("the project repository", () => {
  it("round-trips a project with its ACLs and finds it by name, ignoring case", async () => {
    const project = Project.rehydrate({
      id: newUrn("Project"),
      name: "Finance",
      tenantId: seeded.tenantId,
      owner: "root",
      acls: [{ userName: "alice", privileges: ["ALL", "BACKUP"] }],
      inactive: false,
      creationTime: T0,
      version: 0,
    });
    await uow.run((s) => s.projects.add(project));

    expect((await uow.run((s) => s.projects.findById(project.id)))?.toState()).toEqual(project.toState());
    expect((await uow.run((s) => s.projects.findActiveByName(seeded.tenantId, "FINANCE")))?.id).toBe(project.id);
    expect(await uow.run((s) => s.projects.findActiveByName(newUrn("TenantOrg"), "finance"))).toBeNull();
  });

  it("does not find an inactive project by name", async () => {
    const project = Project.rehydrate({
      ...Project.create({
        id: newUrn("Project"),
        name: "gone",
        tenantId: seeded.tenantId,
        owner: "root",
        now: T0,
      }).toState(),
      inactive: true,
    });
    await uow.run((s) => s.projects.add(project));

    expect(await uow.run((s) => s.projects.findActiveByName(seeded.tenantId, "gone"))).toBeNull();
  });
});

describe("optimistic saves", () => {
  it("refuse a session loaded before someone else saved it", async () => {
    const volume = aVolume(seeded);
    const session = aSessionOf(volume);
    await uow.run(async (s) => {
      await s.volumes.add(volume);
      await s.sessions.add(session);
    });
    const stale = (await uow.run((s) => s.sessions.findById(session.id)))!;
    await uow.run(async (s) => {
      const fresh = (await s.sessions.findById(session.id))!;
      fresh.markEstablished({ nativeId: "n1", deviceLabel: "first" });
      await s.sessions.save(fresh);
    });

    stale.markInactive();
    const attempt = uow.run((s) => s.sessions.save(stale));

    await expect(attempt).rejects.toBeInstanceOf(ConcurrencyConflict);
    await expect(attempt).rejects.toMatchObject({ aggregate: "BlockSnapshotSession", id: session.id });
    const stored = (await uow.run((s) => s.sessions.findById(session.id)))!.toState();
    expect(stored).toMatchObject({ inactive: false, version: 1, arraySnapshot: { deviceLabel: "first" } });
  });

  it("refuse stale targets, volumes and tasks too", async () => {
    const volume = aVolume(seeded);
    const session = aSessionOf(volume);
    const task = aLinkTask(session);
    const [target] = targetsOf(session, { count: 1, linkTaskId: task.id });
    await uow.run(async (s) => {
      await s.volumes.add(volume);
      await s.sessions.add(session);
      await s.targets.addAll([target!]);
      await s.tasks.add(task);
    });
    // Saved once at version 0: the in-memory copies are now one version behind.
    await uow.run(async (s) => {
      await s.volumes.save(volume);
      await s.targets.save(target!);
      await s.tasks.save(task);
    });

    await expect(uow.run((s) => s.volumes.save(volume))).rejects.toBeInstanceOf(ConcurrencyConflict);
    await expect(uow.run((s) => s.targets.save(target!))).rejects.toBeInstanceOf(ConcurrencyConflict);
    await expect(uow.run((s) => s.tasks.save(task))).rejects.toBeInstanceOf(ConcurrencyConflict);
  });

  it("refuse to save what was never added", async () => {
    await expect(uow.run((s) => s.volumes.save(aVolume(seeded)))).rejects.toBeInstanceOf(ConcurrencyConflict);
  });
});

describe("the unit of work", () => {
  it("rolls everything back when the work throws, and rethrows the error unchanged", async () => {
    const volume = aVolume(seeded);
    const failure = new Error("changed my mind");

    const attempt = uow.run(async (s) => {
      await s.volumes.add(volume);
      throw failure;
    });

    await expect(attempt).rejects.toBe(failure);
    expect(await uow.run((s) => s.volumes.findById(volume.id))).toBeNull();
  });

  it("returns what the work returned", async () => {
    expect(await uow.run(async () => 42)).toBe(42);
  });

  it("reads without a transaction what was committed, and rethrows the work's error unchanged", async () => {
    const volume = aVolume(seeded);
    await uow.run((s) => s.volumes.add(volume));
    const failure = new Error("read failed");

    expect((await uow.read((s) => s.volumes.findById(volume.id)))?.toState()).toEqual(volume.toState());
    await expect(
      uow.read(async () => {
        throw failure;
      }),
    ).rejects.toBe(failure);
  });
});

describe("the storage catalog", () => {
  it("finds the seeded systems, pools, vpools and varray", async () => {
    const found = await uow.run(async (s) => ({
      system: await s.catalog.findStorageSystem(seeded.systemIds.vmax),
      pool: await s.catalog.findStoragePool(seeded.poolIds.vnxblock),
      vpool: await s.catalog.findVirtualPool(seeded.vpoolIds.mock),
      varray: await s.catalog.findVirtualArray(seeded.varrayId),
      missing: await s.catalog.findStorageSystem(newUrn("StorageSystem")),
    }));

    expect(found.system).toEqual({
      id: seeded.systemIds.vmax,
      name: "vmax",
      systemType: "vmax",
      nativeId: "SYMMETRIX+000197900001",
      settings: {},
    });
    expect(found.pool).toEqual({
      id: seeded.poolIds.vnxblock,
      name: "Pool 0",
      storageSystemId: seeded.systemIds.vnxblock,
      nativeId: "Pool 0",
    });
    expect(found.vpool).toEqual({
      id: seeded.vpoolIds.mock,
      name: "vpool-mock",
      systemType: "mock",
      varrayIds: [seeded.varrayId],
      maxSnapshots: 1024,
      multiVolumeConsistency: false,
    });
    expect(found.varray).toEqual({ id: seeded.varrayId, name: "varray1" });
    expect(found.missing).toBeNull();
  });

  it("places a family's volumes on its pools reachable from the varray", async () => {
    const unassignedPool = newUrn("StoragePool");
    await db.dataSource.query(
      `INSERT INTO storage_pools (id, name, storage_system_id, native_id, varray_ids, creation_time)
       VALUES ($1, 'pool-2', $2, 'pool-2', '{}', $3)`,
      [unassignedPool, seeded.systemIds.mock, Date.now() + 60_000],
    );

    const pools = await uow.run(async (s) => ({
      mock: await s.catalog.findPoolsFor("mock", seeded.varrayId),
      mockElsewhere: await s.catalog.findPoolsFor("mock", newUrn("VirtualArray")),
      vmax: await s.catalog.findPoolsFor("vmax", seeded.varrayId),
      unknown: await s.catalog.findPoolsFor("xtremio", seeded.varrayId),
    }));

    expect(pools.mock.map((p) => p.id)).toEqual([seeded.poolIds.mock, unassignedPool]);
    expect(pools.mockElsewhere.map((p) => p.id)).toEqual([unassignedPool]);
    expect(pools.vmax.map((p) => p.id)).toEqual([seeded.poolIds.vmax]);
    expect(pools.unknown).toEqual([]);
  });
});

describe("the tenant directory", () => {
  it("knows the active tenants", async () => {
    expect(await uow.run((s) => s.tenants.exists(seeded.tenantId))).toBe(true);
    expect(await uow.run((s) => s.tenants.exists(newUrn("TenantOrg")))).toBe(false);
  });
});
