import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RecordedFigures } from "../../../src/infrastructure/persistence/recorded-figures.js";
import { seedDefaults } from "../../../src/infrastructure/persistence/seed.js";
import { openTestDatabase, type TestDatabase } from "./support/test-database.js";

const LINK_TASK = "LINK SNAPSHOT SESSION TARGETS";
const GiB = 1024 ** 3;

/**
 * The figures the database records for `/metrics` as rows change, whoever changes them: the
 * link-duration histogram when a link task settles, the copied bytes as copy-mode targets copy.
 */
describe("recorded figures", () => {
  let db: TestDatabase;
  let figures: RecordedFigures;
  let refs: { tenant: string; project: string; system: string; pool: string; varray: string; vpool: string };
  let sessionId: string;
  let volumeId: string;

  beforeAll(async () => {
    db = await openTestDatabase("figures");
    figures = new RecordedFigures(db.dataSource);
    await seedDefaults(db.dataSource, { rootPassword: "ChangeMe", sysmonitorPassword: "ChangeMe" });
    const [row] = await db.dataSource.query(
      `SELECT p.tenant_id AS tenant, p.id AS project, s.id AS system, sp.id AS pool, va.id AS varray, vp.id AS vpool
         FROM projects p, storage_systems s
         JOIN storage_pools sp ON sp.storage_system_id = s.id, varrays va, vpools vp
        WHERE s.system_type = 'vmax' AND vp.system_type = 'vmax' LIMIT 1`,
    );
    refs = row;
    volumeId = `urn:storageos:Volume:${randomUUID()}:vdc1`;
    sessionId = `urn:storageos:BlockSnapshotSession:${randomUUID()}:vdc1`;
    await db.dataSource.query(
      `INSERT INTO volumes (id, name, project_id, tenant_id, storage_system_id, storage_pool_id, varray_id, vpool_id,
                            capacity_bytes, creation_time)
       VALUES ($1, 'src', $2, $3, $4, $5, $6, $7, $8, 0)`,
      [volumeId, refs.project, refs.tenant, refs.system, refs.pool, refs.varray, refs.vpool, GiB],
    );
    await db.dataSource.query(
      `INSERT INTO snapshot_sessions (id, label, source_volume_id, project_id, tenant_id, storage_system_id,
                                      storage_pool_id, varray_id, capacity_bytes, creation_time)
       VALUES ($1, 'snap', $2, $3, $4, $5, $6, $7, $8, 0)`,
      [sessionId, volumeId, refs.project, refs.tenant, refs.system, refs.pool, refs.varray, GiB],
    );
  });
  afterAll(() => db?.drop());

  const addTask = async (name: string, startTime: number): Promise<string> => {
    const id = `urn:storageos:Task:${randomUUID()}:vdc1`;
    await db.dataSource.query(
      `INSERT INTO tasks (id, op_id, name, description, resource_type, resource_id, resource_name, tenant_id, state,
                          message, progress, start_time, creation_time)
       VALUES ($1, $2, $3, '', 'block_snapshot_session', $4, 'snap', $5, 'pending', '', 0, $6, $6)`,
      [id, randomUUID(), name, sessionId, refs.tenant, startTime],
    );
    return id;
  };
  const addTarget = async (taskId: string, copyMode: "copy" | "nocopy", capacityBytes: number): Promise<string> => {
    const id = `urn:storageos:BlockSnapshot:${randomUUID()}:vdc1`;
    await db.dataSource.query(
      `INSERT INTO linked_targets (id, label, session_id, source_volume_id, project_id, tenant_id, storage_system_id,
                                   storage_pool_id, varray_id, capacity_bytes, copy_mode, link_task_id, replica_state,
                                   link_state, link_native_state, link_defined, link_percent_copied, creation_time)
       VALUES ($1, 't', $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 'PREPARED', 'linked', 'Linked', true, 0, 0)`,
      [
        id,
        sessionId,
        volumeId,
        refs.project,
        refs.tenant,
        refs.system,
        refs.pool,
        refs.varray,
        capacityBytes,
        copyMode,
        taskId,
      ],
    );
    return id;
  };
  const settle = (taskId: string, state: "ready" | "error", endTime: number) =>
    db.dataSource.query("UPDATE tasks SET state = $2, end_time = $3, version = version + 1 WHERE id = $1", [
      taskId,
      state,
      endTime,
    ]);
  const copy = (targetId: string, percent: number) =>
    db.dataSource.query("UPDATE linked_targets SET link_percent_copied = $2 WHERE id = $1", [targetId, percent]);
  const series = async (copyMode: string, outcome: string) =>
    (await figures.linkDurationBuckets()).filter((b) => b.copyMode === copyMode && b.outcome === outcome);

  it("observes a link task once, in its bucket, when it settles; not other tasks, nor later updates", async () => {
    const taskId = await addTask(LINK_TASK, 1_000_000);
    await addTarget(taskId, "copy", GiB);
    const otherTask = await addTask("CREATE VOLUME", 1_000_000);
    await db.dataSource.query("UPDATE tasks SET progress = 50 WHERE id = $1", [taskId]);
    expect((await series("copy", "ready")).every((b) => b.observations === 0)).toBe(true);

    await settle(taskId, "ready", 1_000_000 + 3_200);
    await db.dataSource.query("UPDATE tasks SET message = 'again', version = version + 1 WHERE id = $1", [taskId]);
    await settle(otherTask, "ready", 1_000_000 + 10);

    const buckets = await series("copy", "ready");
    expect(buckets.filter((b) => b.observations > 0).map((b) => [b.le, b.observations])).toEqual([[5, 1]]);
    expect(buckets.reduce((sum, b) => sum + b.sumSeconds, 0)).toBeCloseTo(3.2, 9);
    expect(buckets.at(-1)?.le).toBe(Number.POSITIVE_INFINITY);
  });

  it("counts nothing for a settlement that rolled back", async () => {
    const taskId = await addTask(LINK_TASK, 2_000_000);
    await addTarget(taskId, "nocopy", GiB);
    await db.dataSource
      .transaction(async (manager) => {
        await manager.query("UPDATE tasks SET state = 'error', end_time = 2000100 WHERE id = $1", [taskId]);
        throw new Error("the settling transaction failed");
      })
      .catch(() => undefined);
    expect((await series("nocopy", "error")).every((b) => b.observations === 0)).toBe(true);

    await settle(taskId, "error", 2_000_000 + 90_000_000);
    const buckets = await series("nocopy", "error");
    expect(buckets.filter((b) => b.observations > 0).map((b) => b.le)).toEqual([Number.POSITIVE_INFINITY]);
  });

  it("adds each rise of a copy-mode target's copied percentage, totalling its capacity; nocopy targets count nothing", async () => {
    const taskId = await addTask(LINK_TASK, 3_000_000);
    const capacity = 3 * GiB + 7;
    const copying = await addTarget(taskId, "copy", capacity);
    const nocopy = await addTarget(taskId, "nocopy", GiB);
    const before = (await figures.copiedBytes()).vmax ?? 0;

    await copy(copying, 33);
    expect((await figures.copiedBytes()).vmax).toBe(before + Math.floor((capacity * 33) / 100));
    await copy(copying, 33);
    await copy(copying, 67);
    await copy(nocopy, 100);
    await copy(copying, 100);
    expect((await figures.copiedBytes()).vmax).toBe(before + capacity);

    // A relink starts the copy again: the counter does not fall, and counts the new copy.
    await copy(copying, 0);
    expect((await figures.copiedBytes()).vmax).toBe(before + capacity);
    await copy(copying, 100);
    const after = await figures.copiedBytes();
    expect(after.vmax).toBe(before + 2 * capacity);
    expect(after).toMatchObject({ mock: 0, vnxblock: 0 });
  });

  it("counts active tasks by state, every state included", async () => {
    const counts = await figures.taskCounts();
    expect(counts).toEqual({ queued: 0, pending: 1, ready: 2, error: 1 });
    await db.dataSource.query("UPDATE tasks SET inactive = true WHERE state = 'error'");
    expect((await figures.taskCounts()).error).toBe(0);
  });
});
