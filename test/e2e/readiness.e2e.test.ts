import { randomBytes } from "node:crypto";
import { rm } from "node:fs/promises";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "../support/e2e/free-port.js";
import { createScratchDatabase } from "../support/e2e/scratch-database.js";
import { type RunningService, startService } from "../support/e2e/service-process.js";
import { startTcpProxy, type TcpProxy } from "../support/e2e/tcp-proxy.js";
import { sampleValue, scrape } from "../support/observability/prometheus-text.js";

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = await probe();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`${what}: not seen within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

const ready = (api: RunningService) =>
  fetch(`${api.baseUrl}/health/ready`, { headers: { accept: "application/json" } });

describe("GET /health/ready when a dependency does not answer (API process)", () => {
  let database: Awaited<ReturnType<typeof createScratchDatabase>>;
  let api: RunningService | undefined;
  let proxy: TcpProxy | undefined;
  const dataDirs: string[] = [];
  const dataDir = () => {
    dataDirs.push(`/tmp/coprsim-e2e-${randomBytes(4).toString("hex")}`);
    return dataDirs.at(-1) as string;
  };

  beforeAll(async () => {
    database = await createScratchDatabase();
  });
  afterEach(async () => {
    await api?.stop();
    await proxy?.close();
    api = undefined;
    proxy = undefined;
  });
  afterAll(async () => {
    await database?.drop();
    for (const dir of dataDirs) await rm(dir, { recursive: true, force: true });
  });

  it("answers 503/6000 naming the queue backend while Redis is unreachable; liveness and /metrics still answer", async () => {
    api = await startService("api", {
      DATABASE_URL: database.url,
      REDIS_URL: `redis://127.0.0.1:${await freePort()}`,
      COPRSIM_DATA_DIR: dataDir(),
    });

    const response = await ready(api);
    expect(response.status).toBe(503);
    expect(response.headers.get("retry-after")).toBe("30");
    expect(await response.json()).toEqual({
      code: 6000,
      description: "Unable to connect to the service. The service is unavailable, try again later",
      details: "Not ready: no answer from queue backend (redis)",
      // As every 6000 of the real controller: not retryable (the status and Retry-After say when).
      retryable: false,
    });
    expect((await fetch(`${api.baseUrl}/health/live`)).status).toBe(200);

    const metrics = await scrape(api.baseUrl);
    expect(sampleValue(metrics, "coprsim_metrics_source_up", { source: "queues" })).toBe(0);
    expect(sampleValue(metrics, "coprsim_metrics_source_up", { source: "tasks" })).toBe(1);
    expect(sampleValue(metrics, "coprsim_tasks", { state: "ready" })).toBe(0);
    expect(metrics.filter((sample) => sample.name === "coprsim_queue_jobs")).toEqual([]);
  });

  it("answers 503 naming the database and the Postgres queue backend while Postgres is cut off, and 200 once it is back", async ({
    onTestFailed,
  }) => {
    const url = new URL(database.url);
    proxy = await startTcpProxy({ host: url.hostname, port: Number(url.port || 5432) });
    url.port = String(proxy.port);
    api = await startService("api", {
      DATABASE_URL: url.toString(),
      REDIS_URL: "",
      COPRSIM_QUEUE_NAMESPACE: `ready_${randomBytes(4).toString("hex")}`,
      COPRSIM_DATA_DIR: dataDir(),
    });
    const running = api;
    // A process that died shows why in its output (it once did: a pg client's unheard error).
    onTestFailed(() => console.error(`API output:\n${running.output()}`));
    expect((await ready(running)).status).toBe(200);

    await proxy.cut();
    const refusal = await until("a 503", async () => {
      const response = await ready(running);
      return response.status === 503 ? ((await response.json()) as Record<string, unknown>) : undefined;
    });
    expect(refusal).toMatchObject({
      code: 6000,
      details: "Not ready: no answer from database and queue backend (postgres)",
      retryable: false,
    });

    await proxy.restore();
    const back = await until("a 200", async () => {
      const response = await ready(running);
      return response.status === 200 ? await response.json() : undefined;
    });
    expect(back).toEqual({ status: "ok", checks: { database: "ok", "queue backend (postgres)": "ok" } });
  });
});
