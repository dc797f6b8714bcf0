import { randomBytes } from "node:crypto";
import { rm } from "node:fs/promises";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createScratchDatabase } from "../../support/e2e/scratch-database.js";
import { createSession, createVolume, discoverSeededWorld } from "../../support/e2e/seeded-world.js";
import { type RunningService, startService } from "../../support/e2e/service-process.js";
import { ViprClient } from "../../support/e2e/vipr-client.js";

const IN_FLIGHT = 5;

async function until<T>(what: string, probe: () => Promise<T | undefined>, deadlineMs = 30_000): Promise<T> {
  const deadline = Date.now() + deadlineMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what} after ${deadlineMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe("SIGTERM to an API process", () => {
  let database: Awaited<ReturnType<typeof createScratchDatabase>>;
  let api: RunningService;
  let worker: RunningService;
  let admin: pg.Client;
  /** Outside the test's transaction: a transaction sees pg_stat_activity as it was when it began. */
  let observer: pg.Client;

  const dataDir = `/tmp/coprsim-apistop-${randomBytes(4).toString("hex")}`;

  beforeAll(async () => {
    database = await createScratchDatabase();
    const env = {
      DATABASE_URL: database.url,
      REDIS_URL: "",
      COPRSIM_QUEUE_NAMESPACE: `apistop_${randomBytes(4).toString("hex")}`,
      COPRSIM_CLOCK: "instant",
      COPRSIM_DB_POOL_SIZE: "10",
      COPRSIM_DATA_DIR: dataDir,
    };
    [api, worker] = await Promise.all([startService("api", env), startService("worker", env)]);
    admin = new pg.Client({ connectionString: database.url });
    observer = new pg.Client({ connectionString: database.url });
    await Promise.all([admin.connect(), observer.connect()]);
  }, 180_000);

  afterAll(async () => {
    await Promise.all([admin?.end(), observer?.end()]);
    await Promise.all([api?.stop(), worker?.stop()]);
    await database?.drop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it("answers the requests it has taken in, refuses new connections, exits 0, and the accepted work completes", async () => {
    const client = new ViprClient(api.baseUrl);
    await client.login();
    const world = await discoverSeededWorld(client);
    const volumeId = await createVolume(client, world, "mock", "stop-src");
    const sessionIds = [];
    for (let i = 0; i < IN_FLIGHT; i++) sessionIds.push(await createSession(client, volumeId, `stop-snap-${i}`));

    // Hold the source's row: the link requests get in and wait for it inside their transactions.
    await admin.query("BEGIN");
    await admin.query("SELECT id FROM volumes WHERE id = $1 FOR UPDATE", [volumeId]);
    const requests = sessionIds.map((sessionId, i) =>
      client.post(`/block/snapshot-sessions/${sessionId}/link-targets`, {
        new_linked_targets: { count: 1, target_name: `stop-${i}` },
      }),
    );
    await until(`${IN_FLIGHT} requests to wait for the source inside the API`, async () => {
      const { rows } = await observer.query(
        "SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'",
      );
      return rows[0].n === IN_FLIGHT ? true : undefined;
    });

    const exited = api.stop("SIGTERM");
    await until("the API to stop accepting connections", async () => {
      try {
        await fetch(`${api.baseUrl}/login`);
        return undefined;
      } catch {
        return true;
      }
    });
    await admin.query("COMMIT");

    const answers = await Promise.all(requests);
    expect(answers.map((answer) => answer.status)).toEqual(Array(IN_FLIGHT).fill(202));
    expect(await exited).toBe(0);
    const taskIds = answers.map((answer) => answer.body.task[0].id as string);
    await until("the accepted tasks to be ready", async () => {
      const { rows } = await observer.query(
        "SELECT count(*)::int AS n FROM tasks WHERE id = ANY($1) AND state = 'ready'",
        [taskIds],
      );
      return rows[0].n === IN_FLIGHT ? true : undefined;
    });
  });
});
