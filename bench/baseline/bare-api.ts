/**
 * The floor of coprsim's stack on this machine, API side, with no auth, no validation and no
 * domain:
 * - `POST /jobs`: one Postgres transaction, then one BullMQ job enqueued;
 * - `GET /sessions/:id`: the read path's floor — a snapshot session and its linked targets read
 *   from coprsim's own tables in one query and serialised to JSON (JSON.stringify), with the
 *   fields a session's representation carries;
 * - `GET /body`: the read path's absolute limit — a fixed body set by `PUT /body`.
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

/** The session and its linked targets' ids in one query: the rows coprsim's session read needs. */
const SESSION_WITH_TARGETS = `
  SELECT s.id, s.label, s.source_volume_id, s.project_id, s.storage_system_id, s.varray_id, s.native_id,
         s.device_label, s.inactive, s.creation_time,
         (SELECT string_agg(t.id, ',' ORDER BY t.creation_time, t.id COLLATE "C") FROM linked_targets t
           WHERE t.session_id = s.id AND NOT t.inactive AND t.replica_state = 'SYNCHRONIZED') AS target_ids
    FROM snapshot_sessions s WHERE s.id = $1`;

const related = (path: string, id: string) => ({ id, link: { rel: "self", href: `${path}/${id}` } });

app.get<{ Params: { id: string } }>("/sessions/:id", async (request, reply) => {
  const { rows } = await pool.query(SESSION_WITH_TARGETS, [request.params.id]);
  const row = rows[0];
  if (!row) return reply.code(404).send();
  const targetIds: string[] = row.target_ids === null ? [] : row.target_ids.split(",");
  const body = JSON.stringify({
    ...related("/block/snapshot-sessions", row.id),
    name: row.label,
    inactive: row.inactive,
    creation_time: Number(row.creation_time),
    tags: [],
    global: false,
    remote: false,
    internal: false,
    parent: related("/block/volumes", row.source_volume_id),
    project: related("/projects", row.project_id),
    linked_targets: targetIds.map((id) => related("/block/snapshots", id)),
    session_label: row.label,
    storage_controller: row.storage_system_id,
    device_label: row.device_label,
    native_id: row.native_id,
    varray: related("/vdc/varrays", row.varray_id),
    protocols: [],
    wwn: null,
    consistency_group: null,
    replication_group_instance: null,
    session_set_name: null,
  });
  return reply.code(200).type("application/json").send(body);
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
