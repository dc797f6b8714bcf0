/**
 * Loaded into a worker by the crash-at-every-boundary test only (`node --import tsx --import
 * ./test/support/crash/boundary-probe.ts src/main/worker.ts`), never by coprsim itself. It
 * finds the boundaries of the workflows as they run: the points after which a worker's work is
 * durable — a transaction that changed something commits, or a write sent alone (autocommit)
 * changes something — in coprsim's records or in the simulated arrays' state (schema `sim`: an
 * array call). Every such point passes through `pg.Client.prototype.query` on coprsim's pool,
 * which the probe wraps as the bench's round-trip counter does; the queue's own statements
 * (BullMQ's Postgres backend) are BullMQ's business and left alone. A transaction that changed
 * nothing (reads, an update of no row) is no boundary: stopping after it is stopping before it.
 *
 * A boundary is named from the code, so that a new step, or a new transaction in an old one, is
 * a new name without a list to keep up: its kind (`array` when it changed `sim`, else `records`),
 * the innermost function of the workflow code (`src/application/workflows/`,
 * `src/infrastructure/queue/`) on the async stack of its COMMIT or write — or, where the stack
 * shows none, the name of the job being run (each job runs in an AsyncLocalStorage context of
 * its own) — what it changed, and `#n`, its occurrence since the control's window began:
 * `array LinkTargetStep.run (update sim.arrays, insert sim.devices)#2`.
 *
 * Environment (read here only):
 * - `COPRSIM_TEST_BOUNDARY_LOG=<file>`: each boundary is appended as a JSON line as it passes;
 * - `COPRSIM_TEST_BOUNDARY_CONTROL=<file>`: read at each boundary (boundary-control.ts): a new
 *   window numbers the boundaries from 1 again; the one named `crashAfter` is logged, then the
 *   process SIGKILLs itself, the database having answered the COMMIT or the write.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import { appendFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { type Job, Worker } from "bullmq";
import pg from "pg";
import { type BoundaryRecord, readBoundaryControl } from "./boundary-control.js";

const logFile = process.env.COPRSIM_TEST_BOUNDARY_LOG;
const controlFile = process.env.COPRSIM_TEST_BOUNDARY_CONTROL;
const projectRoot = fileURLToPath(new URL("../../../", import.meta.url));
/** Enough frames to reach the workflow's, below TypeORM's and the simulated arrays' own. */
Error.stackTraceLimit = 80;

interface JobContext {
  readonly job: string;
  readonly taskId?: string;
}

const jobs = new AsyncLocalStorage<JobContext>();
const workerPrototype = Worker.prototype as unknown as {
  callProcessJob(job: Job, token: string, signal?: AbortSignal): Promise<unknown>;
};
const processJob = workerPrototype.callProcessJob;
workerPrototype.callProcessJob = function inJobContext(this: unknown, job, token, signal) {
  const taskId = (job.data as { taskId?: unknown } | null)?.taskId;
  return jobs.run({ job: job.name, ...(typeof taskId === "string" ? { taskId } : {}) }, () =>
    processJob.call(this, job, token, signal),
  );
};

const BEGIN = /^\s*(BEGIN|START\s+TRANSACTION)\b/i;
const COMMIT = /^\s*(COMMIT|END)\s*;?\s*$/i;
const ROLLBACK = /^\s*ROLLBACK\s*;?\s*$/i;
const WRITE_COMMANDS = new Set(["INSERT", "UPDATE", "DELETE"]);
/** Each INSERT, UPDATE or DELETE clause of a statement, and its table (a row lock's `FOR UPDATE` is none). */
const WRITE_CLAUSE =
  /\b(INSERT\s+INTO|(?<!\bFOR\s+(?:NO\s+KEY\s+)?)UPDATE|DELETE\s+FROM)\s+((?:"[^"]+"|\w+)(?:\.(?:"[^"]+"|\w+))?)/gi;
const WORKFLOW_CODE = /^src\/(application\/workflows|infrastructure\/queue)\//;

/** The explicit transaction in progress on each of coprsim's clients: what it changed so far. */
const transactions = new WeakMap<object, string[] | null>();
let window = 0;
const occurrences = new Map<string, number>();

function isCoprsimClient(client: object): boolean {
  const parameters = (client as { connectionParameters?: { application_name?: unknown } }).connectionParameters;
  return parameters?.application_name === "coprsim";
}

/**
 * What a statement changed, as `<verb> <table>`: nothing for a write that touched no row or a
 * plain read; every write clause of a data-modifying WITH (whose command tag is its SELECT's).
 */
function changesOf(text: string, result: unknown): string[] {
  const { command, rowCount } = (result ?? {}) as { command?: unknown; rowCount?: unknown };
  if (typeof command !== "string") return [];
  if (WRITE_COMMANDS.has(command) && !(typeof rowCount === "number" && rowCount > 0)) return [];
  if (!WRITE_COMMANDS.has(command) && command !== "SELECT") return [];
  return [...text.matchAll(WRITE_CLAUSE)].map(
    ([, verb, table]) => `${verb?.split(/\s/)[0]?.toLowerCase()} ${table?.replaceAll('"', "")}`,
  );
}

/** The innermost function of the workflow code on the stack (`Class.method`), or the job's name. */
function workflowFunction(stack: string, context: JobContext | undefined): string {
  for (const line of stack.split("\n").slice(1)) {
    const match = /^\s*at (?:async )?(?:(.+?) \()?(?:file:\/\/)?([^()]+?):\d+:\d+\)?$/.exec(line);
    const path = match?.[2];
    if (!path?.startsWith(projectRoot)) continue;
    if (WORKFLOW_CODE.test(path.slice(projectRoot.length))) return match?.[1] ?? "<anonymous>";
  }
  return `job ${context?.job ?? "none"}`;
}

function passed(changes: readonly string[], stack: string, context: JobContext | undefined): void {
  const control = controlFile ? readBoundaryControl(controlFile) : { window: 0, crashAfter: null };
  if (control.window !== window) {
    window = control.window;
    occurrences.clear();
  }
  const kind = changes.some((change) => change.includes(" sim.")) ? "array" : "records";
  const name = `${kind} ${workflowFunction(stack, context)} (${[...new Set(changes)].join(", ")})`;
  const n = (occurrences.get(name) ?? 0) + 1;
  occurrences.set(name, n);
  const boundary = `${name}#${n}`;
  const crash = boundary === control.crashAfter;
  const record: BoundaryRecord = {
    window,
    boundary,
    kind,
    ...(context?.job ? { job: context.job } : {}),
    ...(context?.taskId ? { taskId: context.taskId } : {}),
    ...(crash ? { crash: true as const } : {}),
  };
  if (logFile) appendFileSync(logFile, `${JSON.stringify(record)}\n`);
  if (crash) process.kill(process.pid, "SIGKILL");
}

/** Runs `then` with the statement's result once the server has answered it; the caller's result is left alone. */
function onAnswer(this: object, args: unknown[], then: (result: unknown) => void): unknown {
  const callback = args.at(-1);
  if (typeof callback === "function") {
    return originalQuery.apply(this, [
      ...args.slice(0, -1),
      (error: unknown, result: unknown) => {
        if (!error) then(result);
        callback(error, result);
      },
    ]);
  }
  const returned = originalQuery.apply(this, args);
  if (returned && typeof (returned as Promise<unknown>).then === "function") {
    (returned as Promise<unknown>).then(then, () => undefined);
  }
  return returned;
}

const originalQuery = pg.Client.prototype.query as (...args: unknown[]) => unknown;
pg.Client.prototype.query = function probedQuery(this: object, ...args: unknown[]) {
  if (!isCoprsimClient(this)) return originalQuery.apply(this, args);
  const config = args[0] as { text?: unknown } | string | undefined;
  const text = typeof config === "string" ? config : typeof config?.text === "string" ? config.text : "";
  const open = transactions.get(this) ?? null;
  if (BEGIN.test(text)) {
    transactions.set(this, []);
    return originalQuery.apply(this, args);
  }
  if (open && ROLLBACK.test(text)) {
    transactions.set(this, null);
    return originalQuery.apply(this, args);
  }
  if (open && COMMIT.test(text)) {
    transactions.set(this, null);
    const stack = new Error().stack ?? "";
    const context = jobs.getStore();
    // Its statements' answers have come before its own: `open` is complete by then.
    return onAnswer.call(this, args, () => {
      if (open.length > 0) passed(open, stack, context);
    });
  }
  if (open) return onAnswer.call(this, args, (result) => open.push(...changesOf(text, result)));
  const stack = new Error().stack ?? "";
  const context = jobs.getStore();
  return onAnswer.call(this, args, (result) => {
    const changes = changesOf(text, result);
    if (changes.length > 0) passed(changes, stack, context);
  });
} as typeof pg.Client.prototype.query;
