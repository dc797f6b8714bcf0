import { type ChildProcess, spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { once } from "node:events";
import { chmod, chown, mkdir, mkdtemp, readFile, realpath, rm, rmdir, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { basename, dirname, join, resolve } from "node:path";
import pg from "pg";
import {
  didNotStart,
  diskFull,
  type EmbeddedPostgresFailure,
  type FailureContext,
  failureFromFileError,
  failureFromOutput,
  otherVersion,
  type ServerAccount,
} from "./embedded-postgres-failure.js";
import {
  accountIds,
  makeFoldersOpenToAll,
  type PostgresPrograms,
  preparePrograms,
  serverAccount,
} from "./embedded-postgres-programs.js";

/** Where, run as root, the server's programs and (unless told otherwise) the checkouts' clusters go. */
export const DEFAULT_SYSTEM_HOME = "/var/lib/coprsim";

export interface EmbeddedPostgresOptions {
  /** The cluster's folder, created when it holds none yet, kept across restarts. */
  readonly dataDir: string;
  /** TCP port on 127.0.0.1 (default 5433, clear of a system Postgres); 0 picks a free port. */
  readonly port?: number;
  /** Database created when absent (default `coprsim`). */
  readonly database?: string;
  readonly user?: string;
  readonly password?: string;
  /** Run as root: where the programs are copied for the account `postgres` (default /var/lib/coprsim). */
  readonly systemHome?: string;
  /** Receives the server's log lines (default: dropped). */
  readonly onLog?: (message: string) => void;
}

export interface RunningPostgres {
  /** `postgres://user:password@127.0.0.1:port/database` */
  readonly url: string;
  readonly port: number;
  /** The cluster's folder. */
  readonly dataDir: string;
  /** The server's version (`18.4`). */
  readonly version: string;
  stop(): Promise<void>;
}

/** How long initdb, and the server's start, may take before it counts as failed. */
const START_TIMEOUT_MS = 120_000;

/**
 * The initdb runs and servers of this process that have not exited. Should the process exit
 * without stopping them (a signal while it starts, a failed start), each is sent SIGINT on the
 * way out, and shuts down by itself: a server never outlives the process that started it, unless
 * that one is killed outright (SIGKILL).
 */
const children = new Set<ChildProcess>();

function track(child: ChildProcess): void {
  if (children.size === 0) process.once("exit", interruptChildren);
  children.add(child);
  child.once("exit", () => {
    children.delete(child);
    if (children.size === 0) process.removeListener("exit", interruptChildren);
  });
}

function interruptChildren(): void {
  for (const child of children) child.kill("SIGINT");
}

/**
 * Starts a Postgres server from the programs of the package `embedded-postgres`, on 127.0.0.1
 * only and without a Unix socket. The cluster is created only when `dataDir` holds none, so
 * data survives restarts. Run as root, the server runs as the system user `postgres` (created
 * when missing; Postgres refuses root) from a copy of the programs under `systemHome`, and
 * `dataDir` is made that user's. Whatever stops it from starting rejects with an
 * {@link EmbeddedPostgresFailure} that says what to do; nothing is left running then.
 */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<RunningPostgres> {
  const port = options.port === 0 ? await freePort() : (options.port ?? 5433);
  const context: FailureContext = {
    dataDir: resolve(options.dataDir),
    port,
    account: await serverAccount(),
    systemHome: resolve(options.systemHome ?? DEFAULT_SYSTEM_HOME),
  };
  const database = options.database ?? "coprsim";
  const user = options.user ?? "postgres";
  const password = options.password ?? "postgres";

  const programs = await preparePrograms(context);
  await prepareCluster(context, programs, { user, password });
  const server = await launchServer(context, programs, options.onLog);
  const stop = () => stopServer(server);
  try {
    await createDatabaseIfAbsent({ user, password, port, database });
  } catch (error) {
    await stop();
    if ((error as { code?: string }).code === "53100") throw diskFull(context, context.dataDir);
    throw didNotStart(context, `creating the database ${database} failed: ${(error as Error).message}`);
  }
  const url = `postgres://${encodeURIComponent(user)}:${encodeURIComponent(password)}@127.0.0.1:${port}/${encodeURIComponent(database)}`;
  return { url, port, dataDir: context.dataDir, version: programs.version, stop };
}

/**
 * The cluster folder of `npm start`: `<dataDir>/postgres`, except when run as root with the
 * default data folder. The account `postgres` then often cannot reach the checkout (a home
 * folder of mode 700), so the cluster goes to `<systemHome>/clusters/<checkout>-<hash of the
 * data folder's path>`, found again at every start from the same folder. A cluster already in
 * `<dataDir>/postgres` stays in use.
 */
export async function clusterFolder(options: {
  readonly dataDir: string;
  readonly dataDirIsDefault: boolean;
  readonly systemHome?: string;
}): Promise<string> {
  const inDataDir = resolve(options.dataDir, "postgres");
  if (process.getuid?.() !== 0 || !options.dataDirIsDefault) return inDataDir;
  if ((await readClusterVersion(inDataDir).catch(() => undefined)) !== undefined) return inDataDir;
  const dataDir = await realpath(options.dataDir);
  const checkout =
    basename(dirname(dataDir))
      .replace(/[^A-Za-z0-9._-]+/g, "-")
      .slice(0, 40) || "root";
  const key = createHash("sha256").update(dataDir).digest("hex").slice(0, 12);
  return join(resolve(options.systemHome ?? DEFAULT_SYSTEM_HOME), "clusters", `${checkout}-${key}`);
}

/** The major version written in a cluster's PG_VERSION; undefined when the folder holds no cluster. */
async function readClusterVersion(dataDir: string): Promise<string | undefined> {
  try {
    return (await readFile(join(dataDir, "PG_VERSION"), "utf8")).trim();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT" || code === "ENOTDIR") return undefined;
    throw error;
  }
}

/** Checks the cluster there is, or makes one (initdb) when the folder holds none. */
async function prepareCluster(
  context: FailureContext,
  programs: PostgresPrograms,
  superuser: { user: string; password: string },
): Promise<void> {
  let found: string | undefined;
  try {
    found = await readClusterVersion(context.dataDir);
  } catch (error) {
    throw failureFromFileError(context, error as NodeJS.ErrnoException);
  }
  if (found !== undefined) {
    if (found !== programs.major) throw otherVersion(context, found, programs.version);
    return;
  }

  const createdFrom = await createDataFolder(context);
  const passwordDir = await mkdtemp(join(tmpdir(), "coprsim-initdb-"));
  try {
    const passwordFile = join(passwordDir, "password");
    await writeFile(passwordFile, `${superuser.password}\n`, { mode: 0o600 });
    if (context.account) {
      await chown(passwordDir, context.account.uid, context.account.gid);
      await chown(passwordFile, context.account.uid, context.account.gid);
    }
    const { code, output } = await runToEnd(
      join(programs.dir, "bin", "initdb"),
      [
        `--pgdata=${context.dataDir}`,
        "--auth=scram-sha-256",
        `--username=${superuser.user}`,
        `--pwfile=${passwordFile}`,
        "--encoding=UTF8",
        "--lc-messages=C",
      ],
      context.account,
    );
    if (code !== 0) {
      // initdb empties the folder it could not fill; what coprsim created for it goes too.
      if (createdFrom) await removeEmptyFolders(context.dataDir, createdFrom);
      throw await failureFromOutput(context, output);
    }
  } finally {
    await rm(passwordDir, { recursive: true, force: true });
  }
}

/**
 * Creates the cluster's folder (as root, owned by the server's account, mode 700); returns the
 * first folder it created, if it created any.
 */
async function createDataFolder(context: FailureContext): Promise<string | undefined> {
  try {
    if (!context.account) return await mkdir(context.dataDir, { recursive: true });
    // The folders on the way are made open to all (whatever the umask), so the account can pass.
    const createdOnTheWay = await makeFoldersOpenToAll(dirname(context.dataDir));
    const created = await mkdir(context.dataDir, { recursive: true });
    await chown(context.dataDir, context.account.uid, context.account.gid);
    await chmod(context.dataDir, 0o700);
    return createdOnTheWay ?? created;
  } catch (error) {
    throw failureFromFileError(context, error as NodeJS.ErrnoException);
  }
}

async function removeEmptyFolders(folder: string, upTo: string): Promise<void> {
  for (let current = folder; current.startsWith(upTo); current = dirname(current)) {
    if (
      !(await rmdir(current).then(
        () => true,
        () => false,
      ))
    )
      return;
  }
}

/** Runs a program (as the server's account, if any) until it exits; its output, both streams. */
function runToEnd(
  program: string,
  args: readonly string[],
  account: ServerAccount | undefined,
): Promise<{ code: number | null; output: string }> {
  return new Promise((resolveRun) => {
    const child = spawn(program, args, {
      ...accountIds(account),
      cwd: "/",
      env: { ...process.env, LC_MESSAGES: "C" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    track(child);
    let output = "";
    const collect = (chunk: Buffer) => {
      output = (output + chunk.toString("utf8")).slice(-20_000);
    };
    child.stdout.on("data", collect);
    child.stderr.on("data", collect);
    const timer = setTimeout(() => {
      output += `\n${basename(program)} did not finish within ${START_TIMEOUT_MS / 1000} s`;
      child.kill("SIGKILL");
    }, START_TIMEOUT_MS);
    child.once("error", (error) => {
      clearTimeout(timer);
      resolveRun({ code: -1, output: `${output}\n${basename(program)}: ${error.message}` });
    });
    child.once("close", (code) => {
      clearTimeout(timer);
      resolveRun({ code, output });
    });
  });
}

/**
 * Starts the server and waits for it to accept connections. It runs in a process group of its
 * own, so that a Ctrl-C meant for coprsim does not stop the database under a graceful shutdown:
 * coprsim stops it last.
 */
function launchServer(
  context: FailureContext,
  programs: PostgresPrograms,
  onLog: ((message: string) => void) | undefined,
): Promise<ChildProcess> {
  const child = spawn(
    join(programs.dir, "bin", "postgres"),
    [
      "-D",
      context.dataDir,
      "-p",
      String(context.port),
      "-c",
      "listen_addresses=127.0.0.1",
      "-c",
      "unix_socket_directories=",
      "-c",
      "lc_messages=C",
      // Room for an API and a few workers (each process pools 20 connections, plus the queue's).
      "-c",
      "max_connections=200",
    ],
    {
      ...accountIds(context.account),
      cwd: "/",
      detached: true,
      env: { ...process.env, LC_MESSAGES: "C" },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  track(child);
  return new Promise((resolveStart, rejectStart) => {
    let output = "";
    let settled = false;
    const settle = (failure?: Promise<EmbeddedPostgresFailure>) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (failure) failure.then(rejectStart, rejectStart);
      else resolveStart(child);
    };
    const collect = (chunk: Buffer) => {
      const text = chunk.toString("utf8");
      onLog?.(text);
      if (settled) return;
      output = (output + text).slice(-20_000);
      if (output.includes("database system is ready to accept connections")) settle();
    };
    child.stdout?.on("data", collect);
    child.stderr?.on("data", collect);
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      settle(
        Promise.resolve(didNotStart(context, `it did not accept connections within ${START_TIMEOUT_MS / 1000} s`)),
      );
    }, START_TIMEOUT_MS);
    child.once("error", (error) => settle(failureFromOutput(context, `postgres: ${error.message}`)));
    child.once("exit", () => settle(failureFromOutput(context, output)));
  });
}

/** A fast shutdown (SIGINT): open sessions are ended, the data stays consistent. */
async function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, "exit");
  child.kill("SIGINT");
  const escalate = setTimeout(() => child.kill("SIGKILL"), 30_000);
  await exited;
  clearTimeout(escalate);
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
  client.on("error", () => undefined); // a server going away mid-query rejects the query too
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
