import { createPostgresBackend, type Processor, Queue, Worker, withBackend } from "bullmq";
import { Redis } from "ioredis";

export const BARE_QUEUE = "bench-bare";

/** The BullMQ setup coprsim uses (one shared ioredis connection, or the Postgres backend in its schema). */
export interface BareQueue {
  add(id: string): Promise<void>;
  /** Resolves once the queue is connected (and, on Postgres, its schema migrated). */
  ready(): Promise<void>;
  /** Starts a worker; resolves once it is connected. */
  work(processor: Processor, concurrency: number): Promise<void>;
  close(): Promise<void>;
}

export function openBareQueue(env: NodeJS.ProcessEnv): BareQueue {
  const namespace = env.BENCH_QUEUE_NAMESPACE ?? "bench_bare";
  const jobOptions = (id: string) => ({ jobId: id, attempts: 8, removeOnComplete: true, removeOnFail: true });
  const closers: (() => Promise<unknown>)[] = [];
  if (env.REDIS_URL) {
    const connection = new Redis(env.REDIS_URL, { maxRetriesPerRequest: null });
    const queue = new Queue(BARE_QUEUE, { connection, prefix: namespace });
    return {
      add: async (id) => void (await queue.add("job", { id }, jobOptions(id))),
      ready: async () => void (await queue.waitUntilReady()),
      async work(processor, concurrency) {
        const worker = new Worker(BARE_QUEUE, processor, { connection, prefix: namespace, concurrency });
        closers.push(() => worker.close());
        await worker.waitUntilReady();
      },
      async close() {
        for (const close of closers) await close();
        await queue.close();
        connection.disconnect();
      },
    };
  }
  const classes = withBackend(createPostgresBackend);
  const connection = { connectionString: env.DATABASE_URL, schema: namespace, migrate: true };
  const queue = new classes.Queue(BARE_QUEUE, { connection });
  return {
    add: async (id) => void (await queue.add("job", { id }, jobOptions(id))),
    ready: async () => void (await queue.waitUntilReady()),
    async work(processor, concurrency) {
      const worker = new classes.Worker(BARE_QUEUE, processor, { connection, concurrency });
      closers.push(() => worker.close());
      await worker.waitUntilReady();
    },
    async close() {
      for (const close of closers) await close();
      await queue.close();
    },
  };
}
