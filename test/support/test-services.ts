import { chmod, mkdtemp, rm } from "node:fs/promises";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Redis } from "ioredis";
import pg from "pg";
import { startEmbeddedPostgres } from "../../src/infrastructure/persistence/embedded-postgres.js";
import { startRedisServer } from "./e2e/redis-server.js";

/**
 * Vitest's global set-up: the Postgres and Redis every test file reaches through DATABASE_URL
 * and REDIS_URL. Given, they are used as they are (CI gives them). Not given, the machine's own
 * on the usual ports when they answer; else the tests start their own, an embedded Postgres
 * (as `npm start` does) and a `redis-server` from PATH, and stop them at the end. One line says
 * what the run uses.
 *
 * The addresses looked at first can be moved (COPRSIM_TEST_LOCAL_DATABASE_URL,
 * COPRSIM_TEST_LOCAL_REDIS_URL), so that a test can show what happens on a machine without them.
 */
export default async function setUpTestServices(): Promise<() => Promise<void>> {
  const stops: (() => Promise<void>)[] = [];
  const stopAll = async () => {
    for (let stop = stops.pop(); stop; stop = stops.pop()) await stop();
  };
  try {
    const postgres = await providePostgres(stops);
    const redis = await provideRedis(stops);
    process.stdout.write(`test services: Postgres: ${postgres}; Redis: ${redis}\n`);
  } catch (error) {
    await stopAll();
    throw error;
  }
  return stopAll;
}

async function providePostgres(stops: (() => Promise<void>)[]): Promise<string> {
  if (process.env.DATABASE_URL) return "DATABASE_URL";
  const local = process.env.COPRSIM_TEST_LOCAL_DATABASE_URL || "postgres://postgres@127.0.0.1:5432/test";
  const refusal = await postgresRefusal(local);
  if (refusal === undefined) {
    process.env.DATABASE_URL = local;
    return `the one on ${address(local)} (no DATABASE_URL)`;
  }
  const folder = await mkdtemp(join(tmpdir(), "coprsim-test-postgres-"));
  stops.push(() => rm(folder, { recursive: true, force: true }));
  await chmod(folder, 0o755); // run as root, the server's account (postgres) must reach it
  const embedded = await startEmbeddedPostgres({
    dataDir: join(folder, "postgres"),
    port: 0,
    database: "test",
    systemHome: process.env.COPRSIM_EMBEDDED_PG_HOME || undefined,
  });
  stops.push(() => embedded.stop());
  process.env.DATABASE_URL = embedded.url;
  return `started an embedded PostgreSQL ${embedded.version} on 127.0.0.1:${embedded.port} (no DATABASE_URL; ${refusal})`;
}

async function provideRedis(stops: (() => Promise<void>)[]): Promise<string> {
  if (process.env.REDIS_URL) return "REDIS_URL";
  const local = process.env.COPRSIM_TEST_LOCAL_REDIS_URL || "redis://127.0.0.1:6379";
  const refusal = await redisRefusal(local);
  if (refusal === undefined) {
    process.env.REDIS_URL = local;
    return `the one on ${address(local)} (no REDIS_URL)`;
  }
  let server: Awaited<ReturnType<typeof startRedisServer>>;
  try {
    server = await startRedisServer();
  } catch (error) {
    throw new Error(
      `no REDIS_URL, ${refusal}, and ${(error as Error).message}: install Redis ` +
        "(Debian: apt-get install redis-server) or set REDIS_URL",
    );
  }
  stops.push(() => server.stop());
  process.env.REDIS_URL = server.url;
  return `started redis-server on ${address(server.url)} (no REDIS_URL; ${refusal})`;
}

/** Why the Postgres at `url` cannot serve the tests, or undefined when it can. */
async function postgresRefusal(url: string): Promise<string | undefined> {
  if (!(await listens(url))) return `nothing answers on ${address(url)}`;
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3_000 });
  client.on("error", () => undefined);
  try {
    await client.connect();
    await client.query("SELECT 1");
    return undefined;
  } catch (error) {
    return refusalOf(error, url);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Why the Redis at `url` cannot serve the tests, or undefined when it can. */
async function redisRefusal(url: string): Promise<string | undefined> {
  if (!(await listens(url))) return `nothing answers on ${address(url)}`;
  const client = new Redis(url, {
    lazyConnect: true,
    connectTimeout: 3_000,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  client.on("error", () => undefined);
  try {
    await client.connect();
    await client.ping();
    return undefined;
  } catch (error) {
    return refusalOf(error, url);
  } finally {
    client.disconnect();
  }
}

function refusalOf(error: unknown, url: string): string {
  return `${address(url)} refused the tests: ${(error as Error).message}`;
}

/** Something accepts a TCP connection at the URL's address, within 3 s. */
function listens(url: string): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = connect({ host: hostname, port: Number(port), timeout: 3_000 });
    const answer = (listening: boolean) => {
      socket.destroy();
      resolve(listening);
    };
    socket.once("connect", () => answer(true));
    socket.once("timeout", () => answer(false));
    socket.once("error", () => answer(false));
  });
}

function address(url: string): string {
  const { hostname, port } = new URL(url);
  return `${hostname}:${port}`;
}
