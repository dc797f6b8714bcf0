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
  readonly readSeconds: number;
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
};
