import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { WorkflowStep } from "../../../src/application/workflows/step-outcome.js";
import { WorkflowRunStore } from "../../../src/infrastructure/persistence/workflow-run-store.js";
import { createScratchDatabase, eventually, type QueueKind } from "../workflows/support/workflow-world.js";
import { ReliabilityWorld } from "./support/reliability-world.js";

let database: Awaited<ReturnType<typeof createScratchDatabase>>;

beforeAll(async () => {
  database = await createScratchDatabase();
});

afterAll(async () => {
  await database?.drop();
});

/** The step, except that its `fail` throws `error` the first time; `failCalls` counts the calls to `fail`. */
function failingToRecord<P>(step: WorkflowStep<P>, error: Error): WorkflowStep<P> & { failCalls: number } {
  const wrapped = {
    failCalls: 0,
    run: (payload: P) => step.run(payload),
    fail: async (payload: P, cause: unknown) => {
      wrapped.failCalls += 1;
      if (wrapped.failCalls === 1) throw error;
      await step.fail(payload, cause);
    },
  };
  return wrapped;
}

describe.each<QueueKind>(["redis", "postgres"])("no lost work, on BullMQ over %s", (kind) => {
  let world: ReliabilityWorld;
  let serial = 0;
  const unique = (name: string) => `${name}-${kind}-${++serial}`;

  beforeAll(async () => {
    world = await ReliabilityWorld.open(kind, database.url);
    await world.startWorker();
  });

  afterAll(async () => {
    await world?.close();
  });

  it("leaves a delivered workflow alone while its jobs are in the queue, and launches it again once they are gone", async () => {
    const { sessionId } = await world.sourceWithSession("mock", unique("lost"));
    await world.stopWorker();
    const task = await world.link(sessionId, 2, "lost");
    await world.deliver(task.id);
    const reconciler = world.reconciler();

    expect(await reconciler.sweep()).toMatchObject({ relaunched: 0, abandoned: 0 });

    await world.removeJobsOf(task.id);
    expect(await world.queue.total()).toBe(0);
    expect(await reconciler.sweep()).toMatchObject({ relaunched: 1, abandoned: 0 });
    expect(await world.runRecord(task.id)).toEqual({ launches: 2 });
    expect(await world.queue.total()).toBeGreaterThan(0);

    await world.startWorker();
    expect((await world.finished(task.id)).state).toBe("ready");
    expect(await world.targetsOf(task.id)).toEqual([
      { label: "lost-1", replica_state: "SYNCHRONIZED", inactive: false },
      { label: "lost-2", replica_state: "SYNCHRONIZED", inactive: false },
    ]);
  });

  it("lets a worker's own reconciler finish a task whose jobs were removed by an operator", async () => {
    const { sessionId } = await world.sourceWithSession("mock", unique("removed"));
    await world.stopWorker();
    const task = await world.link(sessionId, 1, "removed", "copy");
    await world.deliver(task.id);
    await world.removeJobsOf(task.id);

    await world.startWorker();

    expect((await world.finished(task.id)).state).toBe("ready");
    await eventually("the finished run to be forgotten", async () =>
      (await world.runRecord(task.id)) === undefined ? true : undefined,
    );
  });

  it("runs a step again when its failure could not be recorded because the database was unreachable", async () => {
    const unreachable = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" });
    const provision = failingToRecord(world.realSteps["create-volume.provision"], unreachable);
    await world.stopWorker();
    await world.startWorker({ ...world.realSteps, "create-volume.provision": provision });
    await world.injectFault("mock", { operation: "provision", count: 1, message: "pool offline", retryable: false });

    const { volumeId } = await world.sourceWithSession("mock", unique("outage"));

    expect(provision.failCalls).toBe(1);
    expect(await world.plannedFaults("mock")).toEqual([]);
    expect(await world.readModel.volume(volumeId)).toMatchObject({ inactive: false });
    await world.stopWorker();
    await world.startWorker();
  });

  it("launches again a workflow whose step failed for good without a record, through the reconciler", async () => {
    const provision = failingToRecord(world.realSteps["create-volume.provision"], new Error("disk full"));
    await world.stopWorker();
    await world.startWorker({ ...world.realSteps, "create-volume.provision": provision });
    await world.injectFault("mock", { operation: "provision", count: 1, message: "pool offline", retryable: false });

    const { volumeId } = await world.sourceWithSession("mock", unique("unrecorded"));

    expect(provision.failCalls).toBe(1);
    expect(await world.plannedFaults("mock")).toEqual([]);
    expect(await world.readModel.volume(volumeId)).toMatchObject({ inactive: false });
    await world.stopWorker();
    await world.startWorker();
  });

  it("does no harm when a finished workflow is launched again", async () => {
    const { sessionId } = await world.sourceWithSession("mock", unique("again"));
    const task = await world.link(sessionId, 2, "again");
    const start = await world.startOf(task.id);
    const first = await world.finished(task.id);
    const devices = await world.arrayDevices("mock");
    const links = await world.arrayLinks("mock");

    await world.deliver(task.id, start);
    await eventually("the queue to drain", async () => ((await world.queue.total()) === 0 ? true : undefined));

    expect(await world.readModel.task(task.id)).toEqual(first);
    expect((await world.targetsOf(task.id)).map((t) => t.replica_state)).toEqual(["SYNCHRONIZED", "SYNCHRONIZED"]);
    expect(await world.arrayDevices("mock")).toBe(devices);
    expect(await world.arrayLinks("mock")).toBe(links);
  });

  it("abandons a workflow launched too often: its steps fail and the task settles, rolling back its targets", async () => {
    const { sessionId } = await world.sourceWithSession("mock", unique("abandon"));
    const devices = await world.arrayDevices("mock");
    await world.stopWorker();
    const task = await world.link(sessionId, 2, "abandon");
    await world.deliver(task.id);
    await world.removeJobsOf(task.id);
    await world.dataSource.query("UPDATE workflow_runs SET launches = 5 WHERE task_id = $1", [task.id]);

    expect(await world.reconciler(5).sweep()).toMatchObject({ relaunched: 0, abandoned: 1 });

    const settled = await world.readModel.task(task.id);
    expect(settled?.state).toBe("error");
    expect(settled?.serviceError?.details).toMatch(/did not finish after 5 launches/);
    expect((await world.targetsOf(task.id)).map((t) => t.inactive)).toEqual([true, true]);
    expect(await world.arrayDevices("mock")).toBe(devices);
    await world.startWorker();
  });
});

describe("the reconciler's sweeps", () => {
  it("run in one process at a time: a second sweep while one runs does nothing", async () => {
    const world = await ReliabilityWorld.open("postgres", database.url);
    try {
      const store = new WorkflowRunStore(world.dataSource);
      const other = new WorkflowRunStore(world.dataSource);
      let release!: () => void;
      const gate = new Promise<void>((resolve) => {
        release = resolve;
      });
      let started!: () => void;
      const sweeping = new Promise<void>((resolve) => {
        started = resolve;
      });
      const first = store.sweepAlone(async () => {
        started();
        await gate;
        return "first";
      });
      await sweeping;

      expect(await other.sweepAlone(async () => "second")).toBeUndefined();

      release();
      expect(await first).toBe("first");
      expect(await other.sweepAlone(async () => "second")).toBe("second");
    } finally {
      await world.close();
    }
  });
});
