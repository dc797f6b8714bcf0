/** The floor of coprsim's stack, worker side: a bare BullMQ worker doing one Postgres update per job. */
import pg from "pg";
import { openBareQueue } from "./bare-queue.js";

const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 20 });
const queue = openBareQueue(process.env);
await queue.work(
  async (job) => {
    await pool.query("UPDATE bench_jobs SET state = 'ready' WHERE id = $1", [job.data.id]);
  },
  Number(process.env.BENCH_WORKER_CONCURRENCY ?? 32),
);
process.stdout.write("bare worker ready\n");

const stop = async () => {
  await queue.close();
  await pool.end();
  process.exit(0);
};
process.on("SIGTERM", () => void stop());
process.on("SIGINT", () => void stop());
