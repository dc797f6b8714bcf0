import { CpuMeter, type CpuPerOperation } from "./cpu-usage.js";

/** Load shapes of the bench: a closed loop of concurrent clients, and one client's latency samples. */

export interface Throughput {
  /** Operations completed inside the measured window, per second. */
  readonly perSecond: number;
  readonly completed: number;
  readonly seconds: number;
  /** CPU milliseconds per operation of each process group, over the window; absent without a meter. */
  readonly cpuPerOperation: CpuPerOperation | undefined;
}

/**
 * `clients` clients each run `operation` back to back: for `warmupMs` unmeasured, then for
 * `measureMs` counting the operations that complete inside the window. No operation starts
 * after the window; those in flight are awaited (each bounded by its own timeout).
 */
export async function closedLoop(options: {
  readonly clients: number;
  readonly warmupMs: number;
  readonly measureMs: number;
  readonly operation: (client: number, iteration: number) => Promise<void>;
  readonly cpu?: CpuMeter;
}): Promise<Throughput> {
  const started = performance.now();
  const windowStart = started + options.warmupMs;
  const windowEnd = windowStart + options.measureMs;
  let completed = 0;
  const samples = options.cpu
    ? Promise.all([
        delay(options.warmupMs).then(() => options.cpu!.sample()),
        delay(options.warmupMs + options.measureMs).then(() => options.cpu!.sample()),
      ])
    : undefined;
  const client = async (index: number) => {
    for (let iteration = 0; performance.now() < windowEnd; iteration++) {
      await options.operation(index, iteration);
      const now = performance.now();
      if (now >= windowStart && now <= windowEnd) completed++;
    }
  };
  await Promise.all(Array.from({ length: options.clients }, (_, index) => client(index)));
  const seconds = options.measureMs / 1000;
  const [before, after] = (await samples) ?? [];
  const cpuPerOperation =
    before && after && completed > 0 ? CpuMeter.perOperation(before, after, completed) : undefined;
  return { perSecond: completed / seconds, completed, seconds, cpuPerOperation };
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export interface Latency {
  readonly p50: number;
  readonly p99: number;
  readonly samples: number;
}

/**
 * One client, one operation at a time: `warmup` unmeasured runs, then `samples` timed ones (ms).
 * `measured`, when given, is called once the warm-up is over and once the samples are taken.
 */
export async function latencySamples(options: {
  readonly warmup: number;
  readonly samples: number;
  /** Resolves to the operation's duration in ms. */
  readonly operation: (iteration: number) => Promise<number>;
  readonly measured?: { start(): Promise<void>; end(): Promise<void> };
}): Promise<Latency> {
  const durations: number[] = [];
  for (let i = 0; i < options.warmup + options.samples; i++) {
    if (i === options.warmup) await options.measured?.start();
    const duration = await options.operation(i);
    if (i >= options.warmup) durations.push(duration);
  }
  await options.measured?.end();
  durations.sort((a, b) => a - b);
  return { p50: percentile(durations, 50), p99: percentile(durations, 99), samples: durations.length };
}

/** Nearest-rank percentile of sorted values. */
export function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? Number.NaN;
}
