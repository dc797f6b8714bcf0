import { randomBytes } from "node:crypto";
import pg from "pg";
import { expect, it } from "vitest";
import { WORKFLOW_QUEUE } from "../../src/infrastructure/queue/queue-backend.js";
import { createSession, createVolume, discoverSeededWorld, type SeededWorld } from "../support/e2e/seeded-world.js";
import { ViprClient } from "../support/e2e/vipr-client.js";
import { type Sample, samplesOf, sampleValue, scrape } from "../support/observability/prometheus-text.js";

export interface ObservedDeployment {
  readonly baseUrl: string;
  readonly databaseUrl: string;
  readonly queueKind: "redis" | "postgres";
  /** Everything the API process wrote (pino JSON lines and the banner). */
  apiOutput(): string;
  /** Everything the processes that run workflow steps wrote. */
  workerOutput(): string;
}

const LINK_ROUTE = "/block/snapshot-sessions/:id/link-targets";
const QUEUE_STATES = ["waiting", "active", "delayed", "failed", "waiting-children"];
const LINK_BUCKETS = [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800, 3600, 7200];

function jsonLines(output: string): Record<string, any>[] {
  return output
    .split("\n")
    .filter((line) => line.startsWith("{"))
    .map((line) => JSON.parse(line) as Record<string, any>);
}

async function eventually<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = await probe();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`${what}: not seen within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function queueDepth(samples: readonly Sample[], state: string): number {
  return sampleValue(samples, "coprsim_queue_jobs", { queue: WORKFLOW_QUEUE, state });
}

function copiedBytes(samples: readonly Sample[], family: string): number {
  return sampleValue(samples, "coprsim_copied_bytes_total", { family });
}

/** Logs in as a browser would (`?using-cookies=true`) and returns the `Cookie` header to send. */
async function loginCookie(baseUrl: string, user: string): Promise<string> {
  const login = await fetch(`${baseUrl}/login?using-cookies=true`, {
    headers: { authorization: `Basic ${Buffer.from(`${user}:ChangeMe`).toString("base64")}` },
  });
  expect(login.status).toBe(200);
  const cookie = login.headers.get("set-cookie") ?? "";
  expect(cookie).toMatch(/^X-SDS-AUTH-TOKEN=[^;]+; Path=\/; HttpOnly/);
  return cookie.split(";")[0] as string;
}

/**
 * Issue 7's observability over HTTP against a running deployment: a copy link is followed in
 * `/metrics` while it copies and after it is ready, a failed link shows as an error, request
 * ids join the API's log lines to the tasks it created and to the workers' steps, and the
 * queue dashboard admits SYSTEM_ADMIN only.
 */
export function observabilityScenario(deployment: () => ObservedDeployment): void {
  let vipr: ViprClient;
  let token: string;
  let world: SeededWorld;
  const createdTaskIds: string[] = [];

  const post = async (path: string, body: unknown, requestId?: string) => {
    const response = await fetch(`${deployment().baseUrl}${path}`, {
      method: "POST",
      headers: {
        accept: "application/json",
        "content-type": "application/json",
        "x-sds-auth-token": token,
        ...(requestId ? { "x-request-id": requestId } : {}),
      },
      body: JSON.stringify(body),
    });
    return { status: response.status, headers: response.headers, body: (await response.json()) as any };
  };

  it("is ready: /health/ready answers 200 once Postgres and the queue backend answer", async () => {
    const response = await fetch(`${deployment().baseUrl}/health/ready`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      status: "ok",
      checks: { database: "ok", [`queue backend (${deployment().queueKind})`]: "ok" },
    });
  });

  it("shows a copy link in /metrics: latency by route, task states, queue depths, link duration, copied bytes", async () => {
    const { baseUrl, databaseUrl } = deployment();
    vipr = new ViprClient(baseUrl);
    token = await vipr.login();
    world = await discoverSeededWorld(vipr);
    const before = await scrape(baseUrl);
    expect(sampleValue(before, "coprsim_tasks", { state: "ready" })).toBe(0);

    const volumeTasks = await post("/block/volumes", {
      name: "obs-src",
      size: "1GB",
      count: 1,
      varray: world.varrayId,
      vpool: world.vpoolIds.vmax,
      project: world.projectId,
    });
    createdTaskIds.push(...volumeTasks.body.task.map((t: { id: string }) => t.id));
    const volumeId = volumeTasks.body.task[0].resource.id;
    expect((await vipr.waitForTask(volumeTasks.body.task[0].id)).state).toBe("ready");
    const sessionTasks = await post(`/block/volumes/${volumeId}/protection/snapshot-sessions`, { name: "obs-snap" });
    createdTaskIds.push(...sessionTasks.body.task.map((t: { id: string }) => t.id));
    for (const task of sessionTasks.body.task) expect((await vipr.waitForTask(task.id)).state).toBe("ready");
    const sessionId = sessionTasks.body.task.find((t: any) => t.resource.id.includes(":BlockSnapshotSession:")).resource
      .id;

    const start = await scrape(baseUrl);
    const link = await post(`/block/snapshot-sessions/${sessionId}/link-targets`, {
      new_linked_targets: { count: 2, target_name: "obs-cp", copy_mode: "copy" },
    });
    expect(link.status).toBe(202);
    const linkTaskId: string = link.body.task[0].id;
    createdTaskIds.push(linkTaskId);

    // While the 1 GB copies (about 5 s on the fast clock): the task is pending, its finish step
    // waits in the queue for the link steps, and the copied bytes rise part of the way.
    const seenCopying: number[] = [];
    await eventually("the copy part-way in /metrics", async () => {
      const during = await scrape(baseUrl);
      const copied = copiedBytes(during, "vmax") - copiedBytes(start, "vmax");
      seenCopying.push(copied);
      const queued = QUEUE_STATES.filter((s) => s !== "failed").reduce((n, s) => n + queueDepth(during, s), 0);
      const pending = sampleValue(during, "coprsim_tasks", { state: "pending" });
      return copied > 0 && pending === 1 && queued >= 1 ? during : undefined;
    });
    const task = await vipr.waitForTask(linkTaskId);
    expect(task.state).toBe("ready");

    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    const [capacity] = (
      await client.query("SELECT sum(capacity_bytes)::text AS bytes FROM linked_targets WHERE link_task_id = $1", [
        linkTaskId,
      ])
    ).rows;
    await client.end();

    const after = await eventually("an empty queue", async () => {
      const samples = await scrape(baseUrl);
      return QUEUE_STATES.every((s) => queueDepth(samples, s) === 0) ? samples : undefined;
    });

    // Copied bytes: a counter that only rose during the copy and ends at the targets' capacity.
    expect(seenCopying).toEqual([...seenCopying].sort((a, b) => a - b));
    expect(seenCopying.some((bytes) => bytes > 0 && bytes < Number(capacity.bytes))).toBe(true);
    expect(copiedBytes(after, "vmax") - copiedBytes(start, "vmax")).toBe(Number(capacity.bytes));
    expect(copiedBytes(after, "mock")).toBe(copiedBytes(start, "mock"));

    // The link route's latency histogram, by its pattern: one 202 so far.
    const linkLabels = { method: "POST", route: LINK_ROUTE, status: "202" };
    expect(sampleValue(after, "coprsim_http_request_duration_seconds_count", linkLabels)).toBe(1);
    const buckets = samplesOf(after, "coprsim_http_request_duration_seconds_bucket", linkLabels);
    expect(buckets.map((b) => b.labels.le)).toContain("+Inf");
    expect(sampleValue(after, "coprsim_http_request_duration_seconds_bucket", { ...linkLabels, le: "+Inf" })).toBe(1);
    expect(after.filter((s) => (s.labels.route ?? "").includes("urn:"))).toEqual([]);

    // Tasks by state: every task this test started is ready.
    expect(sampleValue(after, "coprsim_tasks", { state: "ready" })).toBe(createdTaskIds.length);
    for (const state of ["queued", "pending", "error"]) expect(sampleValue(after, "coprsim_tasks", { state })).toBe(0);

    // Queue depth series for every state of the workflow queue.
    for (const state of QUEUE_STATES) expect(queueDepth(after, state)).toBe(0);

    // Link duration: this link, observed once, in the bucket its start and end times say.
    const seconds = (task.end_time - task.start_time) / 1000;
    const copyReady = { copy_mode: "copy", outcome: "ready" };
    expect(sampleValue(after, "coprsim_link_duration_seconds_count", copyReady)).toBe(1);
    expect(sampleValue(after, "coprsim_link_duration_seconds_sum", copyReady)).toBeCloseTo(seconds, 6);
    for (const le of LINK_BUCKETS) {
      const bucket = sampleValue(after, "coprsim_link_duration_seconds_bucket", { ...copyReady, le: String(le) });
      expect(bucket).toBe(seconds <= le ? 1 : 0);
    }
    expect(sampleValue(after, "coprsim_link_duration_seconds_count", { copy_mode: "nocopy", outcome: "ready" })).toBe(
      0,
    );
    expect(sampleValue(after, "coprsim_metrics_source_up", { source: "queues" })).toBe(1);
  });

  it("shows a link that failed on the array as an error task and an error link duration", async () => {
    const { baseUrl } = deployment();
    const volumeId = await createVolume(vipr, world, "vmax", "obs-fail-src");
    const sessionId = await createSession(vipr, volumeId, "obs-fail-snap");
    const systemId = (await vipr.get(`/block/volumes/${volumeId}`)).body.storage_controller;
    const fault = await post(`/sim/storage-systems/${systemId}/faults`, {
      operation: "provision",
      count: 1,
      message: "Injected: no space",
      retryable: false,
    });
    expect(fault.status).toBeLessThan(300);
    const link = await post(`/block/snapshot-sessions/${sessionId}/link-targets`, {
      new_linked_targets: { count: 1, target_name: "obs-fail", copy_mode: "nocopy" },
    });
    expect((await vipr.waitForTask(link.body.task[0].id)).state).toBe("error");

    const after = await scrape(baseUrl);
    expect(sampleValue(after, "coprsim_tasks", { state: "error" })).toBe(1);
    const nocopyError = { copy_mode: "nocopy", outcome: "error" };
    expect(sampleValue(after, "coprsim_link_duration_seconds_count", nocopyError)).toBe(1);
    expect(sampleValue(after, "coprsim_link_duration_seconds_count", { copy_mode: "copy", outcome: "ready" })).toBe(1);
    const linkLabels = { method: "POST", route: LINK_ROUTE, status: "202" };
    expect(sampleValue(after, "coprsim_http_request_duration_seconds_count", linkLabels)).toBe(2);
  });

  it("echoes the request id and logs it with the task ids the API created; the workers' steps log task and job ids", async () => {
    const { baseUrl } = deployment();
    const requestId = `obs-${randomBytes(6).toString("hex")}`;
    const volumeId = await createVolume(vipr, world, "mock", "obs-log-src");
    const sessionId = await createSession(vipr, volumeId, "obs-log-snap");
    const link = await post(
      `/block/snapshot-sessions/${sessionId}/link-targets`,
      { new_linked_targets: { count: 1, target_name: "obs-log", copy_mode: "nocopy" } },
      requestId,
    );
    expect(link.status).toBe(202);
    expect(link.headers.get("x-request-id")).toBe(requestId);
    const taskId: string = link.body.task[0].id;
    expect((await vipr.waitForTask(taskId)).state).toBe("ready");

    const apiLines = jsonLines(deployment().apiOutput()).filter((line) => line.reqId === requestId);
    expect(apiLines.map((line) => line.msg)).toEqual(["incoming request", "tasks created", "request completed"]);
    expect(apiLines[1]).toMatchObject({ level: 30, taskIds: [taskId] });
    expect(apiLines[0]).toMatchObject({
      req: { method: "POST", url: `/block/snapshot-sessions/${sessionId}/link-targets` },
    });

    const stepLines = await eventually("the link step's log line", async () => {
      const lines = jsonLines(deployment().workerOutput()).filter((line) => line.taskId === taskId);
      return lines.some((line) => line.step === "link-targets.link" && line.msg === "step done") ? lines : undefined;
    });
    expect(stepLines.map((line) => line.step)).toContain("link-targets.link");
    for (const line of stepLines) expect(line.jobId).toEqual(expect.any(String));

    const generated = await fetch(`${baseUrl}/login`, { headers: { "x-request-id": "not an acceptable id" } });
    expect(generated.status).toBe(401);
    expect(generated.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    const refused = await fetch(`${baseUrl}/vdc/tasks/${taskId}`, { headers: { "x-request-id": requestId } });
    expect(refused.status).toBe(401);
    expect(refused.headers.get("x-request-id")).toBe(requestId);
  });

  it("serves the queue dashboard at /admin/queues to SYSTEM_ADMIN through the login cookie, 401/403 otherwise", async () => {
    const { baseUrl } = deployment();
    const cookieOf = (user: string) => loginCookie(baseUrl, user);
    const dashboard = (path: string, headers: Record<string, string> = {}) =>
      fetch(`${baseUrl}/admin/queues${path}`, { headers: { accept: "application/json", ...headers } });

    const anonymous = await dashboard("");
    expect(anonymous.status).toBe(401);
    expect(await anonymous.json()).toMatchObject({ code: 4000, details: "No credentials were specified" });
    const badCookie = await dashboard("/api/queues", { cookie: "X-SDS-AUTH-TOKEN=forged" });
    expect(badCookie.status).toBe(401);

    const monitor = await dashboard("", { cookie: await cookieOf("sysmonitor") });
    expect(monitor.status).toBe(403);
    expect(await monitor.json()).toMatchObject({
      code: 3000,
      details: "Insufficient permissions for user sysmonitor.",
    });

    const rootCookie = await cookieOf("root");
    const page = await fetch(`${baseUrl}/admin/queues`, { headers: { cookie: rootCookie, accept: "text/html" } });
    expect(page.status).toBe(200);
    expect(page.headers.get("content-type")).toMatch(/^text\/html/);
    const html = await page.text();
    expect(html).toContain("coprsim");
    expect(html).toContain('<base href="/admin/queues/" />');
    const script = /src="(static\/js\/main\.[^"]+\.js)"/.exec(html)?.[1];
    expect(script).toBeDefined();
    const scriptUrl = `${baseUrl}/admin/queues/${script}`;
    expect((await fetch(scriptUrl, { headers: { cookie: rootCookie } })).status).toBe(200);
    expect((await fetch(scriptUrl)).status).toBe(401);

    const queues = await dashboard("/api/queues", { cookie: rootCookie });
    expect(queues.status).toBe(200);
    const body = (await queues.json()) as { queues: { name: string; counts: Record<string, number> }[] };
    expect(body.queues.map((q) => q.name)).toEqual([WORKFLOW_QUEUE]);
    expect(body.queues[0]!.counts).toMatchObject({ active: 0, waiting: 0, delayed: 0, failed: 0 });
  });

  it("shows the workflow's jobs in the queue dashboard's views while a link copies", async () => {
    const { baseUrl, queueKind } = deployment();
    const rootCookie = await loginCookie(baseUrl, "root");
    const board = async (path: string) => {
      const response = await fetch(`${baseUrl}/admin/queues/api${path}`, { headers: { cookie: rootCookie } });
      expect(response.status, path).toBe(200);
      return (await response.json()) as any;
    };
    // 20 GB copy for about 100 s on the fast clock: the jobs stay in the queue while it is looked at.
    const volumeId = await createVolume(vipr, world, "vmax", "obs-board-src", "20GB");
    const sessionId = await createSession(vipr, volumeId, "obs-board-snap");
    const link = await post(`/block/snapshot-sessions/${sessionId}/link-targets`, {
      new_linked_targets: { count: 1, target_name: "obs-board", copy_mode: "copy" },
    });
    const taskId: string = link.body.task[0].id;
    const ofTask = (jobs: any[]) => jobs.filter((job) => job.data?.taskId === taskId);

    const stepJob = await eventually("the link step delayed, waiting for the copy", async () => {
      const view = await board(`/queues?activeQueue=${WORKFLOW_QUEUE}&status=delayed&page=1&jobsPerPage=50`);
      return ofTask(view.queues[0].jobs).find((job) => job.name === "link-targets.link");
    });
    // One job carries the whole request: no flow parent waits for children.
    const parents = await board(`/queues?activeQueue=${WORKFLOW_QUEUE}&status=waiting-children&page=1&jobsPerPage=50`);
    expect(ofTask(parents.queues[0].jobs)).toEqual([]);

    const job = await board(`/queues/${WORKFLOW_QUEUE}/${encodeURIComponent(stepJob.id)}`);
    expect(job.job).toMatchObject({ id: stepJob.id, name: "link-targets.link", data: { taskId } });
    expect(await board(`/queues/${WORKFLOW_QUEUE}/${encodeURIComponent(stepJob.id)}/logs`)).toEqual([]);

    const stats = await board("/redis/stats");
    const workers = (await board(`/queues/${WORKFLOW_QUEUE}/workers`)).workers;
    if (queueKind === "postgres") {
      expect(stats).toMatchObject({ backend: "postgres" });
      // BullMQ's Postgres backend names its workers' connections but gives no address or id:
      // bull-board leaves the workers section out.
      expect(workers).toBeNull();
    } else {
      expect(stats.version).toMatch(/^\d+\./);
      expect(workers.length).toBeGreaterThanOrEqual(1);
    }
  });
}
