import type { ChildService } from "./child-service.js";
import type { RoundTripCounts, StatementSource, TraceEntry } from "./round-trip-counter.js";

/** Round-trip counts of each metered process, by its name. */
export type RoundTripSample = Map<string, RoundTripCounts>;

/** What an operation cost in round trips, on average, between two samples. */
export interface RoundTripsPerOperation {
  /** SQL statements sent (BEGIN and COMMIT included), every process together. */
  readonly statements: number;
  /** Transactions: explicit ones plus statements sent outside one. */
  readonly transactions: number;
  readonly explicitTransactions: number;
  readonly redisCommands: number;
  readonly bySource: Readonly<Record<StatementSource, number>>;
  /** Statements and transactions by process. */
  readonly byProcess: ReadonlyMap<string, { readonly statements: number; readonly transactions: number }>;
  /** Redis commands by name, every process together. */
  readonly redisByName: ReadonlyMap<string, number>;
}

const SOURCES: readonly StatementSource[] = ["control", "records", "array", "queue", "other"];

/** Reads the round-trip counts of the processes it is given (see round-trip-counter.ts). */
export class RoundTripMeter {
  constructor(private readonly processes: () => readonly ChildService[]) {}

  async sample(options: { traceFromNow?: boolean } = {}): Promise<{ counts: RoundTripSample; trace: TracedLine[] }> {
    const counts: RoundTripSample = new Map();
    const trace: TracedLine[] = [];
    for (const child of this.processes()) {
      const dump = await child.roundTrips(options);
      counts.set(child.name, dump.counts);
      for (const entry of dump.trace) trace.push({ ...entry, process: child.name });
    }
    trace.sort((a, b) => a.at - b.at);
    return { counts, trace };
  }

  static perOperation(before: RoundTripSample, after: RoundTripSample, operations: number): RoundTripsPerOperation {
    const bySource: Record<StatementSource, number> = { control: 0, records: 0, array: 0, queue: 0, other: 0 };
    const byProcess = new Map<string, { statements: number; transactions: number }>();
    const redisByName = new Map<string, number>();
    let explicitTransactions = 0;
    let autocommit = 0;
    let redisCommands = 0;
    for (const [name, later] of after) {
      const earlier = before.get(name);
      const delta = (pick: (counts: RoundTripCounts) => number) => pick(later) - (earlier ? pick(earlier) : 0);
      let statements = 0;
      for (const source of SOURCES) {
        const sent = delta((counts) => counts.statements[source]);
        bySource[source] += sent / operations;
        statements += sent;
      }
      const explicit = delta((counts) => counts.explicitTransactions);
      const alone = delta((counts) => counts.autocommitStatements);
      explicitTransactions += explicit;
      autocommit += alone;
      redisCommands += delta((counts) => counts.redisCommands);
      for (const [command, count] of Object.entries(later.redisByName)) {
        const sent = count - (earlier?.redisByName[command] ?? 0);
        if (sent > 0) redisByName.set(command, (redisByName.get(command) ?? 0) + sent / operations);
      }
      byProcess.set(name, { statements: statements / operations, transactions: (explicit + alone) / operations });
    }
    const statements = SOURCES.reduce((sum, source) => sum + bySource[source], 0);
    return {
      statements,
      transactions: (explicitTransactions + autocommit) / operations,
      explicitTransactions: explicitTransactions / operations,
      redisCommands: redisCommands / operations,
      bySource,
      byProcess,
      redisByName,
    };
  }
}

/** A traced statement or command, with the process that sent it. */
export type TracedLine = TraceEntry & { readonly process: string };

/** A few lines saying where the round trips go. */
export function describeRoundTrips(cost: RoundTripsPerOperation, what: string): string[] {
  const one = (value: number) => value.toFixed(1);
  const processes = [...cost.byProcess]
    .map(([name, p]) => `${name} ${one(p.statements)} in ${one(p.transactions)}`)
    .join(", ");
  const sources = SOURCES.filter((source) => cost.bySource[source] > 0)
    .map((source) => `${source} ${one(cost.bySource[source])}`)
    .join(", ");
  const lines = [
    `  per ${what}: ${one(cost.statements)} SQL statements in ${one(cost.transactions)} transactions ` +
      `(${one(cost.explicitTransactions)} BEGIN…COMMIT, the rest alone)`,
    `    by process: ${processes}`,
    `    by what they touch: ${sources}`,
  ];
  if (cost.redisCommands > 0) {
    // Commands sent less than once in twenty operations are background (stalled checks, …).
    const commands = [...cost.redisByName]
      .filter(([, count]) => count >= 0.05)
      .sort((a, b) => b[1] - a[1])
      .map(([name, count]) => `${name} ${one(count)}`)
      .join(", ");
    lines.push(`    Redis: ${one(cost.redisCommands)} commands (${commands})`);
  }
  return lines;
}

/** The trace as text: one line per statement or command, time relative to the first. */
export function formatTrace(trace: readonly TracedLine[]): string {
  const start = trace[0]?.at ?? 0;
  return trace
    .map((line) => {
      const at = (line.at - start).toFixed(2).padStart(9);
      const where = `${line.process} ${line.via}`.padEnd(34);
      const transaction =
        line.transaction === undefined ? "" : line.transaction === "autocommit" ? "auto " : `tx${line.transaction} `;
      return `${at} ms  ${where} ${line.source ?? ""} ${transaction}${line.text}`;
    })
    .join("\n");
}
