import pg from "pg";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { WorkflowStart } from "../../../src/application/ports/workflow-outbox.js";
import { newUrn } from "../../../src/domain/shared/urn.js";
import { type OutboxRow, OutboxStore } from "../../../src/infrastructure/persistence/outbox-store.js";
import { OUTBOX_CHANNEL } from "../../../src/infrastructure/persistence/repositories/typeorm-workflow-outbox.js";
import { TypeOrmUnitOfWork } from "../../../src/infrastructure/persistence/typeorm-unit-of-work.js";
import { DATABASE_URL, openTestDatabase, type TestDatabase } from "./support/test-database.js";

let db: TestDatabase;
let uow: TypeOrmUnitOfWork;
let store: OutboxStore;

beforeAll(async () => {
  db = await openTestDatabase("outbox");
  uow = new TypeOrmUnitOfWork(db.dataSource);
  store = new OutboxStore(db.dataSource);
});

afterAll(async () => {
  await db?.drop();
});

beforeEach(async () => {
  await db.dataSource.query("DELETE FROM outbox");
});

function aStart(): WorkflowStart {
  return { workflow: "create-volume", taskId: newUrn("Task"), volumeId: newUrn("Volume") };
}

const linkStart = (): WorkflowStart => ({
  workflow: "link-targets",
  taskId: newUrn("Task"),
  sessionId: newUrn("BlockSnapshotSession"),
  targetIds: [newUrn("BlockSnapshot"), newUrn("BlockSnapshot")],
});

async function enqueueCommitted(...starts: WorkflowStart[]): Promise<void> {
  await uow.run(async (s) => {
    for (const start of starts) await s.outbox.enqueue(start);
  });
}

describe("the workflow outbox", () => {
  it("shows a row to others only once its transaction commits", async () => {
    let letCommit!: () => void;
    const mayCommit = new Promise<void>((resolve) => {
      letCommit = resolve;
    });
    let enqueued!: () => void;
    const written = new Promise<void>((resolve) => {
      enqueued = resolve;
    });
    const work = uow.run(async (s) => {
      await s.outbox.enqueue(aStart());
      enqueued();
      await mayCommit;
    });
    await written;

    expect(await store.countPending()).toBe(0);
    expect(await store.drain(10, async () => {})).toBe(0);

    letCommit();
    await work;
    expect(await store.countPending()).toBe(1);
  });

  it("writes nothing when the transaction rolls back", async () => {
    await expect(
      uow.run(async (s) => {
        await s.outbox.enqueue(aStart());
        throw new Error("refused");
      }),
    ).rejects.toThrow("refused");

    expect(await store.countPending()).toBe(0);
  });

  it("announces a committed row on its channel, when the row is already visible", async () => {
    const listener = new pg.Client({ connectionString: DATABASE_URL });
    await listener.connect();
    try {
      const pendingWhenNotified = new Promise<number>((resolve) => {
        listener.on("notification", (message) => {
          if (message.channel === OUTBOX_CHANNEL) resolve(store.countPending());
        });
      });
      await listener.query(`LISTEN ${OUTBOX_CHANNEL}`);

      await enqueueCommitted(aStart());

      expect(await pendingWhenNotified).toBeGreaterThan(0);
    } finally {
      await listener.end();
    }
  });
});

describe("draining the outbox", () => {
  it("delivers rows oldest first with their workflow starts, then deletes them", async () => {
    const starts = [aStart(), linkStart(), aStart()];
    await enqueueCommitted(...starts);
    const delivered: OutboxRow[] = [];

    const count = await store.drain(10, async (rows) => {
      delivered.push(...rows);
    });

    expect(count).toBe(3);
    expect(delivered.map((row) => row.start)).toEqual(starts);
    const ids = delivered.map((row) => BigInt(row.id));
    expect(ids).toEqual([...ids].sort((a, b) => (a < b ? -1 : 1)));
    expect(await store.countPending()).toBe(0);
  });

  it("takes at most `limit` rows at a time", async () => {
    await enqueueCommitted(aStart(), aStart(), aStart());

    expect(await store.drain(2, async () => {})).toBe(2);
    expect(await store.countPending()).toBe(1);
    expect(await store.drain(2, async () => {})).toBe(1);
    expect(await store.drain(2, async () => {})).toBe(0);
  });

  it("keeps the rows when delivery fails, and rethrows", async () => {
    const start = aStart();
    await enqueueCommitted(start);
    const failure = new Error("redis down");

    await expect(
      store.drain(10, async () => {
        throw failure;
      }),
    ).rejects.toBe(failure);

    expect(await store.countPending()).toBe(1);
    const redelivered: OutboxRow[] = [];
    await store.drain(10, async (rows) => {
      redelivered.push(...rows);
    });
    expect(redelivered.map((row) => row.start)).toEqual([start]);
  });

  it("never hands one row to two concurrent drainers", async () => {
    await enqueueCommitted(aStart(), aStart(), aStart(), aStart());
    let letFirstFinish!: () => void;
    const firstMayFinish = new Promise<void>((resolve) => {
      letFirstFinish = resolve;
    });
    let firstHasRows!: () => void;
    const firstTookRows = new Promise<void>((resolve) => {
      firstHasRows = resolve;
    });
    const firstRows: string[] = [];

    const first = store.drain(2, async (rows) => {
      firstRows.push(...rows.map((row) => row.id));
      firstHasRows();
      await firstMayFinish;
    });
    await firstTookRows;
    const secondRows: string[] = [];
    const secondCount = await store.drain(10, async (rows) => {
      secondRows.push(...rows.map((row) => row.id));
    });
    letFirstFinish();
    await first;

    expect(secondCount).toBe(2);
    expect(firstRows.filter((id) => secondRows.includes(id))).toEqual([]);
    expect(await store.countPending()).toBe(0);
  });
});
