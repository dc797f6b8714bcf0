import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { systemClock } from "../../../src/application/ports/clock.js";
import type { TaskView } from "../../../src/application/ports/read-model.js";
import { settleSessionTask } from "../../../src/application/workflows/session-task-settlement.js";
import { newUrn } from "../../../src/domain/shared/urn.js";
import { Task } from "../../../src/domain/tasks/task.js";
import { createScratchDatabase, type QueueKind, WorkflowWorld } from "./support/workflow-world.js";

let database: Awaited<ReturnType<typeof createScratchDatabase>>;

beforeAll(async () => {
  database = await createScratchDatabase();
});

afterAll(async () => {
  await database?.drop();
});

/**
 * Serialization on the real stack (docs/api/snapshot-sessions.md, "One operation at a time"):
 * operations of one session wait `queued` behind the running one and start, one at a time and
 * in the order accepted, as each is settled by the worker — also after one of them fails.
 */
describe.each<QueueKind>(["redis", "postgres"])("session operations serialized, BullMQ over %s", (kind) => {
  let world: WorkflowWorld;
  let sql: pg.Client;

  beforeAll(async () => {
    world = await WorkflowWorld.start(kind, database.url);
    sql = new pg.Client({ connectionString: database.url });
    await sql.connect();
  });

  afterAll(async () => {
    await sql?.end();
    await world?.stop();
  });

  /** An operation of the session that runs until `release` settles it, as a long link would. */
  async function holdSession(sessionId: string) {
    const task = Task.start({
      id: newUrn("Task"),
      opId: "held",
      name: "LINK SNAPSHOT SESSION TARGETS",
      description: "an operation still running",
      resource: { type: "BlockSnapshotSession", id: sessionId, name: "held" },
      tenantId: world.ids.tenantId,
      now: systemClock.now(),
    });
    await world.unitOfWork.run(async (scope) => {
      await scope.tasks.add(task);
      await scope.sessionOperations.append(sessionId, { taskId: task.id, running: true, start: null });
    });
    return {
      release: () =>
        world.unitOfWork.run((scope) =>
          settleSessionTask(scope, { taskId: task.id, sessionId }, null, systemClock.now()),
        ),
    };
  }

  /** The most operations of the session seen running at once, sampled until `done` settles. */
  async function mostRunningWhile(sessionId: string, done: Promise<unknown>): Promise<number> {
    let finished = false;
    void done.finally(() => {
      finished = true;
    });
    let most = 0;
    while (!finished) {
      const { rows } = await sql.query(
        "SELECT count(*)::int AS n FROM session_operations WHERE session_id = $1 AND state = 'running'",
        [sessionId],
      );
      most = Math.max(most, rows[0].n);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    return most;
  }

  it("queues what arrives while one runs, a restore too, then runs them one at a time in order", async () => {
    const { sessionId } = await world.sourceWithSession("mock", `ser-${kind}`);
    const linked = await world.link(sessionId, 2, "ser", "nocopy");
    expect((await world.finished(linked.id)).state).toBe("ready");
    const [first, second] = (await world.targetsOf(linked.id)).map((target) => target.id);
    const unlinkOf = (id: string | undefined, deleteTarget: boolean) => world.unlink(sessionId, id, deleteTarget);

    const held = await holdSession(sessionId);
    const accepted: TaskView[] = [];
    accepted.push(await world.link(sessionId, 1, "more", "nocopy"));
    accepted.push(await unlinkOf(first, false));
    // Accepted now, it finds its target gone when its turn comes: it fails, and the next still runs.
    accepted.push(await unlinkOf(first, true));
    accepted.push(...(await Promise.all([unlinkOf(second, true), world.link(sessionId, 1, "last", "copy")])));
    // A restore is refused only while its source volume has a task pending: it waits its turn too.
    accepted.push(await world.restore(sessionId));
    expect(accepted.map((task) => task.state)).toEqual(["queued", "queued", "queued", "queued", "queued", "queued"]);

    await held.release();
    const all = Promise.all(accepted.map((task) => world.finished(task.id)));
    expect(await mostRunningWhile(sessionId, all)).toBeLessThanOrEqual(1);
    const finished = await all;
    expect(finished.map((task) => task.state)).toEqual(["ready", "ready", "error", "ready", "ready", "ready"]);
    expect(finished[2]?.serviceError).toMatchObject({
      code: 1013,
      details: `Target ${first} is not linked to snapshot session ${sessionId}.`,
    });
    const [a, b, c] = finished;
    expect(a!.endTime!).toBeLessThanOrEqual(b!.endTime!);
    expect(b!.endTime!).toBeLessThanOrEqual(c!.endTime!);
    expect(c!.endTime!).toBeLessThanOrEqual(Math.min(finished[3]!.endTime!, finished[4]!.endTime!));
    expect(Math.max(finished[3]!.endTime!, finished[4]!.endTime!)).toBeLessThanOrEqual(finished[5]!.endTime!);
    const { rows } = await sql.query("SELECT count(*)::int AS n FROM session_operations WHERE session_id = $1", [
      sessionId,
    ]);
    expect(rows[0].n).toBe(0);
    await world.queueDrained();
  });
});
