import type { Completions } from "../support/completions.js";
import type { CpuMeter } from "../support/cpu-usage.js";
import type { HttpClient } from "../support/http-client.js";
import { closedLoop, type Latency, latencySamples, type Throughput } from "../support/load.js";
import type { LoadPlan } from "./load-plan.js";

/** POST /jobs (one transaction + one job), then wait until the bare worker's update commits. */
async function bareJob(client: HttpClient, completions: Completions): Promise<number> {
  const started = performance.now();
  const { id } = await client.json("POST", "/jobs", {}, 202);
  const done = await completions.wait(id);
  if (done.state !== "ready") throw new Error(`bare job ${id} ended ${done.state}`);
  return done.at - started;
}

/**
 * The baseline: the bare stack's throughput with the plan's clients, and one client's latency;
 * `measured` brackets the timed jobs of the latter.
 */
export async function measureBareStack(
  client: HttpClient,
  completions: Completions,
  plan: LoadPlan,
  cpu?: CpuMeter,
  measured?: { start(): Promise<void>; end(): Promise<void> },
): Promise<{ throughput: Throughput; latency: Latency }> {
  const throughput = await closedLoop({
    cpu,
    clients: plan.clients,
    warmupMs: plan.warmupMs,
    measureMs: plan.measureMs,
    operation: async () => void (await bareJob(client, completions)),
  });
  const latency = await latencySamples({
    warmup: plan.latencyWarmup,
    samples: plan.latencySamples,
    operation: () => bareJob(client, completions),
    ...(measured ? { measured } : {}),
  });
  return { throughput, latency };
}
