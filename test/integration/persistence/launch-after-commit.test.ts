import pino from "pino";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { WorkflowStart } from "../../../src/application/ports/workflow-outbox.js";
import type { WorkflowPlan } from "../../../src/application/workflows/workflow-definition.js";
import { newUrn } from "../../../src/domain/shared/urn.js";
import { OutboxStore } from "../../../src/infrastructure/persistence/outbox-store.js";
import { TypeOrmUnitOfWork } from "../../../src/infrastructure/persistence/typeorm-unit-of-work.js";
import { directLaunch } from "../../../src/infrastructure/queue/direct-launch.js";
import type { WorkflowLauncher } from "../../../src/infrastructure/queue/workflow-launcher.js";
import { openTestDatabase, type TestDatabase } from "./support/test-database.js";

let db: TestDatabase;
let store: OutboxStore;

beforeAll(async () => {
  db = await openTestDatabase("launch_after_commit");
  store = new OutboxStore(db.dataSource);
});

afterAll(async () => {
  await db?.drop();
});

beforeEach(async () => {
  await db.dataSource.query("DELETE FROM outbox");
});

/** A launcher that records the plans it is given, or fails as a queue that is away. */
function recordingLauncher(options: { fail?: boolean } = {}) {
  const launched: WorkflowPlan[] = [];
  const launcher = {
    async launch(plan: WorkflowPlan) {
      if (options.fail) throw new Error("the queue is away");
      launched.push(plan);
    },
  } as unknown as WorkflowLauncher;
  return { launcher, launched };
}

const linkStart = (): WorkflowStart => ({
  workflow: "link-targets",
  taskId: newUrn("Task"),
  sessionId: newUrn("BlockSnapshotSession"),
  targetIds: [newUrn("BlockSnapshot")],
});

async function eventually<T>(what: string, probe: () => Promise<T | undefined>): Promise<T> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`never: ${what}`);
}

const outboxIds = async () => (await db.dataSource.query("SELECT id FROM outbox")) as { id: string }[];
const logger = pino({ level: "silent" });

describe("launching a workflow right after commit", () => {
  it("launches the committed start's plan and removes its outbox row; the workflow run is kept", async () => {
    const { launcher, launched } = recordingLauncher();
    const uow = new TypeOrmUnitOfWork(db.dataSource, directLaunch(launcher, store, { graceMs: 60_000, logger }));
    const start = linkStart();

    await uow.run((scope) => scope.outbox.enqueue(start));

    await eventually("the row removed", async () => ((await outboxIds()).length === 0 ? true : undefined));
    expect(launched).toEqual([
      { parallel: [expect.objectContaining({ name: "link-targets.link", key: `${start.taskId}:link` })] },
    ]);
    const runs = await db.dataSource.query("SELECT task_id FROM workflow_runs WHERE task_id = $1", [start.taskId]);
    expect(runs).toHaveLength(1);
  });

  it("launches nothing for a transaction that rolled back", async () => {
    const { launcher, launched } = recordingLauncher();
    const uow = new TypeOrmUnitOfWork(db.dataSource, directLaunch(launcher, store, { graceMs: 60_000, logger }));

    await expect(
      uow.run(async (scope) => {
        await scope.outbox.enqueue(linkStart());
        throw new Error("refused");
      }),
    ).rejects.toThrow("refused");

    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(launched).toEqual([]);
    expect(await outboxIds()).toEqual([]);
  });

  it("leaves the row to the relay when the launch fails, and the relay takes it only once it is due", async () => {
    const { launcher } = recordingLauncher({ fail: true });
    const uow = new TypeOrmUnitOfWork(db.dataSource, directLaunch(launcher, store, { graceMs: 400, logger }));
    const start = linkStart();

    await uow.run((scope) => scope.outbox.enqueue(start));
    await new Promise((resolve) => setTimeout(resolve, 50));

    const delivered: WorkflowStart[] = [];
    const take = () => store.drain(10, async (rows) => void delivered.push(...rows.map((row) => row.start)));
    expect(await take()).toBe(0);
    expect(await outboxIds()).toHaveLength(1);
    await eventually("the row due", async () => ((await take()) === 1 ? true : undefined));
    expect(delivered).toEqual([start]);
  });
});
