import autocannon from "autocannon";

export interface ReadLoad {
  readonly connections: number;
  readonly warmupSeconds: number;
  readonly seconds: number;
}

/** Requests per second of `GET url` under autocannon, after a warm-up; refuses a run with failed requests. */
export async function requestsPerSecond(url: string, headers: Record<string, string>, load: ReadLoad): Promise<number> {
  await autocannon({ url, headers, connections: load.connections, duration: load.warmupSeconds });
  const result = await autocannon({ url, headers, connections: load.connections, duration: load.seconds });
  if (result.errors > 0 || result.timeouts > 0 || result.non2xx > 0) {
    throw new Error(`GET ${url}: ${result.errors} errors, ${result.timeouts} timeouts, ${result.non2xx} non-2xx`);
  }
  return result.requests.total / result.duration;
}
