import { chmod, mkdir, mkdtemp, rm, symlink } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  clusterFolder,
  type RunningPostgres,
  startEmbeddedPostgres,
} from "../../../src/infrastructure/persistence/embedded-postgres.js";

const asRoot = process.getuid?.() === 0;

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

describe("where npm start keeps its embedded cluster", () => {
  let dir: string;
  const systemHome = "/var/lib/coprsim-test-home";

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "coprsim-cluster-folder-"));
    await chmod(dir, 0o755);
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("is <data folder>/postgres when COPRSIM_DATA_DIR names the data folder", async () => {
    const dataDir = join(dir, "given");
    expect(await clusterFolder({ dataDir, dataDirIsDefault: false, systemHome })).toBe(join(dataDir, "postgres"));
  });

  it.skipIf(asRoot)("is <data folder>/postgres for the default data folder too, run as another user", async () => {
    const dataDir = join(dir, "checkout", ".data");
    await mkdir(dataDir, { recursive: true });
    expect(await clusterFolder({ dataDir, dataDirIsDefault: true, systemHome })).toBe(join(dataDir, "postgres"));
  });

  it.skipIf(!asRoot)(
    "as root with the default data folder: under the system home, one per checkout, found again",
    async () => {
      const first = join(dir, "checkout-1", ".data");
      const second = join(dir, "checkout-2", ".data");
      for (const dataDir of [first, second]) await mkdir(dataDir, { recursive: true });

      const cluster = await clusterFolder({ dataDir: first, dataDirIsDefault: true, systemHome });
      expect(cluster).toMatch(new RegExp(`^${systemHome}/clusters/checkout-1-[0-9a-f]{12}$`));
      expect(await clusterFolder({ dataDir: first, dataDirIsDefault: true, systemHome })).toBe(cluster);
      // The same checkout reached through a link is the same checkout.
      await symlink(join(dir, "checkout-1"), join(dir, "link-to-1"));
      const linked = join(dir, "link-to-1", ".data");
      expect(await clusterFolder({ dataDir: linked, dataDirIsDefault: true, systemHome })).toBe(cluster);
      expect(await clusterFolder({ dataDir: second, dataDirIsDefault: true, systemHome })).not.toBe(cluster);
    },
  );

  it.skipIf(!asRoot)("as root, a cluster made earlier in <data folder>/postgres stays in use", async () => {
    const dataDir = join(dir, "earlier", ".data");
    const earlier = await startEmbeddedPostgres({ dataDir: join(dataDir, "postgres"), port: 0 });
    await earlier.stop();
    expect(await clusterFolder({ dataDir, dataDirIsDefault: true, systemHome })).toBe(join(dataDir, "postgres"));
  });
});
