/**
 * Loaded by the bench into each process it starts (`node --import tsx --import
 * ./bench/support/round-trip-counter.ts <entry point>`), never by coprsim itself: counts what
 * the process asks of Postgres and Redis, so that the bench can say what one operation costs
 * in round trips. It wraps two methods, once, at load:
 *
 * - `pg.Client.prototype.query`: every statement a client of the process sends (TypeORM's
 *   pool, the simulated arrays' store on the same pool, BullMQ's Postgres backend, listeners).
 *   BEGIN/START TRANSACTION … COMMIT/ROLLBACK on a client make one transaction; a statement
 *   sent outside one is a transaction of its own (autocommit). Statements are counted by what
 *   they are: `control` (BEGIN, COMMIT, ROLLBACK), `records` (coprsim's tables, through its
 *   TypeORM pool), `array` (the simulated arrays' schema `sim`, on the same pool), `queue`
 *   (BullMQ's Postgres backend), `other` (listeners, the bare stack's pool);
 * - `Redis.prototype.sendCommand`: every command (a pipeline's count one each), Lua scripts
 *   named by the command BullMQ defined them as.
 *
 * The bench reads the counts with SIGUSR2: the process writes them as JSON to
 * `$BENCH_ROUND_TRIPS_FILE`, with the statements and commands themselves sent since the previous
 * SIGUSR2 if it was tracing. It traces from one SIGUSR2 to the next when the file
 * `$BENCH_ROUND_TRIPS_FILE.trace` exists as it answers the first. What it costs the process: a
 * map lookup, two or three regular expressions and a counter per call (about 1 µs; some 1 % of
 * a busy worker's CPU in a profile); while tracing, a short string per call too.
 */
import { createHash } from "node:crypto";
import { existsSync, renameSync, writeFileSync } from "node:fs";
import { Redis } from "ioredis";
import pg from "pg";

export type StatementSource = "control" | "records" | "array" | "queue" | "other";

export interface RoundTripCounts {
  /** Every statement sent, by who sent it; BEGIN and COMMIT included. */
  readonly statements: Record<StatementSource, number>;
  /** Explicit transactions (BEGIN … COMMIT/ROLLBACK). */
  readonly explicitTransactions: number;
  /** Statements sent outside an explicit transaction, each a transaction of its own. */
  readonly autocommitStatements: number;
  readonly redisCommands: number;
  /** Redis commands by name (`evalsha` as the name BullMQ gave its script). */
  readonly redisByName: Record<string, number>;
}

export interface TraceEntry {
  /** Epoch ms, with the fraction performance.now() gives (comparable across the bench's processes). */
  readonly at: number;
  /** `pg:<client number>` or `redis`. */
  readonly via: string;
  /** For a statement: in an explicit transaction (its number on that client), or autocommit. */
  readonly transaction?: number | "autocommit";
  readonly source?: StatementSource;
  readonly text: string;
}

export interface RoundTripDump {
  readonly pid: number;
  /** Incremented by each dump, so that the reader knows the file is the answer to its signal. */
  readonly sequence: number;
  readonly counts: RoundTripCounts;
  /** What was sent since the previous dump, when tracing. */
  readonly trace: TraceEntry[];
}

const file = process.env.BENCH_ROUND_TRIPS_FILE;
let tracing = false;
/** Bounded, so that a forgotten trace cannot grow without end. */
const MAX_TRACE = 200_000;

const statements: Record<StatementSource, number> = { control: 0, records: 0, array: 0, queue: 0, other: 0 };
let explicitTransactions = 0;
let autocommitStatements = 0;
let redisCommands = 0;
const redisByName: Record<string, number> = {};
let trace: TraceEntry[] = [];
let sequence = 0;

interface ClientState {
  readonly number: number;
  readonly source: "typeorm" | "queue" | "other";
  /** The number of the explicit transaction in progress on the client, or null. */
  transaction: number | null;
  transactions: number;
}

const clients = new WeakMap<object, ClientState>();
let clientCount = 0;

/**
 * Who opened the client, from its connection parameters: coprsim's TypeORM pool names itself
 * `coprsim`; BullMQ's Postgres pools pin their `search_path` to the queue's schema.
 */
function stateOf(client: object): ClientState {
  let state = clients.get(client);
  if (!state) {
    const parameters = (client as { connectionParameters?: { application_name?: unknown; options?: unknown } })
      .connectionParameters;
    const source =
      parameters?.application_name === "coprsim"
        ? "typeorm"
        : String(parameters?.options ?? "").includes("search_path")
          ? "queue"
          : "other";
    state = { number: ++clientCount, source, transaction: null, transactions: 0 };
    clients.set(client, state);
  }
  return state;
}

const BEGIN = /^\s*(BEGIN|START\s+TRANSACTION)\b/i;
const END = /^\s*(COMMIT|END|ROLLBACK)\s*;?\s*$/i;
const ARRAY_SCHEMA = /"sim"\./;

function countStatement(client: object, text: string): void {
  const state = stateOf(client);
  const begins = BEGIN.test(text);
  const ends = state.transaction !== null && END.test(text);
  const source: StatementSource =
    begins || ends
      ? "control"
      : state.source === "queue"
        ? "queue"
        : state.source === "typeorm"
          ? ARRAY_SCHEMA.test(text)
            ? "array"
            : "records"
          : "other";
  statements[source] += 1;
  let transaction: number | "autocommit";
  if (begins) {
    explicitTransactions += 1;
    state.transactions += 1;
    state.transaction = state.transactions;
    transaction = state.transaction;
  } else if (state.transaction !== null) {
    transaction = state.transaction;
    if (ends) state.transaction = null;
  } else {
    autocommitStatements += 1;
    transaction = "autocommit";
  }
  if (tracing && trace.length < MAX_TRACE) {
    trace.push({
      at: performance.timeOrigin + performance.now(),
      via: `pg:${state.number}`,
      transaction,
      source,
      text: text.replace(/\s+/g, " ").trim().slice(0, 240),
    });
  }
}

const originalQuery = pg.Client.prototype.query as (...args: unknown[]) => unknown;
pg.Client.prototype.query = function countedQuery(this: object, ...args: unknown[]) {
  const config = args[0] as { text?: unknown } | string | undefined;
  const text = typeof config === "string" ? config : typeof config?.text === "string" ? config.text : "";
  countStatement(this, text);
  return originalQuery.apply(this, args);
} as typeof pg.Client.prototype.query;

/** Script SHA1 → the name BullMQ defined it as. */
const scriptNames = new Map<string, string>();
const redisPrototype = Redis.prototype as unknown as {
  defineCommand(name: string, definition: { lua: string }): void;
  sendCommand(command: { name: string; args: unknown[] }, ...rest: unknown[]): unknown;
};
const originalDefine = redisPrototype.defineCommand;
redisPrototype.defineCommand = function namedDefine(this: unknown, name, definition) {
  scriptNames.set(createHash("sha1").update(definition.lua).digest("hex"), name);
  return originalDefine.call(this, name, definition);
};
const originalSend = redisPrototype.sendCommand;
redisPrototype.sendCommand = function countedSend(this: unknown, command, ...rest) {
  redisCommands += 1;
  const name = command.name === "evalsha" ? `script:${scriptNames.get(String(command.args[0])) ?? "?"}` : command.name;
  redisByName[name] = (redisByName[name] ?? 0) + 1;
  if (tracing && trace.length < MAX_TRACE)
    trace.push({ at: performance.timeOrigin + performance.now(), via: "redis", text: name });
  return originalSend.call(this, command, ...rest);
};

process.on("SIGUSR2", () => {
  if (!file) return;
  sequence += 1;
  const dump: RoundTripDump = {
    pid: process.pid,
    sequence,
    counts: {
      statements: { ...statements },
      explicitTransactions,
      autocommitStatements,
      redisCommands,
      redisByName: { ...redisByName },
    },
    trace,
  };
  trace = [];
  tracing = existsSync(`${file}.trace`);
  // Written aside and renamed, so that the reader never sees half a file.
  writeFileSync(`${file}.tmp`, JSON.stringify(dump));
  renameSync(`${file}.tmp`, file);
});
