import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm, stat } from "node:fs/promises";
import { request as httpsRequest } from "node:https";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSession, createVolume, discoverSeededWorld } from "../support/e2e/seeded-world.js";
import { ViprClient } from "../support/e2e/vipr-client.js";
import { isInstalled, runCommand, waitFor } from "./support/command.js";
import { ComposeProject } from "./support/compose-project.js";
import { type PodmanService, podman, runHealthChecks, startPodmanService } from "./support/podman.js";
import { debianStandIn, nodeStandIn, serviceStandIn } from "./support/stand-in-images.js";

/**
 * The image built from the Dockerfile and docker-compose.yml brought up as it is (stand-in
 * images named over it where no registry is reachable), with podman: Postgres, Redis, the API
 * and two workers on the project's own network. The test reaches them only through the API's
 * ports, published on 127.0.0.1 at ports podman picks; everything it made is removed at the end
 * except the stand-in base images, which are used again like pulled images (README, "Running
 * with podman").
 */

const REPOSITORY = fileURLToPath(new URL("../../", import.meta.url));
const RUN = randomBytes(4).toString("hex");
const APP_IMAGE = `localhost/coprsim-containers-test:${RUN}`;
const PROJECT = `coprsim-containers-${RUN}`;
const ROOT_PASSWORD = `Root-${randomBytes(6).toString("hex")}`;
/** A 1 GB copy at a tenth of the `fast` clock takes about 50 s: time enough to stop a worker in it. */
const SLOW_CLOCK = { speed: 0.1 };

function log(line: string): void {
  console.log(`[containers] ${line}`);
}

async function timed<T>(what: string, work: () => Promise<T>): Promise<T> {
  const started = Date.now();
  const result = await work();
  log(`${what}: ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return result;
}

/** The Node.js image the Dockerfile builds on by default (`ARG NODE_IMAGE=…`). */
async function dockerfileNodeImage(): Promise<string> {
  const dockerfile = await readFile(join(REPOSITORY, "Dockerfile"), "utf8");
  const image = /^ARG NODE_IMAGE=(\S+)$/m.exec(dockerfile)?.[1];
  if (!image) throw new Error("the Dockerfile has no ARG NODE_IMAGE=<default>");
  return image;
}

/** The CA bundle npm trusts on this machine, if one is set (`npm config get cafile`). */
async function npmCaFile(): Promise<string | undefined> {
  const { stdout } = await runCommand("npm", ["config", "get", "cafile"], { timeoutMs: 60_000 });
  const path = stdout.trim();
  return path && path !== "null" && path !== "undefined" && existsSync(path) ? path : undefined;
}

async function buildAppImage(nodeImage: string, caFile: string | undefined): Promise<void> {
  const secret = caFile ? ["--secret", `id=npm_ca,src=${caFile}`] : [];
  await podman(
    [
      "build",
      "--layers=false",
      "--format=docker",
      "--build-arg",
      `NODE_IMAGE=${nodeImage}`,
      ...secret,
      "--tag",
      APP_IMAGE,
      REPOSITORY,
    ],
    { timeoutMs: 30 * 60_000 },
  );
}

function httpsStatus(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    // The API's certificate is self-signed; what is checked here is that the port answers TLS.
    const get = httpsRequest(url, { rejectUnauthorized: false, timeout: 10_000 }, (response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
    });
    get.once("error", reject);
    get.once("timeout", () => get.destroy(new Error(`${url}: no answer in 10 s`)));
    get.end();
  });
}

describe("the image and docker-compose.yml, run with podman", () => {
  let caFile: string | undefined;
  let appImageBuilt = false;
  let workDirectory: string | undefined;
  let service: PodmanService | undefined;
  let healthChecks: { stop(): Promise<void> } | undefined;
  let stack: ComposeProject;
  let apiUrl: string;
  let httpsUrl: string;
  let linkTaskId: string | undefined;
  let remainingWorker: string | undefined;

  beforeAll(async () => {
    for (const program of ["podman", "mmdebstrap"]) {
      if (!(await isInstalled(program))) {
        throw new Error(`${program} is not installed (Debian: podman runc iptables mmdebstrap docker-compose)`);
      }
    }
    const nodeImage = await dockerfileNodeImage();
    caFile = await npmCaFile();
    const debian = await timed("Debian base stand-in", debianStandIn);
    const [, postgres, redis] = await Promise.all([
      timed(`${nodeImage} stand-in, then the image`, async () => {
        const node = await nodeStandIn(nodeImage, debian);
        await buildAppImage(node, caFile);
        appImageBuilt = true;
      }),
      timed("postgres stand-in", () => serviceStandIn("postgres", debian)),
      timed("redis stand-in", () => serviceStandIn("redis", debian)),
    ]);

    workDirectory = await mkdtemp(join(tmpdir(), "coprsim-containers-"));
    service = await startPodmanService(workDirectory);
    stack = await ComposeProject.create(PROJECT, {
      ...process.env,
      DOCKER_HOST: service.dockerHost,
      COPRSIM_TEST_IMAGE: APP_IMAGE,
      COPRSIM_TEST_POSTGRES_IMAGE: postgres,
      COPRSIM_TEST_REDIS_IMAGE: redis,
      // The file's "${COPRSIM_HTTP_PORT:-8080}:8080" becomes "127.0.0.1::8080": a port podman picks, on loopback.
      COPRSIM_HTTP_PORT: "127.0.0.1:",
      COPRSIM_HTTPS_PORT: "127.0.0.1:",
      COPRSIM_ROOT_PASSWORD: ROOT_PASSWORD,
      COPRSIM_CLOCK: "fast",
      // Workers log each look at a copy in progress with its task at debug level: shows who works on what.
      LOG_LEVEL: "debug",
    });
    healthChecks = runHealthChecks(PROJECT);
    await timed("compose up", () => stack.compose(["up", "--detach", "--no-build"], 10 * 60_000));
    const api = await stack.container("api");
    const [http] = await stack.published(api, 8080);
    const [https] = await stack.published(api, 4443);
    apiUrl = `http://${http}`;
    httpsUrl = `https://${https}`;
    log(`API on ${apiUrl} and ${httpsUrl}`);
  });

  afterAll(async () => {
    await healthChecks?.stop();
    let leftovers: string[] = [];
    if (stack) {
      await stack.remove();
      leftovers = await stack.leftovers();
    }
    await service?.stop();
    if (appImageBuilt) await podman(["rmi", "--force", APP_IMAGE], { allowFailure: true });
    if (workDirectory) await rm(workDirectory, { recursive: true, force: true });
    if (leftovers.length > 0) throw new Error(`left behind: ${leftovers.join(", ")}`);
  });

  it("runs the command-line client from the image: coprsim --help", async () => {
    const help = await podman(["run", "--rm", APP_IMAGE, "coprsim", "--help"]);
    expect(help.stdout).toMatch(/^Usage: coprsim /);
    expect(help.stdout).toContain("session");
  });

  it("keeps the CA bundle given to the build out of the image", async ({ skip }) => {
    if (!caFile) skip("npm trusts no CA bundle of its own here, so the build was given none");
    const bundle = await readFile(caFile!);
    const { size } = await stat(caFile!);
    // Every file of the bundle's size anywhere in the image, compared byte for byte with it.
    const found = await podman(
      [
        "run",
        "--rm",
        "--interactive",
        "--user",
        "root",
        APP_IMAGE,
        "sh",
        "-c",
        `cat > /tmp/bundle && find / -xdev -type f -size ${size}c ! -path /tmp/bundle -exec cmp -s {} /tmp/bundle \\; -print`,
      ],
      { stdin: bundle },
    );
    expect(found.stdout.trim()).toBe("");
  });

  it("publishes only the API's two ports, on 127.0.0.1", async () => {
    const api = await stack.container("api");
    expect((await stack.allPublished(api)).sort()).toEqual([
      `4443/tcp -> ${new URL(httpsUrl).host}`,
      `8080/tcp -> ${new URL(apiUrl).host}`,
    ]);
    expect(new URL(apiUrl).hostname).toBe("127.0.0.1");
    expect(new URL(httpsUrl).hostname).toBe("127.0.0.1");
    const others = [
      ...(await stack.containers("postgres")),
      ...(await stack.containers("redis")),
      ...(await stack.containers("worker")),
    ];
    expect(others).toHaveLength(4);
    for (const container of others) expect(await stack.allPublished(container)).toEqual([]);
  });

  it("becomes healthy: each container's own health check, and the API's /health/ready through 127.0.0.1", async () => {
    const containers = ["postgres", "redis", "api", "worker"];
    const names = (await Promise.all(containers.map((s) => stack.containers(s)))).flat();
    expect(names).toHaveLength(5);
    await waitFor(
      "every container to be healthy",
      async () =>
        (await Promise.all(names.map((n) => stack.health(n)))).every((h) => h === "healthy") ? true : undefined,
      { timeoutMs: 180_000, intervalMs: 2_000, explain: () => stack.describe() },
    );
    const ready = await waitFor(
      "/health/ready to answer 200",
      async () => {
        const response = await fetch(`${apiUrl}/health/ready`).catch(() => undefined);
        return response?.status === 200 ? response.json() : undefined;
      },
      { timeoutMs: 60_000, explain: () => stack.describe() },
    );
    expect(ready).toEqual({ status: "ok", checks: { database: "ok", "queue backend (redis)": "ok" } });
    expect(await httpsStatus(`${httpsUrl}/health/live`)).toBe(200);
  });

  it("links two copy targets and finishes their copy while one worker is stopped in the middle of it", async () => {
    const client = new ViprClient(apiUrl);
    await client.login("root", ROOT_PASSWORD);
    const world = await discoverSeededWorld(client);
    const volumeId = await createVolume(client, world, "vmax", "containers-src", "1GB");
    const sessionId = await createSession(client, volumeId, "containers-snap");
    const clock = await client.send("PUT", "/sim/clock", JSON.stringify(SLOW_CLOCK));
    expect(clock.status).toBe(200);

    const link = await client.post(`/block/snapshot-sessions/${sessionId}/link-targets`, {
      new_linked_targets: { count: 2, target_name: "copy", copy_mode: "copy" },
    });
    expect(link.status).toBe(202);
    const taskId: string = link.body.task[0].id;
    linkTaskId = taskId;

    const targetIds = await waitFor(
      "both targets to be copying",
      async () => {
        const { body } = await client.get(`/block/volumes/${volumeId}/protection/snapshots`);
        const ours = (body.snapshot as { id: string; name: string }[]).filter((t) => /^copy-[12]$/.test(t.name));
        if (ours.length !== 2) return undefined;
        const targets = await Promise.all(ours.map(async (t) => (await client.get(`/block/snapshots/${t.id}`)).body));
        const copying = targets.every((t) => t.link_state?.state === "copying" && t.link_state.percent_copied > 0);
        return copying ? ours.map((t) => t.id) : undefined;
      },
      { timeoutMs: 120_000, explain: () => stack.describe() },
    );

    const workers = await stack.containers("worker");
    expect(workers).toHaveLength(2);
    const stopped = await waitFor(
      "a worker to work on the link",
      async () => {
        for (const worker of workers) if ((await stack.logs(worker)).includes(taskId)) return worker;
        return undefined;
      },
      { timeoutMs: 60_000, explain: () => stack.describe() },
    );
    const remaining = workers.find((w) => w !== stopped)!;
    remainingWorker = remaining;
    const stoppedAt = new Date();
    await podman(["stop", "--time", "30", stopped], { timeoutMs: 60_000 });
    // SIGTERM reached the worker (PID 1 of its container), which handed its jobs back and exited 0.
    expect(await stack.state(stopped)).toEqual({ status: "exited", exitCode: 0 });
    const during = (await client.get(`/vdc/tasks/${taskId}`)).body;
    expect(during.state, "the copy ended before the worker stopped: slow the clock further").toBe("pending");
    log(`stopped ${stopped} at ${during.progress}% of the link`);

    const task = await client.waitForTask(taskId, 300_000);
    expect(task).toMatchObject({ state: "ready", progress: 100, message: "Operation completed successfully" });
    const session = (await client.get(`/block/snapshot-sessions/${sessionId}`)).body;
    expect(session.linked_targets.map((t: { id: string }) => t.id).sort()).toEqual([...targetIds].sort());
    for (const id of targetIds) {
      const target = (await client.get(`/block/snapshots/${id}`)).body;
      expect(target).toMatchObject({ copy_mode: "copy", replica_state: "SYNCHRONIZED", inactive: false });
      expect(target.link_state.state).toBe("copied");
    }
    expect(await stack.logs(remaining, stoppedAt)).toContain(taskId);
    // restart: unless-stopped leaves a stopped container stopped.
    expect((await stack.state(stopped)).status).toBe("exited");
  });

  it("runs the image's coprsim in a worker container, reaching the API by its service name", async () => {
    expect(linkTaskId, "the link above made no task").toBeDefined();
    const inWorker = (args: string[], stdin?: string) =>
      podman(["exec", "--interactive", remainingWorker!, "coprsim", "--url", "http://api:8080", ...args], {
        stdin,
        timeoutMs: 120_000,
      });
    await inWorker(["login", "-u", "root", "--password-stdin"], `${ROOT_PASSWORD}\n`);
    const watched = await inWorker(["--json", "task", "watch", linkTaskId!]);
    expect(JSON.parse(watched.stdout)).toMatchObject({ id: linkTaskId, state: "ready" });
  });

  it("comes down with down -v, leaving no container, volume or network of the project", async () => {
    await healthChecks?.stop();
    healthChecks = undefined;
    await timed("compose down -v", () => stack.compose(["down", "--volumes", "--timeout", "10"], 180_000));
    expect(await stack.leftovers()).toEqual([]);
  });
});
