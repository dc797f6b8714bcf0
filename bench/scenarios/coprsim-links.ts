import { createSession, createVolume, discoverSeededWorld } from "../../test/support/e2e/seeded-world.js";
import { ViprClient } from "../../test/support/e2e/vipr-client.js";
import type { Completions } from "../support/completions.js";
import type { CpuMeter } from "../support/cpu-usage.js";
import type { HttpClient } from "../support/http-client.js";
import { closedLoop, type Latency, latencySamples, type Throughput } from "../support/load.js";
import type { LoadPlan } from "./load-plan.js";

export interface LinkWorld {
  readonly token: string;
  readonly throughputSessions: readonly string[];
  readonly latencySession: string;
  /** One fresh session (on its own source volume) per fan-out size. */
  readonly fanOutSessions: ReadonlyMap<number, string>;
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
  return { token, throughputSessions, latencySession, fanOutSessions };
}

/** POST link-targets (nocopy) and wait until the task is `ready`; resolves to the time it took (ms). */
export async function linkToReady(
  client: HttpClient,
  completions: Completions,
  sessionId: string,
  targetName: string,
  count: number,
): Promise<number> {
  const started = performance.now();
  const body = await client.json(
    "POST",
    `/block/snapshot-sessions/${sessionId}/link-targets`,
    { new_linked_targets: { count, target_name: targetName, copy_mode: "nocopy" } },
    202,
  );
  const taskId: string = body.task[0].id;
  const done = await completions.wait(taskId, 300_000);
  if (done.state !== "ready") {
    const task = await client.json("GET", `/vdc/tasks/${taskId}`);
    throw new Error(`link task ${taskId} ended ${done.state}: ${JSON.stringify(task?.service_error)}`);
  }
  return done.at - started;
}

export function measureLinkThroughput(
  client: HttpClient,
  completions: Completions,
  world: LinkWorld,
  plan: LoadPlan,
  cpu?: CpuMeter,
): Promise<Throughput> {
  return closedLoop({
    cpu,
    clients: plan.clients,
    warmupMs: plan.warmupMs,
    measureMs: plan.measureMs,
    operation: async (index, iteration) => {
      const session = world.throughputSessions[index % world.throughputSessions.length]!;
      await linkToReady(client, completions, session, `c${index}-${iteration}`, 1);
    },
  });
}

export function measureLinkLatency(
  client: HttpClient,
  completions: Completions,
  world: LinkWorld,
  plan: LoadPlan,
): Promise<Latency> {
  return latencySamples({
    warmup: plan.latencyWarmup,
    samples: plan.latencySamples,
    operation: (i) => linkToReady(client, completions, world.latencySession, `l${i}`, 1),
  });
}

/** One request of `count` targets per size: seconds to `ready`. */
export async function measureFanOuts(
  client: HttpClient,
  completions: Completions,
  world: LinkWorld,
  counts: readonly number[],
  log: (line: string) => void,
): Promise<Map<number, number>> {
  const seconds = new Map<number, number>();
  for (const count of counts) {
    const session = world.fanOutSessions.get(count);
    if (session === undefined) throw new Error(`no session prepared for a fan-out of ${count}`);
    const ms = await linkToReady(client, completions, session, "f", count);
    log(`  fan-out ${count}: ${(ms / 1000).toFixed(2)} s`);
    seconds.set(count, ms / 1000);
  }
  return seconds;
}
