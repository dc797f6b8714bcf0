import { randomBytes } from "node:crypto";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ArrayOperationError } from "../../../src/application/ports/array-operation-error.js";
import { DONE, type StepOutcome, type WorkflowStep, waitFor } from "../../../src/application/workflows/step-outcome.js";
import { createQueueBackend, type QueueBackend } from "../../../src/infrastructure/queue/queue-backend.js";
import { type StepRegistry, startStepWorker } from "../../../src/infrastructure/queue/step-worker.js";
import { WorkflowLauncher } from "../../../src/infrastructure/queue/workflow-launcher.js";
import {
  createScratchDatabase,
  dropRedisNamespace,
  eventually,
  type QueueKind,
  TEST_REDIS_URL,
} from "./support/workflow-world.js";

type Action = "wait" | "retryable" | "final" | "done";

/**
 * A step that plays a script, one action per run, keyed by a field of the job's payload, and
 * keeps what happened to each script: how often it ran, the errors `fail` was given, and
 * every run in order (`key#n`, in a log shared by the steps).
 */
class ScriptedStep implements WorkflowStep<Record<string, string>> {
  readonly runs = new Map<string, number>();
  readonly failures = new Map<string, unknown[]>();

  constructor(
    private readonly scripts: Map<string, Action[]>,
    private readonly keyField: string,
    private readonly log: string[],
  ) {}

  async run(payload: Record<string, string>): Promise<StepOutcome> {
    const key = payload[this.keyField] ?? "";
    const run = this.runs.get(key) ?? 0;
    this.runs.set(key, run + 1);
    this.log.push(`${key}#${run + 1}`);
    const action = this.scripts.get(key)?.[run] ?? "done";
    switch (action) {
      case "wait":
        return waitFor(10);
      case "retryable":
        throw new ArrayOperationError(`${key}: busy (run ${run + 1})`, true);
      case "final":
        throw new ArrayOperationError(`${key}: refused (run ${run + 1})`, false);
      case "done":
        return DONE;
    }
  }

  async fail(payload: Record<string, string>, error: unknown): Promise<void> {
    const key = payload[this.keyField] ?? "";
    this.failures.set(key, [...(this.failures.get(key) ?? []), error]);
  }
}

let database: Awaited<ReturnType<typeof createScratchDatabase>>;

beforeAll(async () => {
  database = await createScratchDatabase();
});

afterAll(async () => {
  await database?.drop();
});

describe.each<QueueKind>(["redis", "postgres"])("the step worker on BullMQ over %s", (kind) => {
  const scripts = new Map<string, Action[]>();
  const log: string[] = [];
  const jobs = new ScriptedStep(scripts, "taskId", log);
  const children = new ScriptedStep(scripts, "targetId", log);
  /** Where in the log a run happened (-1: never). */
  const when = (key: string, run: number) => log.indexOf(`${key}#${run}`);
  /*
   * BullMQ's Postgres functions now and then deadlock among themselves when several jobs of a
   * flow move at once (a delayed child promoted while another completes); the worker then runs
   * a step once more. Delivery is at least once, which idempotent steps absorb; so with more
   * than one job in the queue, exact run counts are asked of Redis only.
   */
  const exactlyOnceRuns = kind === "redis";
  const namespace = `steps_${kind}_${randomBytes(4).toString("hex")}`;
  let backend: QueueBackend;
  let stopWorker: () => Promise<void>;

  beforeAll(async () => {
    backend = createQueueBackend({
      redisUrl: kind === "redis" ? TEST_REDIS_URL : undefined,
      databaseUrl: database.url,
      namespace,
      onError: () => undefined,
    });
    const steps = {
      "create-volume.provision": jobs,
      "create-snapshot-session.establish": jobs,
      "link-targets.link-target": children,
      "link-targets.finish": jobs,
    } as unknown as StepRegistry;
    const worker = startStepWorker(backend, steps, { concurrency: 4, logger: pino({ level: "silent" }) });
    stopWorker = () => worker.close();
  });

  afterAll(async () => {
    await stopWorker?.();
    await backend?.close();
    if (kind === "redis") await dropRedisNamespace(namespace);
  });

  /** Adds one job with 3 attempts and a short fixed backoff, and waits until the queue is empty. */
  async function play(key: string, script: Action[]): Promise<void> {
    scripts.set(key, script);
    await backend.addJob(
      "create-volume.provision",
      { taskId: key, volumeId: key },
      { jobId: key, attempts: 3, backoff: { type: "fixed", delay: 10 }, removeOnComplete: true, removeOnFail: true },
    );
    await drained(() => (jobs.runs.get(key) ?? 0) > 0);
  }

  async function drained(started: () => boolean): Promise<void> {
    await eventually("the queue to run the job and drain", async () =>
      started() && (await backend.countUnfinished()) === 0 ? true : undefined,
    );
  }

  it("does not count a wait as an attempt: ten waits, then a retryable error, then done", async () => {
    await play("waits", [...Array<Action>(10).fill("wait"), "retryable", "done"]);
    expect(jobs.runs.get("waits")).toBe(12);
    expect(jobs.failures.get("waits")).toBeUndefined();
  });

  it("retries a retryable error until the attempts are spent, then records the last error once", async () => {
    await play("busy", ["retryable", "retryable", "retryable", "done"]);
    expect(jobs.runs.get("busy")).toBe(3);
    const failures = jobs.failures.get("busy") ?? [];
    expect(failures).toHaveLength(1);
    expect((failures[0] as ArrayOperationError).nativeMessage).toBe("busy: busy (run 3)");
  });

  it("gives up at once on an error that is not retryable", async () => {
    await play("refused", ["final", "done"]);
    expect(jobs.runs.get("refused")).toBe(1);
    expect(jobs.failures.get("refused")).toHaveLength(1);
  });

  it("runs a settling step once, after all its parallel jobs ended, also when one of them failed for good", async () => {
    const taskId = `flow-${kind}`;
    scripts.set(`${taskId}-a`, ["final"]);
    scripts.set(`${taskId}-b`, ["wait", "wait", "done"]);
    const payload = (targetId: string) => ({ taskId, sessionId: "s", targetId });
    await new WorkflowLauncher(backend).launch({
      parallel: ["a", "b"].map((suffix) => ({
        name: "link-targets.link-target" as const,
        payload: payload(`${taskId}-${suffix}`),
        key: `${taskId}:${suffix}:link`,
      })),
      settle: { name: "link-targets.finish", payload: { taskId, sessionId: "s" }, key: `${taskId}:finish` },
    });
    await drained(() => (jobs.runs.get(taskId) ?? 0) > 0);

    expect(children.failures.get(`${taskId}-a`)).toHaveLength(1);
    expect(when(taskId, 1)).toBeGreaterThan(when(`${taskId}-a`, 1));
    expect(when(taskId, 1)).toBeGreaterThan(when(`${taskId}-b`, 3));
    expect(jobs.failures.get(taskId)).toBeUndefined();
    if (exactlyOnceRuns) {
      expect(children.runs.get(`${taskId}-a`)).toBe(1);
      expect(children.runs.get(`${taskId}-b`)).toBe(3);
      expect(jobs.runs.get(taskId)).toBe(1);
    }
  });

  it("accepts a flow delivered again and again while its jobs run and finish, and runs it to the end", async () => {
    const taskId = `again-${kind}`;
    const suffixes = Array.from({ length: 8 }, (_, i) => `c${i}`);
    for (const suffix of suffixes) scripts.set(`${taskId}-${suffix}`, ["wait", "wait", "wait"]);
    const plan = {
      parallel: suffixes.map((suffix) => ({
        name: "link-targets.link-target" as const,
        payload: { taskId, sessionId: "s", targetId: `${taskId}-${suffix}` },
        key: `${taskId}:${suffix}:link`,
      })),
      settle: { name: "link-targets.finish" as const, payload: { taskId, sessionId: "s" }, key: `${taskId}:finish` },
    };
    const launcher = new WorkflowLauncher(backend);

    // A relay redelivering the same outbox row, over and over, while the flow runs.
    const deadline = Date.now() + 15_000;
    while ((jobs.runs.get(taskId) ?? 0) === 0 && Date.now() < deadline) await launcher.launch(plan);
    await drained(() => true);

    // Every launch was accepted (none lost a deadlock), and the flow ran to its end once.
    for (const suffix of suffixes) {
      expect(when(taskId, 1)).toBeGreaterThan(when(`${taskId}-${suffix}`, 4));
      expect(children.failures.get(`${taskId}-${suffix}`)).toBeUndefined();
    }
    expect(jobs.failures.get(taskId)).toBeUndefined();
    if (exactlyOnceRuns) {
      // No finished child was created and run again by a later delivery.
      for (const suffix of suffixes) expect(children.runs.get(`${taskId}-${suffix}`)).toBe(4);
      expect(jobs.runs.get(taskId)).toBe(1);
    }
  });
});
