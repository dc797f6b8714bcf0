import type { DataSource } from "typeorm";
import { expect } from "vitest";
import type { FaultPlan } from "../../../src/drivers/simulation/fault-plan.js";
import { createSession, createVolume, type SeededWorld } from "../e2e/seeded-world.js";
import type { ViprClient } from "../e2e/vipr-client.js";

/** What the scenarios work with: a coprsim whose workers are started and killed by the test. */
export interface CrashWorld {
  readonly client: ViprClient;
  readonly world: SeededWorld;
  /** The test's own connection to coprsim's database (records and the simulated arrays). */
  readonly db: DataSource;
  readonly faults: FaultPlan;
  /** Native id of the mock array every scenario runs on. */
  readonly mockArray: string;
}

/** What one run of a scenario acts on, made beforehand (with a worker that is not killed). */
export interface Prepared {
  readonly sourceId: string;
  /** The session the request is sent to. */
  readonly sessionId: string;
  /** Sessions whose operations the request also touches (a relink's origin). */
  readonly otherSessionIds: readonly string[];
  /** Targets already linked that the request acts on. */
  readonly targetIds: readonly string[];
}

export interface CrashScenario {
  readonly title: string;
  prepare(world: CrashWorld, name: string): Promise<Prepared>;
  /** Sends the request; answers its task's id. */
  send(world: CrashWorld, prepared: Prepared): Promise<string>;
  /**
   * Checks the outcome the task reached (softly, each assertion labelled with `label`);
   * `crashedAfter` is the boundary after which a worker was killed, null when none was.
   */
  checkOutcome(
    world: CrashWorld,
    prepared: Prepared,
    taskId: string,
    crashedAfter: string | null,
    label: string,
  ): Promise<void>;
}

const LINK_FAULT_MESSAGE = "crash test: link refused";

interface TargetRow {
  readonly id: string;
  readonly session_id: string;
  readonly native_id: string | null;
  readonly replica_state: string;
  readonly inactive: boolean;
  readonly failure: { details?: string } | null;
  readonly link_state: string;
}

async function taskOf(world: CrashWorld, taskId: string) {
  const [task]: { state: string; service_error: { details?: string } | null }[] = await world.db.query(
    "SELECT state, service_error FROM tasks WHERE id = $1",
    [taskId],
  );
  return task;
}

async function targetsOfLinkTask(world: CrashWorld, taskId: string): Promise<TargetRow[]> {
  return world.db.query(
    `SELECT id, session_id, native_id, replica_state, inactive, failure, link_state
       FROM linked_targets WHERE link_task_id = $1 ORDER BY label, id`,
    [taskId],
  );
}

async function targetsById(world: CrashWorld, ids: readonly string[]): Promise<TargetRow[]> {
  return world.db.query(
    `SELECT id, session_id, native_id, replica_state, inactive, failure, link_state
       FROM linked_targets WHERE id = ANY($1) ORDER BY label, id`,
    [ids],
  );
}

/** The snapshot each device is linked to on the mock array (`mocksnap-<n>`), by device. */
async function linksOf(world: CrashWorld, devices: readonly string[]): Promise<Map<string, string>> {
  const rows: { target_native_id: string; snap_id: string }[] = await world.db.query(
    "SELECT target_native_id, snap_id::text FROM sim.links WHERE array_id = $1 AND target_native_id = ANY($2)",
    [world.mockArray, devices],
  );
  return new Map(rows.map((row) => [row.target_native_id, `mocksnap-${row.snap_id}`]));
}

async function devicesPresent(world: CrashWorld, devices: readonly string[]): Promise<Set<string>> {
  const rows: { native_id: string }[] = await world.db.query(
    "SELECT native_id FROM sim.devices WHERE array_id = $1 AND native_id = ANY($2)",
    [world.mockArray, devices],
  );
  return new Set(rows.map((row) => row.native_id));
}

async function snapshotOf(world: CrashWorld, sessionId: string): Promise<string> {
  const [row]: { native_id: string }[] = await world.db.query("SELECT native_id FROM snapshot_sessions WHERE id = $1", [
    sessionId,
  ]);
  return row?.native_id as string;
}

async function sourceWithSession(world: CrashWorld, name: string): Promise<{ sourceId: string; sessionId: string }> {
  const sourceId = await createVolume(world.client, world.world, "mock", `${name}-src`);
  const sessionId = await createSession(world.client, sourceId, `${name}-snap`);
  return { sourceId, sessionId };
}

async function postLink(world: CrashWorld, sessionId: string, count: number, copyMode: "copy" | "nocopy") {
  const { status, body } = await world.client.post(`/block/snapshot-sessions/${sessionId}/link-targets`, {
    new_linked_targets: { count, target_name: "tgt", copy_mode: copyMode },
  });
  if (status !== 202) throw new Error(`link: ${status} ${JSON.stringify(body)}`);
  return body.task[0].id as string;
}

/** Links `count` nocopy targets and waits until they are: what a relink or an unlink acts on. */
async function linkedTargets(world: CrashWorld, sessionId: string, count: number): Promise<string[]> {
  const taskId = await postLink(world, sessionId, count, "nocopy");
  const task = await world.client.waitForTask(taskId);
  if (task.state !== "ready") throw new Error(`preparing linked targets: ${JSON.stringify(task)}`);
  return (await targetsOfLinkTask(world, taskId)).map((target) => target.id);
}

/** A link of `count` targets that ends ready: every target linked, to the session's snapshot. */
async function expectAllLinked(world: CrashWorld, prepared: Prepared, taskId: string, count: number, label: string) {
  const task = await taskOf(world, taskId);
  expect.soft(task?.state, `${label}: task state`).toBe("ready");
  const targets = await targetsOfLinkTask(world, taskId);
  expect.soft(targets.length, `${label}: targets`).toBe(count);
  const snapshot = await snapshotOf(world, prepared.sessionId);
  const links = await linksOf(
    world,
    targets.map((target) => target.native_id ?? ""),
  );
  for (const target of targets) {
    expect.soft(target, `${label}: target linked`).toMatchObject({
      replica_state: "SYNCHRONIZED",
      inactive: false,
      failure: null,
    });
    expect.soft(links.get(target.native_id ?? ""), `${label}: ${target.id} linked on the array`).toBe(snapshot);
  }
}

function linkScenario(copyMode: "copy" | "nocopy"): CrashScenario {
  return {
    title: `link of 3 targets, ${copyMode}`,
    async prepare(world, name) {
      return { ...(await sourceWithSession(world, name)), otherSessionIds: [], targetIds: [] };
    },
    send: (world, prepared) => postLink(world, prepared.sessionId, 3, copyMode),
    checkOutcome: (world, prepared, taskId, _crashedAfter, label) => expectAllLinked(world, prepared, taskId, 3, label),
  };
}

/**
 * A link of 3 targets whose first link on the array is refused: the refused target is rolled
 * back (device deleted, record inactive), the others stay linked, and the task ends `error`
 * with the array's text. A worker killed right after it spent the planned refusal (its write
 * to `sim.faults`), or right after the batch linked the other targets (`sim.links`), never
 * recorded it: the job runs again, the link is not refused a second time, and the task ends
 * ready.
 */
const linkWithRefusal: CrashScenario = {
  title: "link of 3 targets, one refused by the array",
  async prepare(world, name) {
    return { ...(await sourceWithSession(world, name)), otherSessionIds: [], targetIds: [] };
  },
  async send(world, prepared) {
    await world.faults.clear(world.mockArray);
    await world.faults.inject(world.mockArray, {
      operation: "link",
      count: 1,
      message: LINK_FAULT_MESSAGE,
      retryable: false,
    });
    return postLink(world, prepared.sessionId, 3, "nocopy");
  },
  async checkOutcome(world, prepared, taskId, crashedAfter, label) {
    // The array's refusal is known only to the worker until the job records it: killed after the
    // fault was spent (or after the rest of the batch was linked), the refused target is linked
    // when the job runs again.
    if (crashedAfter?.includes("sim.faults") || crashedAfter?.includes("insert sim.links")) {
      await expectAllLinked(world, prepared, taskId, 3, label);
      return;
    }
    const task = await taskOf(world, taskId);
    expect.soft(task?.state, `${label}: task state`).toBe("error");
    expect.soft(task?.service_error?.details, `${label}: task error`).toContain(LINK_FAULT_MESSAGE);
    const targets = await targetsOfLinkTask(world, taskId);
    const refused = targets.filter((target) => target.failure !== null);
    expect.soft(refused.length, `${label}: refused targets`).toBe(1);
    for (const target of refused) {
      expect.soft(target.failure?.details, `${label}: ${target.id} failure`).toContain(LINK_FAULT_MESSAGE);
      expect.soft(target, `${label}: refused target rolled back`).toMatchObject({ inactive: true });
      if (target.native_id) {
        const present = await devicesPresent(world, [target.native_id]);
        expect.soft(present.size, `${label}: ${target.id}'s device deleted`).toBe(0);
      }
    }
    const snapshot = await snapshotOf(world, prepared.sessionId);
    const kept = targets.filter((target) => target.failure === null);
    const links = await linksOf(
      world,
      kept.map((target) => target.native_id ?? ""),
    );
    for (const target of kept) {
      expect
        .soft(target, `${label}: target kept linked`)
        .toMatchObject({ replica_state: "SYNCHRONIZED", inactive: false });
      expect.soft(links.get(target.native_id ?? ""), `${label}: ${target.id} linked on the array`).toBe(snapshot);
    }
  },
};

/** Two linked targets of one session of a source moved to another session of it. */
const relink: CrashScenario = {
  title: "relink of 2 targets to another session of their source",
  async prepare(world, name) {
    const { sourceId, sessionId: origin } = await sourceWithSession(world, name);
    const targetIds = await linkedTargets(world, origin, 2);
    const destination = await createSession(world.client, sourceId, `${name}-snap2`);
    return { sourceId, sessionId: destination, otherSessionIds: [origin], targetIds };
  },
  async send(world, prepared) {
    const { status, body } = await world.client.post(`/block/snapshot-sessions/${prepared.sessionId}/relink-targets`, {
      ids: prepared.targetIds,
    });
    if (status !== 202) throw new Error(`relink: ${status} ${JSON.stringify(body)}`);
    return body.task[0].id as string;
  },
  async checkOutcome(world, prepared, taskId, _crashedAfter, label) {
    expect.soft((await taskOf(world, taskId))?.state, `${label}: task state`).toBe("ready");
    const targets = await targetsById(world, prepared.targetIds);
    const snapshot = await snapshotOf(world, prepared.sessionId);
    const links = await linksOf(
      world,
      targets.map((target) => target.native_id ?? ""),
    );
    for (const target of targets) {
      expect.soft(target, `${label}: target relinked`).toMatchObject({
        session_id: prepared.sessionId,
        replica_state: "SYNCHRONIZED",
        inactive: false,
      });
      expect.soft(links.get(target.native_id ?? ""), `${label}: ${target.id} relinked on the array`).toBe(snapshot);
    }
  },
};

/** Two linked targets unlinked: the first kept (it becomes a volume), the second deleted. */
const unlink: CrashScenario = {
  title: "unlink of 2 targets, one kept as a volume and one deleted",
  async prepare(world, name) {
    const { sourceId, sessionId } = await sourceWithSession(world, name);
    return { sourceId, sessionId, otherSessionIds: [], targetIds: await linkedTargets(world, sessionId, 2) };
  },
  async send(world, prepared) {
    const [kept, deleted] = prepared.targetIds;
    const { status, body } = await world.client.post(`/block/snapshot-sessions/${prepared.sessionId}/unlink-targets`, {
      linked_targets: [{ id: kept }, { id: deleted, delete_target: true }],
    });
    if (status !== 202) throw new Error(`unlink: ${status} ${JSON.stringify(body)}`);
    return body.id as string;
  },
  async checkOutcome(world, prepared, taskId, _crashedAfter, label) {
    expect.soft((await taskOf(world, taskId))?.state, `${label}: task state`).toBe("ready");
    const targets = await targetsById(world, prepared.targetIds);
    const devices = targets.map((target) => target.native_id ?? "");
    const links = await linksOf(world, devices);
    const present = await devicesPresent(world, devices);
    for (const target of targets) {
      expect.soft(target.inactive, `${label}: ${target.id} unlinked`).toBe(true);
      expect.soft(links.has(target.native_id ?? ""), `${label}: ${target.id}'s link gone from the array`).toBe(false);
    }
    const [kept, deleted] = prepared.targetIds.map((id) => targets.find((target) => target.id === id));
    const volumes: { n: number }[] = await world.db.query(
      "SELECT count(*)::int AS n FROM volumes WHERE native_id = $1 AND NOT inactive",
      [kept?.native_id],
    );
    expect.soft(volumes[0]?.n, `${label}: the kept target became one volume`).toBe(1);
    expect.soft(present.has(kept?.native_id ?? ""), `${label}: the kept target's device stays`).toBe(true);
    expect.soft(present.has(deleted?.native_id ?? ""), `${label}: the deleted target's device is gone`).toBe(false);
  },
};

export const CRASH_SCENARIOS: readonly CrashScenario[] = [
  linkScenario("nocopy"),
  linkScenario("copy"),
  linkWithRefusal,
  relink,
  unlink,
];
