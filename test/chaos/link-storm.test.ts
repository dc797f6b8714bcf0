import { writeFile } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { StoredFaultPlan } from "../../src/drivers/simulation/fault-plan.js";
import { isDatabaseConnectionFailure } from "../../src/infrastructure/persistence/connection-failure.js";
import { PostgresArrayStateStore } from "../../src/infrastructure/persistence/simulated-arrays/postgres-array-state-store.js";
import {
  createConsistencyGroup,
  createGroupSession,
  createSession,
  createVolume,
  discoverSeededWorld,
} from "../support/e2e/seeded-world.js";
import { ViprClient } from "../support/e2e/vipr-client.js";
import { ChaosCluster, type QueueKind } from "./support/chaos-cluster.js";
import { readLedger } from "./support/invariants.js";
import {
  type GroupSource,
  type LinkOutcome,
  type LinkSource,
  planRequests,
  type Source,
  sendLink,
  targetsAsked,
} from "./support/link-storm.js";

/** The mock array's linked-target limit per source, set low so that requests run into it. */
const MOCK_LIMIT = 8;
const MOCK_SOURCES = 4;
const VMAX_SOURCES = 8;
/** The operations of a session run one at a time (docs/api/snapshot-sessions.md, serialisation): several sessions per source let links run side by side. */
const SESSIONS_PER_SOURCE = 3;
const REQUESTS_PER_MOCK_SOURCE = 20;
const REQUESTS_PER_VMAX_SOURCE = 28;
/**
 * Consistency groups on the VNX array, whose snapshot mount points per source are set low: links
 * to a group's sessions run at once and compete for each member's room. A member has no session
 * of its own: a session asked of a member is its group's.
 */
const VNX_LIMIT = 8;
const GROUPS = 2;
const MEMBERS_PER_GROUP = 2;
const GROUP_SESSIONS = 2;
const REQUESTS_PER_GROUP = 12;
/** Every accepted task must be ready or error this long after the last request and the last blow. */
const DRAIN_BOUND_MS = 90_000;
const SEED = Number(process.env.CHAOS_SEED ?? 20_251_127);

/** Runs `query`, waiting out a database that is restarting (the Postgres backend's store). */
async function whileReachable<T>(query: () => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await query();
    } catch (error) {
      if (!isDatabaseConnectionFailure(error) || attempt > 300) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

async function until<T>(what: string, deadlineMs: number, probe: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + deadlineMs;
  for (;;) {
    const value = await whileReachable(probe);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what} after ${deadlineMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe.each<QueueKind>(["redis", "postgres"])("chaos: a link storm on BullMQ over %s", (kind) => {
  let cluster: ChaosCluster;

  beforeAll(async () => {
    cluster = await ChaosCluster.start(kind);
  }, 240_000);

  afterAll(async () => {
    if (cluster && process.env.CHAOS_OUTPUT) await writeFile(`${process.env.CHAOS_OUTPUT}.${kind}`, cluster.outputs());
    await cluster?.stop();
  });

  it("loses no work, keeps every limit and leaves no orphan through a worker SIGKILL and a restart of the queue's store", async () => {
    const started = Date.now();
    const clients = cluster.apis.map((api) => new ViprClient(api.baseUrl));
    for (const client of clients) await client.login();
    const [client] = clients as [ViprClient];
    const world = await discoverSeededWorld(client);
    await cluster.dataSource.query(
      `UPDATE storage_systems SET settings = settings || jsonb_build_object('maxLinkedTargetsPerSource', $1::int)
        WHERE system_type = 'mock'`,
      [MOCK_LIMIT],
    );
    await cluster.dataSource.query(
      `UPDATE storage_systems SET settings = settings || jsonb_build_object('maxSnapshotMountPointsPerSource', $1::int)
        WHERE system_type = 'vnxblock'`,
      [VNX_LIMIT],
    );
    const families = [
      ...Array.from({ length: MOCK_SOURCES }, () => "mock" as const),
      ...Array.from({ length: VMAX_SOURCES }, () => "vmax" as const),
    ];
    const sources: Source[] = await Promise.all(
      families.map(async (family, i) => {
        const volumeId = await createVolume(client, world, family, `chaos-${family}-${i}`);
        const sessionIds: string[] = [];
        for (let s = 0; s < SESSIONS_PER_SOURCE; s++) {
          sessionIds.push(await createSession(client, volumeId, `chaos-${family}-${i}-snap${s}`));
        }
        return { family, volumeId, sessionIds };
      }),
    );
    const groups: GroupSource[] = [];
    const members: { family: "vnxblock"; volumeId: string }[] = [];
    for (let g = 0; g < GROUPS; g++) {
      const memberNames = Array.from({ length: MEMBERS_PER_GROUP }, (_, m) => `chaos-cg${g}-m${m}`);
      const { groupId, volumeIds } = await createConsistencyGroup(
        client,
        world,
        "vnxblock",
        `chaos-cg${g}`,
        memberNames,
      );
      const sessionIds: string[] = [];
      for (let s = 0; s < GROUP_SESSIONS; s++) {
        sessionIds.push(await createGroupSession(client, groupId, `chaos-cg${g}-snap${s}`));
      }
      groups.push({ family: "vnxblock", groupId, memberIds: volumeIds, sessionIds });
      for (const volumeId of volumeIds) members.push({ family: "vnxblock", volumeId });
    }
    const arrays: { native_id: string; system_type: string }[] = await cluster.dataSource.query(
      "SELECT native_id, system_type FROM storage_systems WHERE system_type IN ('mock', 'vmax', 'vnxblock')",
    );
    const mockArray = arrays.find((a) => a.system_type === "mock")?.native_id as string;
    const vmaxArray = arrays.find((a) => a.system_type === "vmax")?.native_id as string;
    const faults = new StoredFaultPlan(new PostgresArrayStateStore(cluster.dataSource));
    await faults.inject(mockArray, { operation: "link", count: 6, message: "chaos: link refused", retryable: false });
    await faults.inject(mockArray, { operation: "provision", count: 6, message: "chaos: array busy", retryable: true });
    await faults.inject(mockArray, { operation: "copy", count: 3, message: "chaos: copy refused", retryable: false });
    await faults.inject(mockArray, { operation: "delete", count: 3, message: "chaos: delete busy", retryable: true });
    // The first links on the SnapVX array take a while: the killed worker is in the middle of some.
    await faults.inject(vmaxArray, { operation: "link", count: 60, latencyMs: 1_500 });

    const perSource = (source: LinkSource) =>
      "groupId" in source
        ? REQUESTS_PER_GROUP
        : { mock: REQUESTS_PER_MOCK_SOURCE, vmax: REQUESTS_PER_VMAX_SOURCE, vnxblock: 0 }[source.family];
    const requests = planRequests([...sources, ...groups], perSource, SEED);
    const finishedLinkTasks = async () => {
      const [row]: { n: number }[] = await cluster.dataSource.query(
        "SELECT count(*)::int AS n FROM tasks WHERE name = 'LINK SNAPSHOT SESSION TARGETS' AND state IN ('ready', 'error')",
      );
      return row?.n ?? 0;
    };
    const pendingLinkTasks = async () => {
      const [row]: { n: number }[] = await cluster.dataSource.query(
        "SELECT count(*)::int AS n FROM tasks WHERE name = 'LINK SNAPSHOT SESSION TARGETS' AND state IN ('pending', 'queued')",
      );
      return row?.n ?? 0;
    };

    // The storm: every request at once, spread over both APIs.
    const stormStarted = Date.now();
    const storm = Promise.all(
      requests.map((request, i) => sendLink(clients[i % clients.length] as ViprClient, request)),
    );

    // The blows, while work is in flight: a worker SIGKILLed (and a new one started), then the
    // queue's store restarted.
    const blows: { what: string; pendingAt: number; activeJobsAt?: number }[] = [];
    // Each blow when enough tasks have finished, or after a while on a slow machine.
    const progressOrTime = (finished: number, ms: number) => {
      const by = Date.now() + ms;
      return until(`${finished} link tasks to finish`, ms + 5_000, async () =>
        Date.now() > by || (await finishedLinkTasks()) >= finished ? true : undefined,
      );
    };
    await progressOrTime(40, 20_000);
    const victim = cluster.workers[0];
    if (!victim) throw new Error("no worker to kill");
    const activeJobsAt = await until("steps to be running", 20_000, async () => {
      const active = (await cluster.queue.counts()).active ?? 0;
      return active > 0 ? active : undefined;
    });
    blows.push({ what: "SIGKILL worker", pendingAt: await pendingLinkTasks(), activeJobsAt });
    await cluster.killWorker(victim);
    await cluster.startWorker();
    await progressOrTime(100, 15_000);
    blows.push({ what: `restart ${kind === "redis" ? "Redis" : "Postgres"}`, pendingAt: await pendingLinkTasks() });
    await cluster.restartQueueStore();
    const lastBlow = Date.now();

    const outcomes: LinkOutcome[] = await storm;
    const stormAnswered = Date.now();
    const accepted = outcomes.filter((o) => o.status === 202);
    const acceptedIds = accepted.map((o) => o.taskId as string);

    const drainStarted = Math.max(lastBlow, stormAnswered);
    await until("every accepted task to be ready or error", DRAIN_BOUND_MS, async () => {
      const [row]: { n: number }[] = await cluster.dataSource.query(
        "SELECT count(*)::int AS n FROM tasks WHERE id = ANY($1) AND state IN ('ready', 'error')",
        [acceptedIds],
      );
      return row?.n === acceptedIds.length ? true : undefined;
    });
    const drained = Date.now();
    await until("the queue to be empty", 30_000, async () => ((await cluster.queue.total()) === 0 ? true : undefined));
    await until("the finished runs to be forgotten", 30_000, async () => {
      const [row]: { n: number }[] = await cluster.dataSource.query("SELECT count(*)::int AS n FROM workflow_runs");
      return row?.n === 0 ? true : undefined;
    });

    const ledger = await readLedger(
      cluster.dataSource,
      arrays.map((a) => a.native_id),
    );
    const targetsPerTask = new Map<string, number>(
      (
        (await cluster.dataSource.query(
          "SELECT link_task_id AS id, count(*)::int AS n FROM linked_targets WHERE link_task_id = ANY($1) GROUP BY link_task_id",
          [acceptedIds],
        )) as { id: string; n: number }[]
      ).map((row) => [row.id, row.n]),
    );
    const memberTargets = members.map(
      (member) => ledger.perSource.find((usage) => usage.sourceId === member.volumeId)?.targets,
    );
    const refusals = new Map<string, number>();
    for (const o of outcomes.filter((o) => o.status !== 202)) {
      const key = `${o.status}/${o.code}`;
      refusals.set(key, (refusals.get(key) ?? 0) + 1);
    }
    const figures = {
      backend: kind,
      seed: SEED,
      requests: requests.length,
      accepted: accepted.length,
      refused: Object.fromEntries(refusals),
      retriedAfter503: outcomes.reduce((sum, o) => sum + o.unavailable, 0),
      groupLinks: {
        requests: outcomes.filter((o) => "groupId" in o.request.source).length,
        accepted: accepted.filter((o) => "groupId" in o.request.source).length,
      },
      groupMembersTargets: memberTargets,
      tasks: ledger.tasks,
      errors: ledger.errors,
      linkedTargets: ledger.linkedTargets,
      kills: blows.filter((b) => b.what.startsWith("SIGKILL")).length,
      restarts: blows.filter((b) => b.what.startsWith("restart")).length,
      blows,
      stormAnsweredInMs: stormAnswered - stormStarted,
      timeToDrainMs: drained - drainStarted,
      totalMs: Date.now() - started,
    };
    console.log(`chaos figures ${JSON.stringify(figures, null, 2)}`);

    expect(requests.length).toBeGreaterThanOrEqual(300);
    // The blows landed while work was in flight.
    for (const blow of blows) expect(blow.pendingAt, blow.what).toBeGreaterThan(0);
    // Nothing a client sent was answered with a server error (503, unavailable, is no error).
    expect(outcomes.filter((o) => o.status >= 500 && o.status !== 503)).toEqual([]);
    expect([...refusals.keys()].every((key) => key.startsWith("400/") || key.startsWith("503/"))).toBe(true);
    expect(accepted.length).toBeGreaterThan(0);
    // Every accepted task reached ready or error, and prepared the targets it was asked for.
    expect((ledger.tasks.ready ?? 0) + (ledger.tasks.error ?? 0)).toBeGreaterThanOrEqual(accepted.length);
    expect(ledger.tasks.pending ?? 0).toBe(0);
    expect(ledger.tasks.queued ?? 0).toBe(0);
    for (const o of accepted) expect(targetsPerTask.get(o.taskId as string), o.taskId).toBe(targetsAsked(o.request));
    // Group links got through, and ran into a member's room.
    const groupLinks = outcomes.filter((o) => "groupId" in o.request.source);
    expect(groupLinks.some((o) => o.status === 202)).toBe(true);
    expect(groupLinks.some((o) => o.status === 400 && o.code === 1008)).toBe(true);
    expect(Math.max(...memberTargets.map((n) => n ?? 0))).toBe(VNX_LIMIT);
    // A task failed only for a fault injected on purpose, never for the chaos around it.
    for (const details of Object.keys(ledger.errors)) expect(details).toMatch(/chaos: (link|copy) refused/);
    // Linked targets = the targets of ready tasks + the linked ones of error tasks; nothing half done.
    expect(ledger.readyButIncomplete).toEqual([]);
    expect(ledger.halfDone).toEqual([]);
    expect(ledger.linkedTargets).toBe(ledger.expectedLinkedTargets);
    // No source over its limit, neither in the controller's records nor on the array.
    for (const source of [...sources, ...members]) {
      const usage = ledger.perSource.find((s) => s.sourceId === source.volumeId);
      const limit = { mock: MOCK_LIMIT, vnxblock: VNX_LIMIT, vmax: 1024 }[source.family];
      expect(usage?.targets, source.volumeId).toBeLessThanOrEqual(limit);
      expect(usage?.links, source.volumeId).toBeLessThanOrEqual(limit);
    }
    // The arrays and the controller agree: no orphan device or link either way.
    expect(ledger.devicesWithoutRecord).toEqual([]);
    expect(ledger.recordsWithoutDevice).toEqual([]);
    expect(ledger.linksWithoutTarget).toEqual([]);
    expect(ledger.linkedTargetsWithoutLink).toEqual([]);
  }, 300_000);
});
