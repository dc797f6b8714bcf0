import { createPostgresBackend, Queue, withBackend } from "bullmq";
import { Redis } from "ioredis";
import { WORKFLOW_QUEUE } from "../../../src/infrastructure/queue/queue-backend.js";

/** Every state a job can be in, finished ones included (coprsim removes those at once). */
const ALL_STATES = ["waiting", "delayed", "active", "waiting-children", "prioritized", "paused", "completed", "failed"];

/** What a test (or an operator) sees of coprsim's workflow queue, on either backend. */
export interface QueueInspector {
  /** Jobs per state, every state included. */
  counts(): Promise<Record<string, number>>;
  /** All jobs in any state. */
  total(): Promise<number>;
  /** The job's state; `unknown` when it is not in the queue. */
  state(jobId: string): Promise<string>;
  /** Removes a job and its children, as an operator would. */
  remove(jobId: string): Promise<void>;
  close(): Promise<void>;
}

export function openQueueInspector(options: {
  redisUrl: string | undefined;
  databaseUrl: string;
  namespace: string;
}): QueueInspector {
  let queue: Queue;
  let disconnect = () => {};
  if (options.redisUrl) {
    const connection = new Redis(options.redisUrl, { maxRetriesPerRequest: null });
    connection.on("error", () => undefined);
    queue = new Queue(WORKFLOW_QUEUE, { connection, prefix: options.namespace });
    disconnect = () => connection.disconnect();
  } else {
    const classes = withBackend(createPostgresBackend);
    const connection = { connectionString: options.databaseUrl, schema: options.namespace, migrate: true };
    queue = new classes.Queue(WORKFLOW_QUEUE, { connection }) as unknown as Queue;
  }
  queue.on("error", () => undefined);
  const counts = () => queue.getJobCounts(...(ALL_STATES as Parameters<Queue["getJobCounts"]>));
  return {
    counts,
    total: async () => Object.values(await counts()).reduce((sum, n) => sum + n, 0),
    state: (jobId) => queue.getJobState(jobId),
    remove: async (jobId) => void (await queue.remove(jobId, { removeChildren: true })),
    async close() {
      await queue.close();
      disconnect();
    },
  };
}
