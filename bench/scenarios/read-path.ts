import autocannon from "autocannon";
import { CpuMeter, type CpuPerOperation } from "../support/cpu-usage.js";

export interface ReadLoad {
  readonly connections: number;
  readonly warmupSeconds: number;
  readonly seconds: number;
}

/**
 * Requests per second of `GET url` under autocannon, after a warm-up, and the CPU each request
 * cost the metered processes; refuses a run with failed requests.
 */
export async function requestsPerSecond(
  url: string,
  headers: Record<string, string>,
  load: ReadLoad,
  cpu?: CpuMeter,
): Promise<{ perSecond: number; cpuPerRequest: CpuPerOperation | undefined }> {
  await autocannon({ url, headers, connections: load.connections, duration: load.warmupSeconds });
  const before = await cpu?.sample();
  const result = await autocannon({ url, headers, connections: load.connections, duration: load.seconds });
  const after = await cpu?.sample();
  if (result.errors > 0 || result.timeouts > 0 || result.non2xx > 0) {
    throw new Error(`GET ${url}: ${result.errors} errors, ${result.timeouts} timeouts, ${result.non2xx} non-2xx`);
  }
  return {
    perSecond: result.requests.total / result.duration,
    cpuPerRequest: before && after ? CpuMeter.perOperation(before, after, result.requests.total) : undefined,
  };
}
