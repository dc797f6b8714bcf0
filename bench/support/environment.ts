import { randomBytes } from "node:crypto";
import { chmod, mkdtemp, readFile, rm } from "node:fs/promises";
import { availableParallelism, cpus, tmpdir, totalmem } from "node:os";
import { join } from "node:path";
import { Redis } from "ioredis";
import pg from "pg";
import { startEmbeddedPostgres } from "../../src/infrastructure/persistence/embedded-postgres.js";

export interface PostgresServer {
  /** What the bench reports about it: `DATABASE_URL` or `embedded`. */
  readonly origin: string;
  readonly version: string;
  /** A database of its own for one backend's run, dropped by `drop()`. */
  scratchDatabase(): Promise<{ url: string; drop(): Promise<void> }>;
  stop(): Promise<void>;
}

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
    const embedded = await startEmbeddedPostgres({ dataDir: join(dataDir, "pg"), port: 0, database: "bench" });
    adminUrl = embedded.url;
    stop = async () => {
      await embedded.stop();
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
    stop,
  };
}

const LOCAL_REDIS = "redis://127.0.0.1:6379";

/** REDIS_URL when given; else the machine's Redis on 127.0.0.1:6379 if it answers; else none. */
export async function findRedis(log: (line: string) => void): Promise<{ url: string; version: string } | undefined> {
  const given = process.env.REDIS_URL;
  const url = given || LOCAL_REDIS;
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
    const version = /redis_version:(\S+)/.exec(info)?.[1] ?? "?";
    log(
      given
        ? `Redis: REDIS_URL (${version})`
        : `Redis: no REDIS_URL, using the Redis answering on 127.0.0.1:6379 (${version})`,
    );
    return { url, version };
  } catch (error) {
    if (given) throw new Error(`REDIS_URL does not answer: ${(error as Error).message}`);
    log("Redis: no REDIS_URL and nothing answers on 127.0.0.1:6379: running the Postgres queue backend only");
    return undefined;
  } finally {
    client.disconnect();
  }
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
