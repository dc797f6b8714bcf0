import { randomBytes } from "node:crypto";
import { chmod, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { StoredFaultPlan } from "../../../src/drivers/simulation/fault-plan.js";
import { createDataSource } from "../../../src/infrastructure/persistence/data-source.js";
import {
  type RunningPostgres,
  startEmbeddedPostgres,
} from "../../../src/infrastructure/persistence/embedded-postgres.js";
import { PostgresArrayStateStore } from "../../../src/infrastructure/persistence/simulated-arrays/postgres-array-state-store.js";
import { freePort } from "../../support/e2e/free-port.js";
import { TEST_REDIS_URL } from "../../support/e2e/scratch-database.js";
import { createSession, createVolume, discoverSeededWorld } from "../../support/e2e/seeded-world.js";
import { type RunningService, startService } from "../../support/e2e/service-process.js";
import { ViprClient } from "../../support/e2e/vipr-client.js";
import { openQueueInspector } from "../../support/queue/queue-inspector.js";

type QueueKind = "redis" | "postgres";

/** An API that hangs fails the test here instead of answering. */
const ANSWER_WITHIN_MS = 15_000;

async function until<T>(what: string, probe: () => Promise<T | undefined>, deadlineMs = 90_000): Promise<T> {
  const deadline = Date.now() + deadlineMs;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what} after ${deadlineMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

let dir: string;
let port: number;
let postgres: RunningPostgres;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "coprsim-outage-"));
  // The embedded server runs as the system user postgres when the tests run as root.
  await chmod(dir, 0o755);
  port = await freePort();
  postgres = await startEmbeddedPostgres({ dataDir: join(dir, "postgres"), port });
}, 120_000);

afterAll(async () => {
  await postgres?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe.each<QueueKind>(["redis", "postgres"])("Postgres restarted under work in flight, BullMQ over %s", (kind) => {
  let databaseUrl: string;
  let namespace: string;
  let api: RunningService;
  let worker: RunningService;

  beforeAll(async () => {
    const database = `outage_${kind}`;
    namespace = `outage_${randomBytes(4).toString("hex")}`;
    const admin = new pg.Client({ connectionString: postgres.url });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${database}`);
    await admin.end();
    const url = new URL(postgres.url);
    url.pathname = `/${database}`;
    databaseUrl = url.toString();
    const env = {
      DATABASE_URL: databaseUrl,
      REDIS_URL: kind === "redis" ? TEST_REDIS_URL : "",
      COPRSIM_QUEUE_NAMESPACE: namespace,
      COPRSIM_CLOCK: "instant",
      COPRSIM_POLL_INTERVAL_MS: "50",
      COPRSIM_RECONCILE_INTERVAL_MS: "2000",
      COPRSIM_DB_POOL_SIZE: "8",
      COPRSIM_DATA_DIR: join(dir, `data-${kind}`),
    };
    [api, worker] = await Promise.all([startService("api", env), startService("worker", env)]);
  }, 180_000);

  afterAll(async () => {
    await Promise.all([api?.stop(), worker?.stop()]);
  });

  it("answers 503 with Retry-After while the database is down, and completes the accepted work once it is back", async () => {
    const client = new ViprClient(api.baseUrl);
    const token = await client.login();
    const world = await discoverSeededWorld(client);
    const volumeId = await createVolume(client, world, "mock", "outage-src");
    const sessionId = await createSession(client, volumeId, "outage-snap");
    const dataSource = createDataSource({ url: databaseUrl, poolSize: 2 });
    await dataSource.initialize();
    const faults = new StoredFaultPlan(new PostgresArrayStateStore(dataSource));
    const [system]: { native_id: string }[] = await dataSource.query(
      "SELECT native_id FROM storage_systems WHERE system_type = 'mock'",
    );
    // Three target steps that are on the array when the database goes away.
    await faults.inject(system?.native_id as string, { operation: "link", count: 3, latencyMs: 3_000 });
    const link = await client.post(`/block/snapshot-sessions/${sessionId}/link-targets`, {
      new_linked_targets: { count: 3, target_name: "outage", copy_mode: "copy" },
    });
    expect(link.status).toBe(202);
    const taskId: string = link.body.task[0].id;
    await until("the steps to be on the array", async () =>
      (await faults.planned(system?.native_id as string)).length === 0 ? true : undefined,
    );
    await dataSource.destroy();

    await postgres.stop();
    const stoppedAt = Date.now();

    for (const [method, path] of [
      ["GET", `/vdc/tasks/${taskId}`],
      ["POST", `/block/snapshot-sessions/${sessionId}/link-targets`],
    ] as const) {
      const response = await fetch(`${api.baseUrl}${path}`, {
        method,
        headers: {
          "x-sds-auth-token": token,
          accept: "application/json",
          "content-type": "application/json",
        },
        ...(method === "POST" ? { body: JSON.stringify({ new_linked_targets: { count: 1, target_name: "no" } }) } : {}),
        signal: AbortSignal.timeout(ANSWER_WITHIN_MS),
      });
      expect(response.status, `${method} ${path}`).toBe(503);
      expect(response.headers.get("retry-after")).toBe("30");
      expect(await response.json()).toEqual({
        code: 8500,
        description: "Unable to connect to the database service",
        details: expect.any(String),
        retryable: true,
      });
    }

    // Down long enough for the steps to come back from the array and meet the outage.
    await until("the steps to meet the outage", async () =>
      Date.now() - stoppedAt > 4_000 && worker.output().includes("step met an outage") ? true : undefined,
    );
    postgres = await startEmbeddedPostgres({ dataDir: join(dir, "postgres"), port });

    await until("the API to answer again", async () => ((await client.login()) ? true : undefined));
    const task = await client.waitForTask(taskId, 90_000);
    expect(task.state).toBe("ready");
    const session = (await client.get(`/block/snapshot-sessions/${sessionId}`)).body;
    expect(session.linked_targets).toHaveLength(3);
    const queue = openQueueInspector({
      redisUrl: kind === "redis" ? TEST_REDIS_URL : undefined,
      databaseUrl,
      namespace,
    });
    try {
      await until("the queue to be empty", async () => ((await queue.total()) === 0 ? true : undefined));
    } finally {
      await queue.close();
    }
  });
});
