import {
  createPostgresBackend,
  type FlowJob,
  FlowProducer,
  type JobsOptions,
  type Processor,
  Queue,
  Worker,
  type WorkerOptions,
  withBackend,
} from "bullmq";
import { Redis } from "ioredis";
import type { Pool } from "pg";

export const WORKFLOW_QUEUE = "coprsim-workflows";

/** The few queue operations coprsim uses, the same on either BullMQ backend. */
export interface QueueBackend {
  readonly kind: "redis" | "postgres";
  addJob(name: string, data: unknown, options: JobsOptions): Promise<void>;
  addFlow(flow: FlowJob): Promise<void>;
  /** Whether a job with that id is in the queue (in any state; finished jobs are removed). */
  hasJob(jobId: string): Promise<boolean>;
  /**
   * Moves an active job back to waiting and releases the lock that `token` holds, through the
   * queue's own connection (a stopping worker has closed its own); no-op for a job not there.
   */
  handBack(jobId: string, token: string): Promise<void>;
  createWorker(processor: Processor, options: Omit<WorkerOptions, "connection">): Worker;
  /** Jobs not yet finished: waiting, delayed, active, waiting for children. */
  countUnfinished(): Promise<number>;
  /** The queues, to count their jobs (metrics) and show them (dashboard). */
  readonly queues: readonly Queue[];
  /** Resolves when the backend's store answers (Redis PING, or a query on the queue's own pool). */
  ping(): Promise<void>;
  /**
   * Resolves once the queue, the flow producer and the workers created so far have set
   * themselves up; rejects if one could not. On Postgres that setup (BullMQ's schema
   * migrations) is not tried again after a failure, so a process must not go on without it;
   * on Redis it resolves at once: its clients connect, and reconnect, by themselves.
   */
  ready(): Promise<void>;
  close(): Promise<void>;
}

/**
 * BullMQ on Redis when a URL is given; otherwise on its Postgres backend in the given
 * database (the namespace is its schema), so the zero-install default needs nothing but Postgres.
 */
export function createQueueBackend(options: {
  redisUrl: string | undefined;
  databaseUrl: string;
  namespace: string;
  /** Connection trouble of the queue's clients; they reconnect by themselves. */
  onError: (error: Error) => void;
}): QueueBackend {
  return options.redisUrl
    ? redisBackend(options.redisUrl, options.namespace, options.onError)
    : postgresBackend(options.databaseUrl, options.namespace, options.onError);
}

function redisBackend(url: string, prefix: string, onError: (error: Error) => void): QueueBackend {
  const connection = new Redis(url, { maxRetriesPerRequest: null });
  connection.on("error", onError);
  const queue = new Queue(WORKFLOW_QUEUE, { connection, prefix });
  const flows = new FlowProducer({ connection, prefix });
  queue.on("error", onError);
  flows.on("error", onError);
  const workers: Worker[] = [];
  return {
    kind: "redis",
    addJob: async (name, data, options) => void (await queue.add(name, data, options)),
    addFlow: async (flow) => void (await flows.add(flow)),
    hasJob: async (jobId) => (await queue.getJob(jobId)) !== undefined,
    handBack: async (jobId, token) => void (await (await queue.getJob(jobId))?.moveToWait(token)),
    createWorker(processor, options) {
      const worker = new Worker(WORKFLOW_QUEUE, processor, { ...options, connection, prefix });
      workers.push(worker);
      return worker;
    },
    countUnfinished: () => queue.getJobCountByTypes("waiting", "delayed", "active", "waiting-children", "prioritized"),
    queues: [queue],
    ready: async () => undefined,
    async ping() {
      // Commands wait for a reconnection rather than fail (maxRetriesPerRequest: null).
      if (connection.status !== "ready") throw new Error(`Redis is not connected (${connection.status})`);
      await connection.ping();
    },
    async close() {
      await Promise.all(workers.map((worker) => worker.close()));
      await flows.close();
      await queue.close();
      connection.disconnect();
    },
  };
}

/**
 * Each BullMQ class on Postgres (queue, flow producer, worker) keeps a pool of its own: a few
 * connections each, so that a process's total stays well below a server's max_connections
 * (100 by default) even with several processes; keep-alive notices a server that vanished.
 */
const POSTGRES_POOL = { max: 5, keepAlive: true };

function postgresBackend(databaseUrl: string, schema: string, onError: (error: Error) => void): QueueBackend {
  const classes = withBackend(createPostgresBackend);
  const connection = { connectionString: databaseUrl, schema, migrate: true, ...POSTGRES_POOL };
  const queue = new classes.Queue(WORKFLOW_QUEUE, { connection });
  const flows = new classes.FlowProducer({ connection });
  queue.on("error", onError);
  flows.on("error", onError);
  listenToEveryClientOf(queue, onError);
  listenToEveryClientOf(flows, onError);
  const workers: { close(): Promise<void>; waitUntilReady(): Promise<unknown> }[] = [];
  return {
    kind: "postgres",
    addJob: (name, data, options) => retryingTransientConflicts(() => queue.add(name, data, options)),
    addFlow: (flow) => retryingTransientConflicts(() => flows.add(flow)),
    hasJob: async (jobId) => (await queue.getJob(jobId)) !== undefined,
    handBack: async (jobId, token) => void (await (await queue.getJob(jobId))?.moveToWait(token)),
    createWorker(processor, options) {
      const worker = new classes.Worker(WORKFLOW_QUEUE, processor, { ...options, connection });
      listenToEveryClientOf(worker, onError);
      workers.push(worker);
      return worker as unknown as Worker;
    },
    countUnfinished: () => queue.getJobCountByTypes("waiting", "delayed", "active", "waiting-children", "prioritized"),
    queues: [queue as unknown as Queue],
    ping: async () => void (await queue.getBackend().connection.pool.query("SELECT 1")),
    ready: async () => void (await Promise.all([queue, flows, ...workers].map((part) => part.waitUntilReady()))),
    async close() {
      await Promise.all(workers.map((worker) => worker.close()));
      await flows.close();
      await queue.close();
    },
  };
}

/**
 * BullMQ runs its schema migrations on a client checked out of its pool, with no listener for
 * the client's `error` event: Postgres going away in the middle of them threw that event and
 * ended the process. Every client of the pool gets a listener from the moment it connects (the
 * pool still removes a broken client, and the query in progress still fails).
 */
function listenToEveryClientOf(
  owner: { getBackend(): { connection: { pool: object } } },
  onError: (error: Error) => void,
): void {
  // BullMQ builds the pool with pg's Pool; its own types name only the methods it calls.
  const pool = owner.getBackend().connection.pool as Pool;
  pool.on("connect", (client) => client.on("error", onError));
}

/** Deadlock detected, serialization failure, and a foreign key gone under a concurrent add. */
const TRANSIENT_SQLSTATES = new Set(["40P01", "40001", "23503"]);
const ADD_ATTEMPTS = 5;

/**
 * BullMQ's Postgres functions lock job rows in different orders: adding a flow while the same
 * flow's jobs are being claimed or finished (two deliveries of one start at once: the relay
 * and a redelivery) can deadlock with the worker, and Postgres may pick the add as the victim;
 * two adds of one flow at once can also trip over each other's parent row (`job_dependency`
 * foreign key). An add is one atomic statement whose job ids make a repeat harmless, so it is
 * run again and then sees the other's result.
 */
async function retryingTransientConflicts(add: () => Promise<unknown>): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await add();
      return;
    } catch (error) {
      const code = (error as { code?: unknown } | null)?.code;
      if (attempt >= ADD_ATTEMPTS || typeof code !== "string" || !TRANSIENT_SQLSTATES.has(code)) throw error;
      await new Promise((resolve) => setTimeout(resolve, 20 * attempt));
    }
  }
}
