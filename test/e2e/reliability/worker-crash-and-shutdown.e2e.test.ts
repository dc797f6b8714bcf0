import { randomBytes } from "node:crypto";
import { rm } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { StoredFaultPlan } from "../../../src/drivers/simulation/fault-plan.js";
import { createDataSource } from "../../../src/infrastructure/persistence/data-source.js";
import { PostgresArrayStateStore } from "../../../src/infrastructure/persistence/simulated-arrays/postgres-array-state-store.js";
import { createScratchDatabase, TEST_REDIS_URL } from "../../support/e2e/scratch-database.js";
import { createSession, createVolume, discoverSeededWorld } from "../../support/e2e/seeded-world.js";
import { type RunningService, startService } from "../../support/e2e/service-process.js";
import { ViprClient } from "../../support/e2e/vipr-client.js";
import { openQueueInspector, type QueueInspector } from "../../support/queue/queue-inspector.js";

type QueueKind = "redis" | "postgres";

async function until<T>(what: string, probe: () => Promise<T | undefined>, deadlineMs = 60_000): Promise<T> {
  const deadline = Date.now() + deadlineMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what} after ${deadlineMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe.each<QueueKind>(["redis", "postgres"])("worker crashes and shutdowns, BullMQ over %s", (kind) => {
  const namespace = `crash_${randomBytes(4).toString("hex")}`;
  const dataDir = `/tmp/coprsim-crash-${randomBytes(4).toString("hex")}`;
  let database: Awaited<ReturnType<typeof createScratchDatabase>>;
  let env: Record<string, string>;
  let api: RunningService;
  let worker: RunningService;
  let client: ViprClient;
  let sessionId: string;
  let queue: QueueInspector;
  let dataSource: ReturnType<typeof createDataSource>;
  let faults: StoredFaultPlan;
  let mockArray: string;

  beforeAll(async () => {
    database = await createScratchDatabase();
    env = {
      DATABASE_URL: database.url,
      REDIS_URL: kind === "redis" ? TEST_REDIS_URL : "",
      COPRSIM_QUEUE_NAMESPACE: namespace,
      COPRSIM_CLOCK: "instant",
      COPRSIM_POLL_INTERVAL_MS: "50",
      COPRSIM_SHUTDOWN_GRACE_MS: "1000",
      COPRSIM_DB_POOL_SIZE: "8",
      COPRSIM_DATA_DIR: dataDir,
    };
    [api, worker] = await Promise.all([startService("api", env), startService("worker", env)]);
    client = new ViprClient(api.baseUrl);
    await client.login();
    const world = await discoverSeededWorld(client);
    const volumeId = await createVolume(client, world, "mock", "crash-src");
    sessionId = await createSession(client, volumeId, "crash-snap");
    queue = openQueueInspector({ redisUrl: env.REDIS_URL || undefined, databaseUrl: database.url, namespace });
    dataSource = createDataSource({ url: database.url, poolSize: 2 });
    await dataSource.initialize();
    faults = new StoredFaultPlan(new PostgresArrayStateStore(dataSource));
    const [system]: { native_id: string }[] = await dataSource.query(
      "SELECT native_id FROM storage_systems WHERE system_type = 'mock'",
    );
    mockArray = system?.native_id as string;
  }, 180_000);

  afterAll(async () => {
    await Promise.all([api?.stop(), worker?.stop()]);
    await queue?.close();
    if (dataSource?.isInitialized) await dataSource.destroy();
    await database?.drop();
    await rm(dataDir, { recursive: true, force: true });
  });

  /** Links targets whose provisioning takes `latencyMs` on the array, and waits until every one is in it. */
  async function linkWithSlowProvisioning(count: number, name: string, latencyMs: number): Promise<string> {
    await faults.inject(mockArray, { operation: "provision", count, latencyMs });
    const response = await client.post(`/block/snapshot-sessions/${sessionId}/link-targets`, {
      new_linked_targets: { count, target_name: name },
    });
    expect(response.status).toBe(202);
    await until("every provisioning to be under way", async () =>
      (await faults.planned(mockArray)).length === 0 ? true : undefined,
    );
    return response.body.task[0].id;
  }

  async function devicesOf(taskId: string): Promise<number> {
    const [row]: { n: number }[] = await dataSource.query(
      `SELECT count(*)::int AS n FROM sim.devices
        WHERE idempotency_key IN (SELECT id FROM linked_targets WHERE link_task_id = $1)`,
      [taskId],
    );
    return row?.n ?? 0;
  }

  it("a worker SIGKILLed in the middle of steps: another one takes them up once their locks lapse, and the task completes once", async () => {
    const taskId = await linkWithSlowProvisioning(2, "killed", 5_000);
    expect((await queue.counts()).active).toBeGreaterThan(0);

    await worker.stop("SIGKILL");
    worker = await startService("worker", env);

    const task = await client.waitForTask(taskId, 90_000);
    expect(task.state).toBe("ready");
    expect(await devicesOf(taskId)).toBe(2);
    await until("the queue to be empty", async () => ((await queue.total()) === 0 ? true : undefined));
  });

  it("SIGTERM: a worker hands back the step it could not finish in its grace period, exits 0 and leaves no lock; the next worker completes it", async () => {
    const taskId = await linkWithSlowProvisioning(1, "handed", 60_000);

    expect(await worker.stop("SIGTERM"), worker.output()).toBe(0);

    const counts = await queue.counts();
    expect(counts.active).toBe(0);
    expect(counts.waiting).toBeGreaterThan(0);
    worker = await startService("worker", env);
    expect((await client.waitForTask(taskId, 60_000)).state).toBe("ready");
    expect(await devicesOf(taskId)).toBe(1);
    await until("the queue to be empty", async () => ((await queue.total()) === 0 ? true : undefined));
  });
});
