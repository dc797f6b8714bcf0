import { chmod, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import {
  type RunningPostgres,
  startEmbeddedPostgres,
} from "../../../src/infrastructure/persistence/embedded-postgres.js";

async function query<T>(url: string, sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql)).rows as T[];
  } finally {
    await client.end();
  }
}

describe("embedded Postgres", () => {
  let dir: string | undefined;
  let running: RunningPostgres | undefined;

  afterAll(async () => {
    await running?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it("starts in an empty directory, creates the database, and keeps its data across a restart", async () => {
    dir = await mkdtemp(join(tmpdir(), "coprsim-pg-"));
    // When running as root, the server runs as the `postgres` user, who must reach the directory.
    await chmod(dir, 0o755);
    const dataDir = join(dir, "postgres");

    running = await startEmbeddedPostgres({ dataDir, port: 0 });
    expect(running.url).toMatch(/^postgres:\/\/postgres:[^@]+@127\.0\.0\.1:\d+\/coprsim$/);
    await query(running.url, "CREATE TABLE kept (value text); INSERT INTO kept VALUES ('still here')");
    await running.stop();
    running = undefined;

    running = await startEmbeddedPostgres({ dataDir, port: 0 });
    const rows = await query<{ value: string }>(running.url, "SELECT value FROM kept");
    expect(rows).toEqual([{ value: "still here" }]);
    await running.stop();
    running = undefined;
  });
});
