import { randomBytes } from "node:crypto";
import { rm } from "node:fs/promises";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RedisServer, startRedisServer } from "../../support/e2e/redis-server.js";
import { createScratchDatabase } from "../../support/e2e/scratch-database.js";
import { type RunningService, startService } from "../../support/e2e/service-process.js";

describe("SIGTERM to a worker while Redis is down", () => {
  const dataDir = `/tmp/coprsim-stuck-${randomBytes(4).toString("hex")}`;
  let redis: RedisServer;
  let database: Awaited<ReturnType<typeof createScratchDatabase>>;
  let worker: RunningService;
  let admin: pg.Client;

  beforeAll(async () => {
    [redis, database] = await Promise.all([startRedisServer(), createScratchDatabase()]);
    worker = await startService("worker", {
      DATABASE_URL: database.url,
      REDIS_URL: redis.url,
      COPRSIM_QUEUE_NAMESPACE: "stuck",
      COPRSIM_SHUTDOWN_GRACE_MS: "1000",
      COPRSIM_DATA_DIR: dataDir,
    });
    admin = new pg.Client({ connectionString: database.url });
    await admin.connect();
  }, 120_000);

  afterAll(async () => {
    await admin?.end();
    await worker?.stop("SIGKILL");
    await redis?.stop();
    await database?.drop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it("gives up a stop stuck on delivering to Redis after its deadline (grace + 5 s), and the work stays in the outbox", async () => {
    await redis.stop();
    const start = { workflow: "create-volume", taskId: "urn:task", volumeId: "urn:volume" };
    await admin.query("INSERT INTO outbox (payload) VALUES ($1::jsonb)", [JSON.stringify(start)]);
    await admin.query("SELECT pg_notify('coprsim_outbox', '')");
    // The relay takes the row and waits for Redis inside its transaction.
    for (let polls = 0; ; polls++) {
      const { rows } = await admin.query("SELECT id FROM outbox FOR UPDATE SKIP LOCKED");
      if (rows.length === 0) break;
      if (polls > 200) throw new Error("the relay never took the outbox row");
      await new Promise((resolve) => setTimeout(resolve, 50));
    }

    // service-process kills it after 15 s; the deadline (6 s here) comes first.
    expect(await worker.stop("SIGTERM")).toBe(1);
    expect(worker.output()).toContain("stopping did not finish in time");
    const { rows } = await admin.query("SELECT payload FROM outbox");
    expect(rows.map((row) => row.payload)).toEqual([start]);
  });
});
