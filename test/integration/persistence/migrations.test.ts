import { afterAll, describe, expect, it } from "vitest";
import { createDataSource, runMigrations } from "../../../src/infrastructure/persistence/data-source.js";
import { allMigrations } from "../../../src/infrastructure/persistence/migrations/index.js";
import { DATABASE_URL, openTestDatabase, type TestDatabase } from "./support/test-database.js";

const TABLES = [
  "auth_tokens",
  "consistency_groups",
  "copied_bytes",
  "link_duration_buckets",
  "linked_targets",
  "migrations",
  "outbox",
  "projects",
  "session_operations",
  "snapshot_sessions",
  "storage_pools",
  "storage_systems",
  "tasks",
  "tenants",
  "users",
  "varrays",
  "volumes",
  "vpools",
  "workflow_runs",
];

const MIGRATION_NAMES = allMigrations.map((migration) => migration.name);

async function tablesOf(db: TestDatabase): Promise<string[]> {
  const rows: { table_name: string }[] = await db.dataSource.query(
    "SELECT table_name FROM information_schema.tables WHERE table_schema = $1 ORDER BY table_name",
    [db.schema],
  );
  return rows.map((row) => row.table_name);
}

describe("migrations", () => {
  const databases: TestDatabase[] = [];
  afterAll(async () => {
    for (const db of databases) await db.drop();
  });

  it("create every table in a schema that did not exist", async () => {
    const db = await openTestDatabase("migrate_empty", { migrate: false });
    databases.push(db);
    expect(await tablesOf(db)).toEqual([]);

    await runMigrations(db.dataSource);

    expect(await tablesOf(db)).toEqual(TABLES);
    const indexes: { indexname: string }[] = await db.dataSource.query(
      "SELECT indexname FROM pg_indexes WHERE schemaname = $1",
      [db.schema],
    );
    expect(indexes.map((row) => row.indexname)).toEqual(
      expect.arrayContaining([
        "linked_targets_source_volume_id_idx",
        "linked_targets_link_task_id_idx",
        "snapshot_sessions_source_volume_id_idx",
        "tasks_resource_op_idx",
      ]),
    );
  });

  it("apply nothing the second time", async () => {
    const db = await openTestDatabase("migrate_twice");
    databases.push(db);

    await runMigrations(db.dataSource);

    const applied: { name: string }[] = await db.dataSource.query("SELECT name FROM migrations");
    expect(applied.map((row) => row.name)).toEqual(MIGRATION_NAMES);
    expect(await db.dataSource.showMigrations()).toBe(false);
  });

  it("run once when two processes start together", async () => {
    const db = await openTestDatabase("migrate_concurrent", { migrate: false });
    databases.push(db);
    const other = await db.open();

    await Promise.all([runMigrations(db.dataSource), runMigrations(other)]);

    const applied: { name: string }[] = await db.dataSource.query("SELECT name FROM migrations");
    expect(applied).toHaveLength(MIGRATION_NAMES.length);
    expect(await tablesOf(db)).toEqual(TABLES);
  });

  it("can be undone", async () => {
    const db = await openTestDatabase("migrate_down");
    databases.push(db);

    for (const _ of MIGRATION_NAMES) await db.dataSource.undoLastMigration({ transaction: "all" });

    expect(await tablesOf(db)).toEqual(["migrations"]);
  });

  it("leave tasks written before without the messages a queued or running task does not have, in the controller's words", async () => {
    const db = await openTestDatabase("migrate_task_messages");
    databases.push(db);
    const applied = async () =>
      ((await db.dataSource.query("SELECT name FROM migrations")) as { name: string }[]).map((row) => row.name);
    while ((await applied()).includes("TaskMessages1796313600000")) {
      await db.dataSource.undoLastMigration({ transaction: "all" });
    }
    const insert = (id: string, name: string, description: string, state: string, message: string) =>
      db.dataSource.query(
        `INSERT INTO tasks (id, op_id, name, description, resource_type, resource_id, resource_name, tenant_id,
                            state, message, progress, start_time, creation_time)
         VALUES ($1, 'op', $2, $3, 'BlockSnapshotSession', 's', 'snap1', 't', $4, $5, 0, 1, 1)`,
        [id, name, description, state, message],
      );
    await insert(
      "running",
      "RESTORE SNAPSHOT SESSION",
      "restores a snapshot session's image onto its source",
      "pending",
      "Operation in progress",
    );
    await insert(
      "waiting",
      "RELINK SNAPSHOT SESSION TARGETS",
      "relinks target volumes to a snapshot session",
      "queued",
      "Operation queued behind another operation of the resource",
    );
    await insert("done", "CREATE VOLUME", "create a volume", "ready", "Operation completed successfully");
    await insert("failed", "DELETE SNAPSHOT SESSION", "deletes a snapshot session", "error", "the array said no");

    await runMigrations(db.dataSource);

    expect(await db.dataSource.query("SELECT id, description, message FROM tasks ORDER BY id")).toEqual([
      { id: "done", description: "create volume operation", message: "Operation completed successfully" },
      { id: "failed", description: "delete snapshot session", message: "the array said no" },
      { id: "running", description: "restore source from snapshot session", message: null },
      { id: "waiting", description: "re-links target volumes to a snapshot session", message: null },
    ]);
  });

  it("refuse a schema name that is not a plain identifier", () => {
    expect(() => createDataSource({ url: DATABASE_URL, schema: 'x"; DROP TABLE users; --' })).toThrow(
      /invalid schema name/,
    );
  });
});
