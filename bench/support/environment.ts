import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { once } from "node:events";
import { access, chmod, constants, mkdtemp, readFile, rm } from "node:fs/promises";
import { availableParallelism, cpus, tmpdir, totalmem } from "node:os";
import { delimiter, join } from "node:path";
import { Redis } from "ioredis";
import pg from "pg";
import { startEmbeddedPostgres } from "../../src/infrastructure/persistence/embedded-postgres.js";
import { freePort } from "../../test/support/e2e/free-port.js";
import { processesNamed } from "./cpu-usage.js";

export interface PostgresServer {
  /** What the bench reports about it: `DATABASE_URL` or `embedded`. */
  readonly origin: string;
  readonly version: string;
  /** A database of its own for one backend's run, dropped by `drop()`. */
  scratchDatabase(): Promise<{ url: string; drop(): Promise<void> }>;
  /** Connections the server would still accept now (max_connections less those open). */
  freeConnections(): Promise<number>;
  stop(): Promise<void>;
}

/**
 * Connections of the bench's embedded server: an API and four workers each pool 20 for their
 * records and, on the Postgres queue backend, a few more for BullMQ; the bare API and the bench
 * add theirs. The embedded server coprsim starts allows 200, which four workers would exceed.
 */
const EMBEDDED_MAX_CONNECTIONS = 400;

/** The server of DATABASE_URL when given, else an embedded Postgres in a temporary directory. */
export async function openPostgres(log: (line: string) => void): Promise<PostgresServer> {
  const given = process.env.DATABASE_URL;
  let adminUrl: string;
  let stop = async () => {};
  if (given) {
    adminUrl = given;
    log("Postgres: DATABASE_URL (a scratch database per backend)");
  } else {
    const dataDir = await mkdtemp(join(tmpdir(), "coprsim-bench-pg-"));
    // As root, the embedded server runs as the system user postgres, which must reach the directory.
    await chmod(dataDir, 0o755);
    log(`Postgres: no DATABASE_URL, starting an embedded one under ${dataDir}`);
    const start = () => startEmbeddedPostgres({ dataDir: join(dataDir, "pg"), port: 0, database: "bench" });
    let embedded = await start();
    // max_connections is read at start only: set, then start again.
    const setter = new pg.Client({ connectionString: embedded.url });
    await setter.connect();
    await setter.query(`ALTER SYSTEM SET max_connections = ${EMBEDDED_MAX_CONNECTIONS}`);
    await setter.end();
    await embedded.stop();
    embedded = await start();
    adminUrl = embedded.url;
    const running = embedded;
    stop = async () => {
      await running.stop();
      await rm(dataDir, { recursive: true, force: true });
    };
  }
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  const version = String((await admin.query("SHOW server_version")).rows[0]?.server_version ?? "?").split(" ")[0];
  await admin.end();
  return {
    origin: given ? "DATABASE_URL" : "embedded",
    version: version ?? "?",
    async scratchDatabase() {
      const name = `coprsim_bench_${randomBytes(5).toString("hex")}`;
      const client = new pg.Client({ connectionString: adminUrl });
      await client.connect();
      await client.query(`CREATE DATABASE ${name}`);
      await client.end();
      const url = new URL(adminUrl);
      url.pathname = `/${name}`;
      return {
        url: url.toString(),
        async drop() {
          const dropper = new pg.Client({ connectionString: adminUrl });
          await dropper.connect();
          await dropper.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
          await dropper.end();
        },
      };
    },
    async freeConnections() {
      const client = new pg.Client({ connectionString: adminUrl });
      await client.connect();
      try {
        const { rows } = await client.query(
          "SELECT current_setting('max_connections')::int - (SELECT count(*)::int FROM pg_stat_activity) AS free",
        );
        return Number(rows[0]?.free ?? 0);
      } finally {
        await client.end();
      }
    },
    stop,
  };
}

export interface RedisServer {
  readonly url: string;
  readonly version: string;
  /** What the bench reports about it: `REDIS_URL`, `private` or `127.0.0.1:6379`. */
  readonly origin: string;
  /** The server's processes, for its CPU time (on a shared server: every redis-server of the machine). */
  pids(): Promise<number[]>;
  stop(): Promise<void>;
}

const LOCAL_REDIS = "redis://127.0.0.1:6379";

/**
 * REDIS_URL when given; else a private redis-server on a free port of 127.0.0.1 when one is
 * installed (its CPU time is then the bench's alone, and nobody else's keys share it); else
 * the machine's Redis on 127.0.0.1:6379 if it answers; else none.
 */
export async function openRedis(log: (line: string) => void): Promise<RedisServer | undefined> {
  const given = process.env.REDIS_URL;
  if (given) {
    const version = await redisVersion(given).catch((error: Error) => {
      throw new Error(`REDIS_URL does not answer: ${error.message}`);
    });
    log(`Redis: REDIS_URL (${version})`);
    return {
      url: given,
      version,
      origin: "REDIS_URL",
      pids: () => processesNamed("redis-server"),
      stop: async () => {},
    };
  }
  const binary = await onPath("redis-server");
  if (binary) {
    const port = await freePort();
    const child = spawn(
      binary,
      ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--protected-mode", "yes"],
      { stdio: "ignore" },
    );
    const url = `redis://127.0.0.1:${port}`;
    const version = await waitForRedis(url, child);
    log(`Redis: no REDIS_URL, started a private redis-server on ${url} (${version})`);
    return {
      url,
      version,
      origin: "private",
      pids: async () => (child.pid === undefined ? [] : [child.pid]),
      stop: () => stopChild(child),
    };
  }
  try {
    const version = await redisVersion(LOCAL_REDIS);
    log(`Redis: no REDIS_URL and no redis-server installed, using the Redis on 127.0.0.1:6379 (${version})`);
    return {
      url: LOCAL_REDIS,
      version,
      origin: "127.0.0.1:6379",
      pids: () => processesNamed("redis-server"),
      stop: async () => {},
    };
  } catch {
    log("Redis: no REDIS_URL, no redis-server and nothing on 127.0.0.1:6379: running the Postgres queue backend only");
    return undefined;
  }
}

async function redisVersion(url: string): Promise<string> {
  const client = new Redis(url, {
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    connectTimeout: 1_000,
    retryStrategy: () => null,
  });
  client.on("error", () => undefined);
  try {
    await client.connect();
    const info = await client.info("server");
    return /redis_version:(\S+)/.exec(info)?.[1] ?? "?";
  } finally {
    client.disconnect();
  }
}

async function waitForRedis(url: string, child: ChildProcess): Promise<string> {
  const by = Date.now() + 10_000;
  for (;;) {
    try {
      return await redisVersion(url);
    } catch (error) {
      if (child.exitCode !== null) throw new Error(`redis-server exited with ${child.exitCode}`);
      if (Date.now() > by) {
        child.kill("SIGKILL");
        throw new Error(`redis-server did not answer on ${url}: ${(error as Error).message}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, "exit");
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
  await exited;
  clearTimeout(timer);
}

/** The executable of that name on PATH, or undefined. */
async function onPath(name: string): Promise<string | undefined> {
  for (const directory of (process.env.PATH ?? "").split(delimiter)) {
    if (!directory) continue;
    const candidate = join(directory, name);
    if (
      await access(candidate, constants.X_OK).then(
        () => true,
        () => false,
      )
    )
      return candidate;
  }
  return undefined;
}

/** Deletes the keys of a queue namespace (a Redis key prefix) once its run is over. */
export async function dropRedisNamespace(url: string, prefix: string): Promise<void> {
  const client = new Redis(url, { maxRetriesPerRequest: 1 });
  try {
    let cursor = "0";
    for (let round = 0; round < 100_000; round++) {
      const [next, keys] = await client.scan(cursor, "MATCH", `${prefix}:*`, "COUNT", 1000);
      if (keys.length > 0) await client.unlink(...keys);
      cursor = next;
      if (cursor === "0") break;
    }
  } finally {
    client.disconnect();
  }
}

/** `nproc`, the CPU model, memory and the software the run used. */
export async function describeMachine(extra: string): Promise<string> {
  const cpuinfo = await readFile("/proc/cpuinfo", "utf8").catch(() => "");
  const model = /^model name\s*:\s*(.+)$/m.exec(cpuinfo)?.[1]?.trim() ?? cpus()[0]?.model ?? "unknown CPU";
  const memoryGiB = (totalmem() / 1024 ** 3).toFixed(1);
  return `${availableParallelism()} × ${model}, ${memoryGiB} GiB RAM, Node ${process.version}, ${extra}`;
}
