import { createHash, randomBytes } from "node:crypto";
import { mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CliRun, runCli } from "../../support/e2e/cli-process.js";
import { freePort } from "../../support/e2e/free-port.js";
import { createScratchDatabase, TEST_REDIS_URL } from "../../support/e2e/scratch-database.js";
import { type RunningService, startService } from "../../support/e2e/service-process.js";

/** The `coprsim` command line driven as a user would, against a running coprsim. */
describe("coprsim CLI against a running service", () => {
  let service: RunningService;
  let serviceEnv: Record<string, string>;
  let database: Awaited<ReturnType<typeof createScratchDatabase>>;
  let home: string;
  let env: Record<string, string>;
  let sourceId: string;
  let sessionId: string;

  const cli = (args: readonly string[], options?: Parameters<typeof runCli>[2]) => runCli(args, env, options);
  const configFile = () => join(home, "config", "coprsim", "config.json");

  beforeAll(async () => {
    database = await createScratchDatabase();
    home = await mkdtemp(join(tmpdir(), "coprsim-cli-"));
    serviceEnv = {
      DATABASE_URL: database.url,
      REDIS_URL: TEST_REDIS_URL,
      COPRSIM_QUEUE_NAMESPACE: `e2e_cli_${randomBytes(4).toString("hex")}`,
      COPRSIM_DATA_DIR: join(home, "data"),
      COPRSIM_CLOCK: "fast",
    };
    service = await startService("start", serviceEnv);
    env = {
      HOME: home,
      XDG_CONFIG_HOME: join(home, "config"),
      COPRSIM_URL: service.baseUrl,
      COPRSIM_USER: "",
      COPRSIM_PASSWORD: "",
    };
  });

  afterAll(async () => {
    await service?.stop();
    await database?.drop();
    if (home) await rm(home, { recursive: true, force: true });
  });

  it("exits 5 and says to log in when no login is stored", async () => {
    const run = await cli([
      "volume",
      "create",
      "v",
      "--size",
      "1GB",
      "--project",
      "default",
      "--varray",
      "varray1",
      "--vpool",
      "vpool-vmax",
    ]);
    expectExit(run, 5);
    expect(run.stderr).toContain(`Not logged in to ${service.baseUrl}`);
  });

  it("exits 5 when the credentials are refused", async () => {
    const run = await cli(["login", "--user", "root", "--password", "wrong"]);
    expectExit(run, 5);
    expect(run.stderr).toContain("Invalid username or password");
  });

  it("logs in, keeping the token and the URL in a file only the user can read", async () => {
    const run = await cli(["login", "--user", "root", "--password-stdin"], { stdin: "ChangeMe\n" });
    expectExit(run, 0);
    expect(run.stdout).toContain(`Logged in to ${service.baseUrl} as root`);
    expect((await stat(configFile())).mode & 0o777).toBe(0o600);
    expect((await stat(join(home, "config", "coprsim"))).mode & 0o777).toBe(0o700);
    const config = JSON.parse(await readFile(configFile(), "utf8"));
    expect(config.current).toBe(service.baseUrl);
    const token = config.servers[service.baseUrl].token;
    const check = await fetch(`${service.baseUrl}/login`, { headers: { "X-SDS-AUTH-TOKEN": token } });
    expect(check.status).toBe(200);
  });

  it("creates a volume and a session by name, and links copy-mode targets to ready with --wait --json", async () => {
    const volume = await cli([
      "--json",
      "volume",
      "create",
      "cli-src",
      "--size",
      "128MB",
      "--count",
      "1",
      "--project",
      "default",
      "--varray",
      "varray1",
      "--vpool",
      "vpool-vmax",
      "--wait",
      "--interval",
      "100",
    ]);
    expectExit(volume, 0);
    const [volumeTask] = JSON.parse(volume.stdout).task;
    expect(volumeTask.state).toBe("ready");
    sourceId = volumeTask.resource.id;
    expect(sourceId).toMatch(/^urn:storageos:Volume:/);

    const session = await cli([
      "--json",
      "session",
      "create",
      "cli-src",
      "--name",
      "cli-snap",
      "--wait",
      "--interval",
      "100",
    ]);
    expectExit(session, 0);
    const sessionTask = JSON.parse(session.stdout).task.find((t: { resource: { id: string } }) =>
      t.resource.id.includes(":BlockSnapshotSession:"),
    );
    sessionId = sessionTask.resource.id;

    const link = await cli([
      "session",
      "link",
      "cli-snap",
      "--count",
      "2",
      "--target-name",
      "cli-tgt",
      "--copy-mode",
      "copy",
      "--wait",
      "--json",
      "--interval",
      "100",
    ]);
    expectExit(link, 0);
    const task = JSON.parse(link.stdout);
    expect(task).toMatchObject({
      name: "LINK SNAPSHOT SESSION TARGETS",
      state: "ready",
      progress: 100,
      resource: { id: sessionId },
    });
    const answer = await api(`/block/snapshot-sessions/${sessionId}`);
    expect(answer.linked_targets).toHaveLength(2);
    for (const ref of answer.linked_targets) {
      const target = await api(`/block/snapshots/${ref.id}`);
      expect(target.link_state.state).toBe("copied");
    }
  });

  it("prints each target's progress while following a copy-mode link when stdout is not a terminal", async () => {
    const link = await cli(followedCopyLinkOfOne("cli-lines"));
    expectExit(link, 0);
    expect(link.stdout).toMatch(/^LINK SNAPSHOT SESSION TARGETS: ready 100%$/m);
    expect(link.stdout).toMatch(/^cli-lines-1: copied 100%$/m);
    expect(link.stdout).toMatch(/cli-lines-1 urn:storageos:BlockSnapshot:\S+ {2}SYNCHRONIZED copied/);
  });

  it("rides through a restart of the service while following a copy-mode link, which ends copied", async () => {
    // Slowed so that the copy is still running when the service stops.
    expectExit(await cli(["sim", "clock", "--speed", "0.05"]), 0);
    try {
      const following = cli(followedCopyLinkOfOne("cli-restart"), { timeoutMs: 100_000 });
      await until(async () => {
        const { snapshot } = await api(`/block/volumes/${sourceId}/protection/snapshots`);
        const ref = snapshot.find((t: { name: string }) => t.name === "cli-restart-1");
        return ref !== undefined && (await api(`/block/snapshots/${ref.id}`)).link_state?.state === "copying";
      });
      await service.stop();
      service = await startService("start", {
        ...serviceEnv,
        COPRSIM_HTTP_PORT: new URL(service.baseUrl).port,
        COPRSIM_HTTPS_PORT: new URL(service.httpsUrl).port,
      });
      const link = await following;
      expectExit(link, 0);
      expect(link.stderr).toContain("The service stopped answering while following task");
      expect(link.stderr).toMatch(/The service answers again \(after \d+ s\)/);
      expect(link.stdout).toMatch(/^LINK SNAPSHOT SESSION TARGETS: ready 100%$/m);
      expect(link.stdout).toMatch(/^cli-restart-1: copied 100%$/m);
    } finally {
      expectExit(await cli(["sim", "clock", "--speed", "1"]), 0);
    }
  }, 150_000);

  it("exits 1 with the ViPR code, description and details when the API refuses (count 0)", async () => {
    const run = await cli(["session", "link", sessionId, "--count", "0", "--target-name", "none"]);
    expectExit(run, 1);
    expect(run.stderr).toContain("Error 1008: Parameter was provided but invalid");
    expect(run.stderr).toContain("Invalid request to link 0 new targets to a snapshot session.");

    const json = await cli(["--json", "session", "link", sessionId, "--count", "0", "--target-name", "none"]);
    expectExit(json, 1);
    expect(JSON.parse(json.stdout)).toEqual({
      code: 1008,
      description: "Parameter was provided but invalid",
      details: "Invalid request to link 0 new targets to a snapshot session.",
      retryable: false,
    });
  });

  it("exits 3 with the task's service error when an injected copy fault fails the link", async () => {
    const message = `Injected: the copy cannot start ${randomBytes(3).toString("hex")}`;
    const fault = await cli([
      "sim",
      "fault",
      "add",
      "vmax",
      "--operation",
      "copy",
      "--count",
      "1",
      "--message",
      message,
    ]);
    expectExit(fault, 0);
    expect(fault.stdout).toContain(message);

    const run = await cli([
      "session",
      "link",
      "cli-snap",
      "--count",
      "1",
      "--target-name",
      "cli-fails",
      "--copy-mode",
      "copy",
      "--wait",
      "--interval",
      "100",
    ]);
    expectExit(run, 3);
    expect(run.stderr).toMatch(
      /Task urn:storageos:Task:\S+ \(LINK SNAPSHOT SESSION TARGETS on cli-snap\) ended in error/,
    );
    expect(run.stderr).toMatch(/Error \d{4,5}: /);
    expect(run.stderr).toContain(message);
    expect(run.stdout).toMatch(/^cli-fails-1: rolled back/m);

    const cleared = await cli(["sim", "fault", "list", "vmax"]);
    expect(cleared.stdout.trim()).toBe("No faults.");
  });

  it("relinks, unlinks (keeping one target as a volume, deleting the others), restores and deletes a session by name", async () => {
    const wait = ["--wait", "--interval", "100"];
    const created = await cli(["--json", "session", "create", "cli-src", "--name", "cli-ops", ...wait]);
    expectExit(created, 0);
    const opsId = JSON.parse(created.stdout).task.find((t: { resource: { id: string } }) =>
      t.resource.id.includes(":BlockSnapshotSession:"),
    ).resource.id;
    expectExit(await cli(["session", "link", "cli-ops", "--count", "2", "--target-name", "cli-ops", ...wait]), 0);
    const targetId = async (name: string) =>
      (await api(`/block/volumes/${sourceId}/protection/snapshots`)).snapshot.find(
        (t: { name: string }) => t.name === name,
      ).id;
    const [kept, deleted, moved] = [
      await targetId("cli-ops-1"),
      await targetId("cli-ops-2"),
      await targetId("cli-tgt-2"),
    ];
    const linkedTo = async (session: string) =>
      (await api(`/block/snapshot-sessions/${session}`)).linked_targets.map((t: { id: string }) => t.id);

    const relink = await cli(["session", "relink", "cli-ops", "cli-tgt-2", ...wait]);
    expectExit(relink, 0);
    expect(relink.stdout).toMatch(/^RELINK SNAPSHOT SESSION TARGETS urn:storageos:Task:\S+: ready 100%$/m);
    expect(await linkedTo(opsId)).toContain(moved);
    expect(await linkedTo(sessionId)).not.toContain(moved);

    const unknown = "urn:storageos:BlockSnapshot:00000000-0000-0000-0000-000000000000:vdc1";
    const refused = await cli(["session", "unlink", "cli-ops", unknown]);
    expectExit(refused, 1);
    expect(refused.stderr).toMatch(/^Error 1004: /m);
    expect(refused.stderr).toContain(unknown);

    const unlinkKeeping = await cli(["session", "unlink", "cli-ops", "cli-ops-1", ...wait]);
    expectExit(unlinkKeeping, 0);
    expect(unlinkKeeping.stdout).toContain(`  ${kept}  kept as a volume`);
    const project = (await api(`/block/volumes/${sourceId}`)).project.id;
    const volumesNamed = async (name: string) =>
      (await api(`/block/volumes/search?project=${project}&name=${name}`)).resource.filter(
        (r: { match: string }) => r.match === name,
      );
    const [volume] = await volumesNamed("cli-ops-1");
    expect(volume.id).toMatch(/^urn:storageos:Volume:/);
    expect(volume.id).not.toBe(kept);

    const unlinkDeleting = await cli(["--json", "session", "unlink", opsId, deleted, "cli-tgt-2", "--delete", ...wait]);
    expectExit(unlinkDeleting, 0);
    expect(JSON.parse(unlinkDeleting.stdout)).toMatchObject({
      name: "UNLINK SNAPSHOT SESSION TARGETS",
      state: "ready",
    });
    for (const id of [kept, deleted, moved]) expect((await api(`/block/snapshots/${id}`)).inactive).toBe(true);
    expect(await volumesNamed("cli-ops-2")).toEqual([]);
    expect(await linkedTo(opsId)).toEqual([]);

    const restore = await cli(["--json", "session", "restore", "cli-ops", ...wait]);
    expectExit(restore, 0);
    expect(JSON.parse(restore.stdout)).toMatchObject({
      name: "RESTORE SNAPSHOT SESSION",
      state: "ready",
      resource: { id: opsId },
    });

    const deletion = await cli(["session", "delete", "cli-ops", ...wait]);
    expectExit(deletion, 0);
    expect(deletion.stdout).toMatch(/^DELETE SNAPSHOT SESSION urn:storageos:Task:\S+: ready 100%$/m);
    expect((await api(`/block/snapshot-sessions/${opsId}`)).inactive).toBe(true);
  });

  it("writes bytes with sim write, reads them back with sim read, and the digest is the content's SHA-256", async () => {
    const bytes = randomBytes(300_000);
    const input = join(home, "in.bin");
    const output = join(home, "out.bin");
    await writeFile(input, bytes);
    const offset = 131_072 + 17;

    expectExit(await cli(["sim", "write", "cli-src", input, "--offset", String(offset)]), 0);
    expectExit(
      await cli(["sim", "read", "cli-src", output, "--offset", String(offset), "--length", String(bytes.length)]),
      0,
    );
    expect((await readFile(output)).equals(bytes)).toBe(true);

    const piped = await cli(["sim", "read", sourceId, "--offset", String(offset), "--length", "1000"]);
    expectExit(piped, 0);
    expect(piped.stdoutBytes.equals(bytes.subarray(0, 1000))).toBe(true);

    const volume = await api(`/block/volumes/${sourceId}`);
    const array = await api(`/sim/storage-systems/${volume.storage_controller}`);
    const device = array.devices.find((d: { native_id: string }) => d.native_id === volume.native_id);
    const content = Buffer.alloc(device.capacity_bytes);
    bytes.copy(content, offset);
    const expected = createHash("sha256").update(content).digest("hex");

    const digest = await cli(["--json", "sim", "digest", "cli-src"]);
    expectExit(digest, 0);
    expect(JSON.parse(digest.stdout)).toEqual({ sha256: expected, full_copy: true });
    const human = await cli(["sim", "digest", sourceId]);
    expect(human.stdout).toContain(expected);
  });

  it("shows and sets the simulated arrays' clock", async () => {
    const slowed = await cli(["--json", "sim", "clock", "--speed", "0.5"]);
    expectExit(slowed, 0);
    expect(JSON.parse(slowed.stdout)).toMatchObject({ profile: "fast", speed: 0.5 });
    const shown = await cli(["sim", "clock"]);
    expect(shown.stdout.trim()).toBe("profile fast, speed 0.5");
    expectExit(await cli(["sim", "clock", "--speed", "fast"]), 2);
    expectExit(await cli(["sim", "clock", "--speed", "1"]), 0);
  });

  it("exits 2 on a usage error and on a name that matches nothing", async () => {
    expectExit(await cli(["session", "link", sessionId, "--target-name", "x"]), 2);
    const unknown = await cli(["session", "link", "no-such-session", "--count", "1", "--target-name", "x"]);
    expectExit(unknown, 2);
    expect(unknown.stderr).toContain('No snapshot session is named "no-such-session"');
  });

  it("exits 4 when the service cannot be reached", async () => {
    const url = `http://127.0.0.1:${await freePort()}`;
    const login = await cli(["--url", url, "login", "--user", "root", "--password", "ChangeMe"]);
    expectExit(login, 4);
    expect(login.stderr).toContain(`Cannot reach ${url}`);
    const watch = await cli([
      "--url",
      url,
      "task",
      "watch",
      "urn:storageos:Task:00000000-0000-0000-0000-000000000000:vdc1",
    ]);
    expectExit(watch, 4);
  });

  it("needs --insecure for the service's self-signed HTTPS certificate", async () => {
    const refused = await cli(["--url", service.httpsUrl, "login", "--user", "root", "--password", "ChangeMe"]);
    expectExit(refused, 4);
    expect(refused.stderr).toContain("pass --insecure");
    const accepted = await cli(["--url", service.httpsUrl, "--insecure", "login", "-u", "root", "-p", "ChangeMe"]);
    expectExit(accepted, 0);
    const watched = await cli(["--url", service.httpsUrl, "--json", "task", "watch", await readyTaskId()]);
    expectExit(watched, 0);
  });

  it("exits 5 once logged out, the token being revoked on the server", async () => {
    const config = JSON.parse(await readFile(configFile(), "utf8"));
    const token = config.servers[service.baseUrl].token;
    expectExit(await cli(["--url", service.baseUrl, "logout"]), 0);
    expect((await fetch(`${service.baseUrl}/login`, { headers: { "X-SDS-AUTH-TOKEN": token } })).status).toBe(401);
    const run = await cli(["--url", service.baseUrl, "sim", "digest", sourceId]);
    expectExit(run, 5);

    await writeFile(configFile(), JSON.stringify({ ...config, current: service.baseUrl }), { mode: 0o600 });
    const expired = await cli(["--url", service.baseUrl, "sim", "digest", sourceId]);
    expectExit(expired, 5);
    expect(expired.stderr).toContain("Not authenticated");
  });

  async function api(path: string) {
    const config = JSON.parse(await readFile(configFile(), "utf8"));
    const response = await fetch(`${service.baseUrl}${path}`, {
      headers: { Accept: "application/json", "X-SDS-AUTH-TOKEN": config.servers[service.baseUrl].token },
    });
    expect(response.status).toBe(200);
    return (await response.json()) as any;
  }

  /** `session link` of one copy-mode target, followed with --wait and polled every 100 ms. */
  function followedCopyLinkOfOne(targetName: string): string[] {
    const link = ["session", "link", sessionId, "--count", "1", "--target-name", targetName, "--copy-mode", "copy"];
    return [...link, "--wait", "--interval", "100"];
  }

  async function until(condition: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
    const by = Date.now() + timeoutMs;
    while (!(await condition())) {
      if (Date.now() > by) throw new Error(`not so within ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  async function readyTaskId(): Promise<string> {
    const { task } = await api("/vdc/tasks?max_count=50");
    return task.find((t: { state: string }) => t.state === "ready").id;
  }
});

function expectExit(run: CliRun, code: number): void {
  expect(run.code, `exit ${run.code}\nstdout: ${run.stdout}\nstderr: ${run.stderr}`).toBe(code);
}
