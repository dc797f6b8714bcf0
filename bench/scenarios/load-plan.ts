/** How hard and how long each measurement runs. */
export interface LoadPlan {
  /** Concurrent clients of the throughput runs. */
  readonly clients: number;
  /**
   * Sessions (each on a source volume of its own) the throughput clients share, round robin. A
   * session runs its operations one at a time (later ones wait `queued`), so one per client.
   */
  readonly throughputSessions: number;
  readonly warmupMs: number;
  readonly measureMs: number;
  readonly latencyWarmup: number;
  readonly latencySamples: number;
  readonly fanOuts: readonly number[];
  readonly readConnections: number;
  readonly readWarmupSeconds: number;
  /** Seconds each read route is measured for in all, in turns with the others over `readRounds` rounds. */
  readonly readSeconds: number;
  readonly readRounds: number;
  /** Worker processes of the scale-out runs (the first throughput run has one). */
  readonly workerCounts: readonly number[];
  /** Linked targets of the large session, read and unlinked. */
  readonly largeTargets: number;
  /** GETs of a session, one at a time, whose median is its read time. */
  readonly readLatencySamples: number;
}

export const DEFAULT_PLAN: LoadPlan = {
  clients: 64,
  throughputSessions: 64,
  warmupMs: 3_000,
  measureMs: 15_000,
  latencyWarmup: 10,
  latencySamples: 200,
  fanOuts: [64, 256, 1024],
  readConnections: 32,
  readWarmupSeconds: 2,
  readSeconds: 10,
  readRounds: 5,
  workerCounts: [1, 2, 4],
  largeTargets: 10_000,
  readLatencySamples: 10,
};
