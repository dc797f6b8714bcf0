import { createSession, createVolume, discoverSeededWorld } from "../../test/support/e2e/seeded-world.js";
import { ViprClient } from "../../test/support/e2e/vipr-client.js";
import type { Completions } from "../support/completions.js";
import type { CpuMeter } from "../support/cpu-usage.js";
import type { HttpClient } from "../support/http-client.js";
import { closedLoop, type Latency, latencySamples, percentile, type Throughput } from "../support/load.js";
import type { LoadPlan } from "./load-plan.js";

export interface LinkWorld {
  readonly token: string;
  readonly throughputSessions: readonly string[];
  readonly latencySession: string;
  /** One fresh session (on its own source volume) per fan-out size. */
  readonly fanOutSessions: ReadonlyMap<number, string>;
  /** A fresh session (on its own source volume) for the large session's measures. */
  readonly largeSession: string;
}

/**
 * Logs in and creates, on the mock array, a source volume and a session for each session
 * the plan needs: no run shares a source with another, so none comes near a source's limit.
 */
export async function prepareLinkWorld(baseUrl: string, plan: LoadPlan): Promise<LinkWorld> {
  const vipr = new ViprClient(baseUrl);
  const token = await vipr.login();
  const world = await discoverSeededWorld(vipr);
  const session = async (name: string) => createSession(vipr, await createVolume(vipr, world, "mock", name), name);
  const throughputSessions = await Promise.all(
    Array.from({ length: plan.throughputSessions }, (_, i) => session(`tput${i}`)),
  );
  const latencySession = await session("latency");
  const fanOutSessions = new Map<number, string>();
  for (const count of plan.fanOuts) fanOutSessions.set(count, await session(`fanout${count}`));
  const largeSession = await session("large");
  return { token, throughputSessions, latencySession, fanOutSessions, largeSession };
}

/** POST link-targets (nocopy) and wait until the task is `ready`; resolves to the time it took (ms). */
export async function linkToReady(
  client: HttpClient,
  completions: Completions,
  sessionId: string,
  targetName: string,
  count: number,
  timeoutMs = 300_000,
): Promise<number> {
  const started = performance.now();
  const body = await client.json(
    "POST",
    `/block/snapshot-sessions/${sessionId}/link-targets`,
    { new_linked_targets: { count, target_name: targetName, copy_mode: "nocopy" } },
    202,
  );
  const taskId: string = body.task[0].id;
  const done = await completions.wait(taskId, timeoutMs);
  if (done.state !== "ready") {
    const task = await client.json("GET", `/vdc/tasks/${taskId}`);
    throw new Error(`link task ${taskId} ended ${done.state}: ${JSON.stringify(task?.service_error)}`);
  }
  return done.at - started;
}

/**
 * Count=1 links by the plan's clients, each on a session of its own. Target names start with
 * `namePrefix`: a source refuses a name in use, so each run over the same sessions needs its own.
 */
export function measureLinkThroughput(
  client: HttpClient,
  completions: Completions,
  world: LinkWorld,
  plan: LoadPlan,
  namePrefix: string,
  cpu?: CpuMeter,
): Promise<Throughput> {
  return closedLoop({
    cpu,
    clients: plan.clients,
    warmupMs: plan.warmupMs,
    measureMs: plan.measureMs,
    operation: async (index, iteration) => {
      const session = world.throughputSessions[index % world.throughputSessions.length]!;
      await linkToReady(client, completions, session, `${namePrefix}${index}-${iteration}`, 1);
    },
  });
}

/** One client's count=1 links, one after the other; `measured` brackets the timed ones. */
export function measureLinkLatency(
  client: HttpClient,
  completions: Completions,
  world: LinkWorld,
  plan: LoadPlan,
  measured?: { start(): Promise<void>; end(): Promise<void> },
): Promise<Latency> {
  return latencySamples({
    warmup: plan.latencyWarmup,
    samples: plan.latencySamples,
    operation: (i) => linkToReady(client, completions, world.latencySession, `l${i}`, 1),
    ...(measured ? { measured } : {}),
  });
}

/**
 * One request of `count` targets per size: seconds to `ready`. `measured`, when given, brackets
 * each request and is told its size.
 */
export async function measureFanOuts(
  client: HttpClient,
  completions: Completions,
  world: LinkWorld,
  counts: readonly number[],
  log: (line: string) => void,
  measured?: { start(): Promise<void>; end(count: number): Promise<void> },
): Promise<Map<number, number>> {
  const seconds = new Map<number, number>();
  for (const count of counts) {
    const session = world.fanOutSessions.get(count);
    if (session === undefined) throw new Error(`no session prepared for a fan-out of ${count}`);
    await measured?.start();
    const ms = await linkToReady(client, completions, session, "f", count);
    log(`  fan-out ${count}: ${(ms / 1000).toFixed(2)} s`);
    await measured?.end(count);
    seconds.set(count, ms / 1000);
  }
  return seconds;
}

/** The ids of the session's linked targets, as its representation lists them. */
export async function linkedTargetsOf(client: HttpClient, sessionId: string): Promise<string[]> {
  const session = await client.json("GET", `/block/snapshot-sessions/${sessionId}`, undefined, 200);
  return ((session.linked_targets ?? []) as { id: string }[]).map((target) => target.id);
}

/**
 * Unlinks every linked target of the session in one request (the targets are kept, as volumes)
 * and waits until the task is `ready`; resolves to the seconds it took.
 */
export async function unlinkAllToReady(
  client: HttpClient,
  completions: Completions,
  sessionId: string,
  timeoutMs: number,
): Promise<number> {
  const ids = await linkedTargetsOf(client, sessionId);
  const started = performance.now();
  const task = await client.json(
    "POST",
    `/block/snapshot-sessions/${sessionId}/unlink-targets`,
    { linked_targets: ids.map((id) => ({ id })) },
    202,
  );
  const done = await completions.wait(task.id, timeoutMs);
  if (done.state !== "ready") {
    const settled = await client.json("GET", `/vdc/tasks/${task.id}`);
    throw new Error(`unlink task ${task.id} ended ${done.state}: ${JSON.stringify(settled?.service_error)}`);
  }
  const left = await linkedTargetsOf(client, sessionId);
  if (left.length > 0) throw new Error(`session ${sessionId} still has ${left.length} linked targets after the unlink`);
  return (done.at - started) / 1000;
}

/** The median time of `samples` GETs of the session, one at a time, after two unmeasured ones. */
export async function sessionReadMs(client: HttpClient, sessionId: string, samples: number): Promise<number> {
  const durations: number[] = [];
  for (let i = 0; i < samples + 2; i++) {
    const started = performance.now();
    const response = await client.send("GET", `/block/snapshot-sessions/${sessionId}`, undefined, {
      accept: "application/json",
    });
    if (response.status !== 200) throw new Error(`GET session ${sessionId}: HTTP ${response.status}`);
    if (i >= 2) durations.push(performance.now() - started);
  }
  durations.sort((a, b) => a - b);
  return percentile(durations, 50);
}
