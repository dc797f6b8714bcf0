import autocannon from "autocannon";
import { CpuMeter, type CpuPerOperation } from "../support/cpu-usage.js";

export interface ReadLoad {
  readonly connections: number;
  readonly warmupSeconds: number;
  /** Seconds each route is measured for in all, over `rounds` rounds. */
  readonly seconds: number;
  readonly rounds: number;
}

/** A route whose reads are measured, and the processes whose CPU it costs. */
export interface ReadRoute {
  readonly url: string;
  readonly headers: Record<string, string>;
  readonly cpu?: CpuMeter;
}

export interface ReadRate {
  readonly perSecond: number;
  readonly cpuPerRequest: CpuPerOperation | undefined;
}

/**
 * Requests per second of `GET url` of each route under autocannon, and the CPU each request
 * cost the metered processes. Every route is warmed up, then measured in turns, round after
 * round (route A, B, C, A, B, C, …), so that other work on the machine weighs on each alike
 * rather than on whichever ran when it peaked. Refuses a run with failed requests.
 */
export async function requestsPerSecond(routes: readonly ReadRoute[], load: ReadLoad): Promise<ReadRate[]> {
  const run = async (route: ReadRoute, seconds: number) => {
    const result = await autocannon({
      url: route.url,
      headers: route.headers,
      connections: load.connections,
      duration: seconds,
    });
    if (result.errors > 0 || result.timeouts > 0 || result.non2xx > 0) {
      throw new Error(
        `GET ${route.url}: ${result.errors} errors, ${result.timeouts} timeouts, ${result.non2xx} non-2xx`,
      );
    }
    return result;
  };
  for (const route of routes) await run(route, load.warmupSeconds);
  const totals = routes.map(() => ({ requests: 0, seconds: 0, cpuMs: new Map<string, number>() }));
  const slice = load.seconds / load.rounds;
  for (let round = 0; round < load.rounds; round++) {
    for (const [i, route] of routes.entries()) {
      const before = await route.cpu?.sample();
      const result = await run(route, slice);
      const after = await route.cpu?.sample();
      const total = totals[i]!;
      total.requests += result.requests.total;
      total.seconds += result.duration;
      if (before && after) {
        for (const [group, ms] of CpuMeter.perOperation(before, after, 1)) {
          total.cpuMs.set(group, (total.cpuMs.get(group) ?? 0) + ms);
        }
      }
    }
  }
  return totals.map((total, i) => ({
    perSecond: total.requests / total.seconds,
    cpuPerRequest:
      routes[i]?.cpu && total.requests > 0
        ? new Map([...total.cpuMs].map(([group, ms]) => [group, ms / total.requests]))
        : undefined,
  }));
}
