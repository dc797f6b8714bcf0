import { randomBytes } from "node:crypto";
import { chmod, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { DataSource } from "typeorm";
import { createDataSource } from "../../../src/infrastructure/persistence/data-source.js";
import {
  type RunningPostgres,
  startEmbeddedPostgres,
} from "../../../src/infrastructure/persistence/embedded-postgres.js";
import { freePort } from "../../support/e2e/free-port.js";
import { type RedisServer, startRedisServer } from "../../support/e2e/redis-server.js";
import { createScratchDatabase } from "../../support/e2e/scratch-database.js";
import { type RunningService, startService } from "../../support/e2e/service-process.js";
import { openQueueInspector, type QueueInspector } from "../../support/queue/queue-inspector.js";

export type QueueKind = "redis" | "postgres";

/**
 * A coprsim deployment of its own for a chaos run: 2 API and 2 worker processes (children of
 * the test) on the instant clock, and the store of their queue, which the run restarts. On the
 * Redis backend that is a Redis server of the run's own (restarted empty: it keeps nothing) with
 * the database in a scratch database of the test server; on the Postgres backend it is an
 * embedded Postgres holding both the database and the queue, restarted with its data.
 */
export class ChaosCluster {
  readonly apis: RunningService[] = [];
  readonly workers: RunningService[] = [];
  private workerSerial = 0;

  private constructor(
    readonly kind: QueueKind,
    readonly databaseUrl: string,
    private readonly env: Record<string, string>,
    readonly dataSource: DataSource,
    readonly queue: QueueInspector,
    private readonly redis: RedisServer | undefined,
    private postgres: { running: RunningPostgres; dataDir: string; port: number } | undefined,
    private readonly cleanup: () => Promise<void>,
  ) {}

  static async start(kind: QueueKind): Promise<ChaosCluster> {
    const dir = await mkdtemp(join(tmpdir(), "coprsim-chaos-"));
    // The embedded server runs as the system user postgres when the tests run as root.
    await chmod(dir, 0o755);
    let databaseUrl: string;
    let redis: RedisServer | undefined;
    let postgres: { running: RunningPostgres; dataDir: string; port: number } | undefined;
    let dropDatabase = async () => {};
    if (kind === "redis") {
      redis = await startRedisServer();
      const database = await createScratchDatabase();
      databaseUrl = database.url;
      dropDatabase = () => database.drop();
    } else {
      const port = await freePort();
      const dataDir = join(dir, "postgres");
      const running = await startEmbeddedPostgres({ dataDir, port });
      postgres = { running, dataDir, port };
      databaseUrl = running.url;
    }
    const namespace = `chaos_${randomBytes(4).toString("hex")}`;
    const env = {
      DATABASE_URL: databaseUrl,
      REDIS_URL: redis?.url ?? "",
      COPRSIM_QUEUE_NAMESPACE: namespace,
      COPRSIM_CLOCK: "instant",
      COPRSIM_POLL_INTERVAL_MS: "50",
      COPRSIM_RECONCILE_INTERVAL_MS: "2000",
      COPRSIM_WORKER_CONCURRENCY: "16",
      // Four processes share the test server (max_connections 100) with everyone's tests.
      COPRSIM_DB_POOL_SIZE: "10",
      COPRSIM_DATA_DIR: join(dir, "data"),
      LOG_LEVEL: process.env.CHAOS_LOG_LEVEL ?? "error",
    };
    const dataSource = createDataSource({ url: databaseUrl, poolSize: 4, applicationName: "chaos-test" });
    const queue = openQueueInspector({ redisUrl: redis?.url, databaseUrl, namespace });
    const cluster = new ChaosCluster(kind, databaseUrl, env, dataSource, queue, redis, postgres, async () => {
      await queue.close();
      if (dataSource.isInitialized) await dataSource.destroy();
      await dropDatabase();
      await redis?.stop();
      await cluster.postgres?.running.stop();
      await rm(dir, { recursive: true, force: true });
    });
    // All at once: migrations and the seed take turns on advisory locks.
    const started = await Promise.allSettled([
      startService("api", env, { readyTimeoutMs: 120_000 }),
      startService("api", env, { readyTimeoutMs: 120_000 }),
      cluster.startWorker(),
      cluster.startWorker(),
    ]);
    for (const api of started.slice(0, 2)) if (api.status === "fulfilled") cluster.apis.push(api.value);
    const failed = started.find((each) => each.status === "rejected");
    try {
      if (failed) throw failed.reason;
      await dataSource.initialize();
    } catch (error) {
      // Leave nothing running behind a cluster that did not start.
      await cluster.stop();
      throw error;
    }
    return cluster;
  }

  async startWorker(): Promise<RunningService> {
    this.workerSerial += 1;
    const worker = await startService("worker", this.env, { readyTimeoutMs: 120_000 });
    this.workers.push(worker);
    return worker;
  }

  /** SIGKILLs the worker: it gets no chance to finish or hand back anything. */
  async killWorker(worker: RunningService): Promise<void> {
    await worker.stop("SIGKILL");
    this.workers.splice(this.workers.indexOf(worker), 1);
  }

  /** Restarts the queue's store while the processes keep running: Redis (empty) or Postgres. */
  async restartQueueStore(): Promise<void> {
    if (this.redis) {
      await this.redis.restart();
      return;
    }
    if (!this.postgres) throw new Error("no queue store to restart");
    await this.postgres.running.stop();
    const running = await startEmbeddedPostgres({ dataDir: this.postgres.dataDir, port: this.postgres.port });
    this.postgres = { ...this.postgres, running };
  }

  /** The processes' output, for a failure report. */
  outputs(): string {
    return [...this.apis, ...this.workers].map((service, i) => `--- process ${i}\n${service.output()}`).join("\n");
  }

  async stop(): Promise<void> {
    await Promise.all([...this.apis, ...this.workers].map((service) => service.stop()));
    await this.cleanup();
  }
}
