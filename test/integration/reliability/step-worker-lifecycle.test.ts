import { randomBytes } from "node:crypto";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ArrayOperationError } from "../../../src/application/ports/array-operation-error.js";
import { DONE, type StepOutcome, type WorkflowStep } from "../../../src/application/workflows/step-outcome.js";
import { createQueueBackend, type QueueBackend } from "../../../src/infrastructure/queue/queue-backend.js";
import { type StepRegistry, type StepWorker, startStepWorker } from "../../../src/infrastructure/queue/step-worker.js";
import { openQueueInspector, type QueueInspector } from "../../support/queue/queue-inspector.js";
import {
  createScratchDatabase,
  dropRedisNamespace,
  eventually,
  type QueueKind,
  TEST_REDIS_URL,
} from "../workflows/support/workflow-world.js";

type Action = "outage" | "final" | "block" | "done";

const unreachable = () => Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" });

/** Plays a script per job (keyed by the payload's taskId): one action per run; `block` waits for `release`. */
class ScriptedStep implements WorkflowStep<{ taskId: string }> {
  readonly runs = new Map<string, number>();
  readonly failures = new Map<string, number>();
  readonly failOutages = new Map<string, number>();
  private gate: Promise<void> = Promise.resolve();
  private open: () => void = () => {};

  constructor(private readonly scripts: Map<string, Action[]>) {}

  closeGate(): void {
    this.gate = new Promise<void>((resolve) => {
      this.open = resolve;
    });
  }

  release(): void {
    this.open();
  }

  async run({ taskId }: { taskId: string }): Promise<StepOutcome> {
    const run = this.runs.get(taskId) ?? 0;
    this.runs.set(taskId, run + 1);
    switch (this.scripts.get(taskId)?.[run] ?? "done") {
      case "outage":
        throw unreachable();
      case "final":
        throw new ArrayOperationError(`${taskId}: refused`, false);
      case "block":
        await this.gate;
        return DONE;
      case "done":
        return DONE;
    }
  }

  async fail({ taskId }: { taskId: string }): Promise<void> {
    const outages = this.failOutages.get(taskId) ?? 0;
    if (outages > 0) {
      this.failOutages.set(taskId, outages - 1);
      throw unreachable();
    }
    this.failures.set(taskId, (this.failures.get(taskId) ?? 0) + 1);
  }
}

let database: Awaited<ReturnType<typeof createScratchDatabase>>;

beforeAll(async () => {
  database = await createScratchDatabase();
});

afterAll(async () => {
  await database?.drop();
});

describe.each<QueueKind>(["redis", "postgres"])("a step worker on BullMQ over %s", (kind) => {
  const scripts = new Map<string, Action[]>();
  const step = new ScriptedStep(scripts);
  const steps = { "create-volume.provision": step } as unknown as StepRegistry;
  const namespace = `lifecycle_${kind}_${randomBytes(4).toString("hex")}`;
  const logger = pino({ level: "silent" });
  let backend: QueueBackend;
  let inspector: QueueInspector;
  const workers: StepWorker[] = [];

  const startWorker = () => {
    const worker = startStepWorker(backend, steps, { concurrency: 4, logger });
    workers.push(worker);
    return worker;
  };

  beforeAll(async () => {
    const redisUrl = kind === "redis" ? TEST_REDIS_URL : undefined;
    backend = createQueueBackend({ redisUrl, databaseUrl: database.url, namespace, onError: () => undefined });
    inspector = openQueueInspector({ redisUrl, databaseUrl: database.url, namespace });
  });

  afterAll(async () => {
    for (const worker of workers) await worker.close(0);
    await inspector?.close();
    await backend?.close();
    if (kind === "redis") await dropRedisNamespace(namespace);
  });

  async function add(key: string, script: Action[], attempts = 2): Promise<void> {
    scripts.set(key, script);
    await backend.addJob(
      "create-volume.provision",
      { taskId: key },
      { jobId: key, attempts, backoff: { type: "fixed", delay: 10 }, removeOnComplete: true, removeOnFail: true },
    );
  }

  const gone = (key: string) =>
    eventually(`job ${key} to leave the queue`, async () =>
      (await inspector.state(key)) === "unknown" ? true : undefined,
    );

  it("runs a step again while the database is unreachable, without spending its attempts", async () => {
    const worker = startWorker();
    await add("outages", ["outage", "outage", "outage", "done"], 2);
    await gone("outages");
    await worker.close();

    expect(step.runs.get("outages")).toBe(4);
    expect(step.failures.get("outages")).toBeUndefined();
  });

  it("runs a step again when its failure could not be recorded for an outage, and records it the next time", async () => {
    const worker = startWorker();
    step.failOutages.set("unrecorded", 1);
    await add("unrecorded", ["final", "final"]);
    await gone("unrecorded");
    await worker.close();

    expect(step.runs.get("unrecorded")).toBe(2);
    expect(step.failures.get("unrecorded")).toBe(1);
  });

  it("finishes its active steps when closed within the grace period", async () => {
    step.closeGate();
    const worker = startWorker();
    await add("finishing", ["block"]);
    await eventually("the step to start", async () => (step.runs.get("finishing") ? true : undefined));

    const closing = worker.close(30_000);
    step.release();
    await closing;

    expect(await inspector.state("finishing")).toBe("unknown");
    expect(step.runs.get("finishing")).toBe(1);
  });

  it("hands the steps still running after the grace period back to the queue, unlocked, for another worker", async () => {
    step.closeGate();
    const first = startWorker();
    await add("handed-back", ["block", "done"]);
    await eventually("the step to start", async () => (step.runs.get("handed-back") ? true : undefined));

    await first.close(50);

    expect(await inspector.state("handed-back")).toBe("waiting");
    expect((await inspector.counts()).active).toBe(0);
    const second = startWorker();
    await gone("handed-back");
    await second.close();
    step.release();

    expect(step.runs.get("handed-back")).toBe(2);
    expect(step.failures.get("handed-back")).toBeUndefined();
  });
});
