/**
 * The floor of coprsim's stack on this machine, API side: a bare Fastify route that runs one
 * Postgres transaction and enqueues one BullMQ job; and a bare route answering a fixed body
 * (the read path's baseline). No auth, no validation, no domain.
 */
import { randomUUID } from "node:crypto";
import fastify from "fastify";
import pg from "pg";
import { openBareQueue } from "./bare-queue.js";

const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 20 });
const queue = openBareQueue(process.env);
let body = "{}";

const app = fastify({ logger: false, bodyLimit: 8 * 1024 * 1024 });
app.addContentTypeParser("application/octet-stream", { parseAs: "string" }, (_request, text, done) => done(null, text));

app.post("/jobs", async (_request, reply) => {
  const id = randomUUID();
  const client = await pool.connect();
  try {
    await client.query("BEGIN");
    await client.query("INSERT INTO bench_jobs (id, state) VALUES ($1, 'pending')", [id]);
    await client.query("COMMIT");
  } catch (error) {
    await client.query("ROLLBACK");
    throw error;
  } finally {
    client.release();
  }
  await queue.add(id);
  return reply.code(202).send({ id });
});

app.put("/body", async (request, reply) => {
  body = request.body as string;
  return reply.code(204).send();
});

app.get("/body", async (_request, reply) => reply.code(200).type("application/json").send(body));

await queue.ready();
await app.listen({ host: "127.0.0.1", port: Number(process.env.BENCH_PORT) });

const stop = async () => {
  await app.close();
  await queue.close();
  await pool.end();
  process.exit(0);
};
process.on("SIGTERM", () => void stop());
process.on("SIGINT", () => void stop());
