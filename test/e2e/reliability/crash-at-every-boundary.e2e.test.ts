import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { DataSource } from "typeorm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { StoredFaultPlan } from "../../../src/drivers/simulation/fault-plan.js";
import { createDataSource } from "../../../src/infrastructure/persistence/data-source.js";
import { PostgresArrayStateStore } from "../../../src/infrastructure/persistence/simulated-arrays/postgres-array-state-store.js";
import { readLedger } from "../../chaos/support/invariants.js";
import { type BoundaryRecord, readBoundaryLog, writeBoundaryControl } from "../../support/crash/boundary-control.js";
import {
  CRASH_SCENARIOS,
  type CrashScenario,
  type CrashWorld,
  type Prepared,
} from "../../support/crash/crash-scenarios.js";
import { createIsolatedEnvironment, type IsolatedEnvironment } from "../../support/e2e/isolated-environment.js";
import { discoverSeededWorld } from "../../support/e2e/seeded-world.js";
import { type RunningService, startService } from "../../support/e2e/service-process.js";
import { ViprClient } from "../../support/e2e/vipr-client.js";
import { openQueueInspector, type QueueInspector } from "../../support/queue/queue-inspector.js";

/**
 * A worker killed at each boundary of a workflow in turn, and the invariants of the chaos suite
 * checked after a new worker has finished the work. The boundaries — each commit of the
 * worker's records, each array call (a commit touching the simulated arrays' schema `sim`) — are
 * not listed here: a probe loaded into the worker (test/support/crash/boundary-probe.ts) finds
 * and names them as a run without a crash passes them (the discovery run), so a new step, or a
 * new transaction in an old one, is covered without editing this test. Then, for each boundary
 * found, a fresh copy of the scenario's resources, the same request, and a worker told to
 * SIGKILL itself right after that boundary; the next worker (started at once, as an operator's
 * supervisor would) takes the killed worker's steps up once their lock lapses.
 *
 * Workers run one step at a time, so that a run passes the boundaries the discovery run did, each
 * name as many times. (The order may differ where the workflow's does: an unlink takes its targets
 * in the order of their ids' hashes, as the real controller does; a name says what the boundary
 * changed, which tells the kept target's record from the deleted one's.) The mock array copies
 * in 2 clock ticks (200 ms) and a step looks at a copy again 1.5 s later: each copy-mode target
 * is seen copying exactly once, and every target's first pass is over before the first second
 * look (whose record raises the task's progress, a write the first looks do not make), with a
 * wide margin on a loaded machine.
 */

type QueueKind = "redis" | "postgres";

const PROBE = "./test/support/crash/boundary-probe.ts";
/** The mock's limit per source: the largest scenario needs all of it, so a duplicate link would exceed it. */
const MOCK_LIMIT = 3;
const MOCK_COPY_TICKS = 2;
const POLL_INTERVAL_MS = 1_500;
/** A killed worker's steps are taken up 1–2 s after its death instead of 10–20 s. */
const STEP_LOCK_MS = 1_000;
const SETTLE_BOUND_MS = 60_000;
const QUIET_BOUND_MS = 20_000;

async function until<T>(what: string, deadlineMs: number, probe: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + deadlineMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what} after ${deadlineMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe.each<QueueKind>(["redis", "postgres"])(
  "a worker killed after each boundary of a workflow, BullMQ over %s",
  (kind) => {
    let environment: IsolatedEnvironment;
    let dir: string;
    let env: Record<string, string>;
    let api: RunningService;
    let worker: RunningService | undefined;
    let db: DataSource;
    let queue: QueueInspector;
    let world: CrashWorld;
    let controlFile: string;
    let logFile: string;
    let window = 0;
    /** Whole-database findings already reported (see checkInvariants). */
    const reported = new Set<string>();
    const figures: Record<string, unknown>[] = [];

    beforeAll(async () => {
      environment = await createIsolatedEnvironment();
      dir = await mkdtemp(join(tmpdir(), "coprsim-boundaries-"));
      controlFile = join(dir, "control.json");
      logFile = join(dir, "boundaries.jsonl");
      env = {
        ...environment.env,
        REDIS_URL: kind === "redis" ? (environment.env.REDIS_URL as string) : "",
        COPRSIM_CLOCK: "fast",
        COPRSIM_POLL_INTERVAL_MS: String(POLL_INTERVAL_MS),
        COPRSIM_STEP_LOCK_MS: String(STEP_LOCK_MS),
        COPRSIM_RECONCILE_INTERVAL_MS: "1000",
        COPRSIM_WORKER_CONCURRENCY: "1",
        COPRSIM_SHUTDOWN_GRACE_MS: "1000",
        COPRSIM_DB_POOL_SIZE: "6",
        COPRSIM_TEST_BOUNDARY_LOG: logFile,
        COPRSIM_TEST_BOUNDARY_CONTROL: controlFile,
      };
      api = await startService("api", env, { readyTimeoutMs: 120_000 });
      worker = await startWorker();
      db = createDataSource({ url: environment.databaseUrl, poolSize: 2, applicationName: "crash-test" });
      await db.initialize();
      queue = openQueueInspector({
        redisUrl: env.REDIS_URL || undefined,
        databaseUrl: environment.databaseUrl,
        namespace: env.COPRSIM_QUEUE_NAMESPACE as string,
      });
      const client = new ViprClient(api.baseUrl);
      await client.login();
      await db.query(
        `UPDATE storage_systems SET settings = settings || jsonb_build_object('maxLinkedTargetsPerSource', $1::int, 'ticks', $2::int)
        WHERE system_type = 'mock'`,
        [MOCK_LIMIT, MOCK_COPY_TICKS],
      );
      await recordTaskTransitions(db);
      const [mock]: { native_id: string }[] = await db.query(
        "SELECT native_id FROM storage_systems WHERE system_type = 'mock'",
      );
      world = {
        client,
        world: await discoverSeededWorld(client),
        db,
        faults: new StoredFaultPlan(new PostgresArrayStateStore(db)),
        mockArray: mock?.native_id as string,
      };
    }, 180_000);

    afterAll(async () => {
      console.log(`crash-at-every-boundary figures (${kind}) ${JSON.stringify(figures, null, 2)}`);
      await Promise.all([api?.stop(), worker?.stop()]);
      await queue?.close();
      if (db?.isInitialized) await db.destroy();
      await environment?.dispose();
      await rm(dir, { recursive: true, force: true });
    });

    /** A worker with the probe: it logs each boundary and, when told to, kills itself after one. */
    function startWorker(): Promise<RunningService> {
      return startService("worker", env, { nodeImports: [PROBE], readyTimeoutMs: 120_000 });
    }

    /** Starts a new window of the probe: boundaries counted from 1 again, a kill after `crashAfter`. */
    function startWindow(crashAfter: string | null): number {
      window += 1;
      writeBoundaryControl(controlFile, { window, crashAfter });
      return window;
    }

    async function settled(taskId: string): Promise<boolean> {
      const [row]: { state: string }[] = await db.query("SELECT state FROM tasks WHERE id = $1", [taskId]);
      return row?.state === "ready" || row?.state === "error";
    }

    /**
     * Nothing left running: no job in the queue, no operation of the sessions, no workflow run
     * left (the reconciler forgets a run once its task is finished). Between runs too, so that
     * nothing of one run passes a boundary in the next one's window.
     */
    async function quiet(sessionIds: readonly string[]): Promise<string | undefined> {
      const jobs = await queue.total();
      const [row]: { runs: number; operations: number }[] = await db.query(
        `SELECT (SELECT count(*)::int FROM workflow_runs) AS runs,
              (SELECT count(*)::int FROM session_operations WHERE session_id = ANY($1)) AS operations`,
        [sessionIds],
      );
      if (jobs === 0 && row?.runs === 0 && row?.operations === 0) return undefined;
      return `${jobs} jobs in the queue, ${row?.runs} workflow runs, ${row?.operations} session operations`;
    }

    async function untilQuiet(sessionIds: readonly string[]): Promise<string | undefined> {
      const deadline = Date.now() + QUIET_BOUND_MS;
      for (;;) {
        const left = await quiet(sessionIds);
        if (left === undefined || Date.now() > deadline) return left;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }

    async function prepareAll(scenario: CrashScenario, key: string, count: number): Promise<Prepared[]> {
      const prepared: Prepared[] = [];
      // A few at a time: the worker runs one step at a time anyway.
      for (let i = 0; i < count; i += 4) {
        const batch = Array.from({ length: Math.min(4, count - i) }, (_, j) =>
          scenario.prepare(world, `${kind}-${key}-${i + j}`),
        );
        prepared.push(...(await Promise.all(batch)));
      }
      expect(await untilQuiet([]), "preparation left work behind").toBeUndefined();
      return prepared;
    }

    /** The invariants of the chaos suite after a run, and the scenario's outcome; softly, labelled. */
    async function checkInvariants(
      scenario: CrashScenario,
      prepared: Prepared,
      taskId: string,
      crashedAfter: string | null,
    ): Promise<void> {
      const label = crashedAfter ?? "no crash";
      const sessionIds = [prepared.sessionId, ...prepared.otherSessionIds];
      expect.soft(await untilQuiet(sessionIds), `${label}: something left running`).toBeUndefined();
      // Settled once: one transition into ready or error, and nothing changed after it.
      const transitions: { old_state: string; new_state: string; old_end: string | null; new_end: string | null }[] =
        await db.query(
          "SELECT old_state, new_state, old_end::text, new_end::text FROM test_task_transitions WHERE task_id = $1 ORDER BY seq",
          [taskId],
        );
      const finished = (state: string) => state === "ready" || state === "error";
      expect
        .soft(
          transitions.filter((t) => finished(t.new_state) && !finished(t.old_state)).length,
          `${label}: transitions into ready or error`,
        )
        .toBe(1);
      expect
        .soft(
          transitions.filter((t) => finished(t.old_state)),
          `${label}: changes to the task after it settled`,
        )
        .toEqual([]);
      expect.soft(transitions.filter((t) => t.new_end !== null).length, `${label}: end time written`).toBe(1);
      await scenario.checkOutcome(world, prepared, taskId, crashedAfter, label);
      const ledger = await readLedger(db, [world.mockArray]);
      expect.soft(ledger.tasks.pending ?? 0, `${label}: link tasks pending`).toBe(0);
      expect.soft(ledger.tasks.queued ?? 0, `${label}: link tasks queued`).toBe(0);
      expect
        .soft(ledger.readyButIncomplete.includes(taskId), `${label}: ready but not every target linked`)
        .toBe(false);
      // What the whole database shows wrong is reported at the run that made it wrong, once.
      const newly = (what: string, items: readonly string[]) => {
        const fresh = items.filter((item) => !reported.has(`${what} ${item}`));
        for (const item of fresh) reported.add(`${what} ${item}`);
        expect.soft(fresh, `${label}: ${what}`).toEqual([]);
      };
      newly("targets neither linked nor rolled back", ledger.halfDone);
      const bothLinkedAndFailed: { id: string }[] = await db.query(
        "SELECT id FROM linked_targets WHERE replica_state = 'SYNCHRONIZED' AND failure IS NOT NULL",
      );
      newly(
        "targets both linked and failed",
        bothLinkedAndFailed.map((row) => row.id),
      );
      newly(
        `sources over the limit of ${MOCK_LIMIT} (linked targets, links on the array)`,
        ledger.perSource
          .filter((usage) => usage.targets > MOCK_LIMIT || usage.links > MOCK_LIMIT)
          .map((usage) => `${usage.sourceId} (${usage.targets}, ${usage.links})`),
      );
      newly("devices without a record", ledger.devicesWithoutRecord);
      newly("records without a device", ledger.recordsWithoutDevice);
      newly("links without a linked target", ledger.linksWithoutTarget);
      newly("linked targets without a link", ledger.linkedTargetsWithoutLink);
    }

    /** The scenario once without a crash: the boundaries its workflow passes, in order. */
    async function discover(scenario: CrashScenario, prepared: Prepared): Promise<string[]> {
      const started = startWindow(null);
      const taskId = await scenario.send(world, prepared);
      await until("the discovery run's task to settle", SETTLE_BOUND_MS, async () =>
        (await settled(taskId)) ? true : undefined,
      );
      await checkInvariants(scenario, prepared, taskId, null);
      const passed = readBoundaryLog(logFile).filter((record) => record.window === started);
      // The task's own, and those outside any job until its last (the relay's delivery); after
      // it, outside jobs, only what follows a finished task (the reconciler forgetting its run).
      const last = passed.findLastIndex((record) => record.taskId === taskId);
      const run: BoundaryRecord[] = passed.slice(0, last + 1);
      expect(
        run.filter((record) => record.job !== undefined && record.taskId !== taskId),
        "boundaries of another task's jobs in the window",
      ).toEqual([]);
      return run.filter((record) => record.taskId === taskId || record.job === undefined).map((r) => r.boundary);
    }

    /** The scenario with a worker killed after `boundary`, finished by the next worker. */
    async function crashAfter(scenario: CrashScenario, prepared: Prepared, boundary: string): Promise<void> {
      const victim = worker as RunningService;
      const started = startWindow(boundary);
      const taskId = await scenario.send(world, prepared);
      let death: number | NodeJS.Signals | undefined;
      void victim.exited.then((how) => (death = how));
      const ended = await until(`the worker to die after ${boundary}`, SETTLE_BOUND_MS, async () => {
        if (death !== undefined) return death;
        if (!(await settled(taskId))) return undefined;
        // The boundary may be the settling commit itself: its kill comes a moment after.
        await Promise.race([victim.exited, new Promise((resolve) => setTimeout(resolve, 3_000))]);
        return death ?? "not killed: the task settled";
      });
      // Told to crash no more before the next worker starts: it must finish the work.
      startWindow(null);
      expect.soft(ended, `${boundary}: the worker was killed there`).toBe("SIGKILL");
      if (ended === "SIGKILL") {
        const last = readBoundaryLog(logFile)
          .filter((record) => record.window === started)
          .at(-1);
        expect.soft(last, `${boundary}: the probe's last boundary`).toMatchObject({ boundary, crash: true });
      } else {
        await victim.stop();
      }
      worker = await startWorker();
      await until(`the task to settle after a crash at ${boundary}`, SETTLE_BOUND_MS, async () =>
        (await settled(taskId)) ? true : undefined,
      );
      await checkInvariants(scenario, prepared, taskId, boundary);
    }

    for (const [index, scenario] of CRASH_SCENARIOS.entries()) {
      it(scenario.title, async () => {
        const began = Date.now();
        const key = `s${index}`;
        const [first] = await prepareAll(scenario, `${key}-d`, 1);
        const boundaries = await discover(scenario, first as Prepared);
        console.log(`boundaries of "${scenario.title}" (${kind}):\n  ${boundaries.join("\n  ")}`);
        // A probe that stops seeing boundaries must fail this test, not let it pass with nothing to do.
        expect(boundaries.filter((b) => b.startsWith("array ")).length, "array boundaries found").toBeGreaterThan(0);
        expect(boundaries.filter((b) => b.startsWith("records ")).length, "records boundaries found").toBeGreaterThan(
          0,
        );
        const discovered = Date.now();
        const runs = await prepareAll(scenario, key, boundaries.length);
        const prepared = Date.now();
        for (const [i, boundary] of boundaries.entries()) await crashAfter(scenario, runs[i] as Prepared, boundary);
        figures.push({
          scenario: scenario.title,
          boundaries: boundaries.length,
          discoveryMs: discovered - began,
          preparationMs: prepared - discovered,
          crashesMs: Date.now() - prepared,
          perCrashMs: Math.round((Date.now() - prepared) / boundaries.length),
        });
      }, 900_000);
    }
  },
);

/** Every change of a task's state or end time, kept by a trigger of the test's own (its scratch database's). */
async function recordTaskTransitions(db: DataSource): Promise<void> {
  await db.query(`
    CREATE TABLE test_task_transitions (
      seq bigserial PRIMARY KEY, task_id text NOT NULL, old_state text, new_state text,
      old_end bigint, new_end bigint, at timestamptz NOT NULL DEFAULT clock_timestamp());
    CREATE FUNCTION test_record_task_transition() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      INSERT INTO test_task_transitions (task_id, old_state, new_state, old_end, new_end)
        VALUES (NEW.id, OLD.state, NEW.state, OLD.end_time, NEW.end_time);
      RETURN NULL;
    END $$;
    CREATE TRIGGER test_task_transitions AFTER UPDATE ON tasks FOR EACH ROW
      WHEN (OLD.state IS DISTINCT FROM NEW.state OR OLD.end_time IS DISTINCT FROM NEW.end_time)
      EXECUTE FUNCTION test_record_task_transition();`);
}
