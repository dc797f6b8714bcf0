/**
 * `npm run bench`: how fast coprsim links targets, against the floor of its own stack, on
 * this machine, in one run — for each queue backend (Redis, BullMQ's Postgres backend):
 *
 * - baseline: a bare Fastify route doing one Postgres transaction and enqueueing one BullMQ
 *   job, a bare worker doing one Postgres update (bench/baseline/); throughput with the same
 *   clients as coprsim's, latency with one client;
 * - coprsim (src/main/api.ts and src/main/worker.ts as child processes, mock array, `instant`
 *   clock): link throughput (count=1 nocopy, 64 clients), link latency p50/p99, fan-out of
 *   64/256/1024 targets in one request, the read path of a session with 1024 linked targets
 *   under autocannon against a bare route answering a body of the same size, and peak RSS
 *   (VmHWM) of the API and the worker up to the end of the throughput run, as the issue's
 *   target reads (the whole run's peak is printed as well).
 *
 * Both sides wait for completion the same way: a trigger on the settled row notifies a
 * LISTEN connection of the bench when the settling transaction commits (support/completions.ts).
 * Prints a table and writes bench/results/latest.json.
 *
 *   npm run bench                       full run (both backends when a Redis answers)
 *   npm run bench -- --backend=postgres one backend; writes bench/results/partial.tmp instead
 *   npm run bench -- --quick            shorter runs, for trying things; partial.tmp too
 *   npm run bench -- --only=fanout,read some of throughput, latency, fanout, read; partial.tmp too
 *   npm run bench -- --profile          CPU profiles of coprsim's API and worker (--cpu-prof)
 */
import { randomBytes } from "node:crypto";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { freePort } from "../test/support/e2e/free-port.js";
import { measureBareStack } from "./scenarios/bare-stack.js";
import {
  measureFanOuts,
  measureLinkLatency,
  measureLinkThroughput,
  prepareLinkWorld,
} from "./scenarios/coprsim-links.js";
import { DEFAULT_PLAN, type LoadPlan } from "./scenarios/load-plan.js";
import { requestsPerSecond } from "./scenarios/read-path.js";
import { answers, type ChildService, startChildService } from "./support/child-service.js";
import { Completions, completionTriggerSql } from "./support/completions.js";
import { CpuMeter, postmasterOf, processesNamed, processFamily } from "./support/cpu-usage.js";
import {
  describeMachine,
  dropRedisNamespace,
  findRedis,
  openPostgres,
  type PostgresServer,
} from "./support/environment.js";
import { HttpClient } from "./support/http-client.js";
import { type BackendName, type BackendRun, type BenchReport, formatTable, result } from "./support/report.js";

const args = new Set(process.argv.slice(2));
const backendArg = [...args].find((arg) => arg.startsWith("--backend="))?.slice("--backend=".length);
const quick = args.has("--quick");
const PHASES = ["throughput", "latency", "fanout", "read"] as const;
const onlyArg = [...args].find((arg) => arg.startsWith("--only="))?.slice("--only=".length);
const phases = new Set(onlyArg?.split(",") ?? PHASES);
const profile = args.has("--profile");
const plan: LoadPlan = quick
  ? { ...DEFAULT_PLAN, warmupMs: 1_000, measureMs: 5_000, latencySamples: 50, readSeconds: 4, readWarmupSeconds: 1 }
  : DEFAULT_PLAN;
const WORKER_CONCURRENCY = process.env.COPRSIM_WORKER_CONCURRENCY ?? "32";

const log = (line: string) => process.stdout.write(`${line}\n`);

async function runBackend(
  backend: BackendName,
  postgres: PostgresServer,
  redisUrl: string | undefined,
): Promise<BackendRun> {
  log(`\n== ${backend}`);
  const database = await postgres.scratchDatabase();
  const suffix = randomBytes(4).toString("hex");
  const namespace = `bench_${suffix}`;
  const bareNamespace = `bench_bare_${suffix}`;
  const dataDir = await mkdtemp(join(tmpdir(), "coprsim-bench-"));
  const queueEnv = { DATABASE_URL: database.url, REDIS_URL: backend === "redis" ? redisUrl! : "" };
  const started: ChildService[] = [];
  const start = async (options: Parameters<typeof startChildService>[0]) => {
    const child = await startChildService(options);
    started.push(child);
    return child;
  };
  const clients: HttpClient[] = [];
  let completions: Completions | undefined;
  try {
    const admin = new pg.Client({ connectionString: database.url });
    await admin.connect();
    await admin.query("CREATE TABLE bench_jobs (id text PRIMARY KEY, state text NOT NULL)");
    await admin.query(completionTriggerSql("bench_jobs"));
    completions = await Completions.listen(database.url);
    const backendPid = Number((await admin.query("SELECT pg_backend_pid() AS pid")).rows[0]?.pid);
    const postmaster = await postmasterOf(backendPid);
    const meter = (api: ChildService, worker: ChildService) =>
      new CpuMeter(
        new Map([
          ["api", async () => [api.pid]],
          ["worker", async () => [worker.pid]],
          ["postgres", async () => (postmaster === undefined ? [] : processFamily(postmaster))],
          ...(backend === "redis" ? [["redis", () => processesNamed("redis-server")] as const] : []),
          ["bench", async () => [process.pid]],
        ]),
      );

    // Baseline: the bare stack.
    const barePort = await freePort();
    const bareUrl = `http://127.0.0.1:${barePort}`;
    const bareApi = await start({
      name: `bare-api-${backend}`,
      script: "bench/baseline/bare-api.ts",
      env: { ...queueEnv, BENCH_QUEUE_NAMESPACE: bareNamespace, BENCH_PORT: String(barePort) },
      ready: answers(`${bareUrl}/body`, 200),
    });
    const bareWorker = await start({
      name: `bare-worker-${backend}`,
      script: "bench/baseline/bare-worker.ts",
      env: { ...queueEnv, BENCH_QUEUE_NAMESPACE: bareNamespace, BENCH_WORKER_CONCURRENCY: WORKER_CONCURRENCY },
      ready: async (output) => output.includes("bare worker ready"),
    });
    const bare = new HttpClient(bareUrl);
    clients.push(bare);
    log("baseline: bare route + bare worker …");
    const baseline = await measureBareStack(bare, completions, plan, meter(bareApi, bareWorker));
    log(
      `  ${baseline.throughput.perSecond.toFixed(0)} jobs/s (${baseline.throughput.completed} in ${baseline.throughput.seconds} s), p50 ${baseline.latency.p50.toFixed(2)} ms, p99 ${baseline.latency.p99.toFixed(2)} ms`,
    );
    log(`  CPU ms per job: ${baseline.throughput.cpuPerOperation}`);
    // Memory is measured as the issue sets its target: the peak up to the end of the throughput run.
    const [bareApiRss, bareWorkerRss] = await Promise.all([bareApi.peakRssMb(), bareWorker.peakRssMb()]);
    await bareWorker.stop();

    // coprsim: one API and one worker process.
    const httpPort = await freePort();
    const apiUrl = `http://127.0.0.1:${httpPort}`;
    const coprsimEnv = {
      ...queueEnv,
      COPRSIM_QUEUE_NAMESPACE: namespace,
      COPRSIM_DATA_DIR: dataDir,
      COPRSIM_CLOCK: "instant",
      COPRSIM_HOST: "127.0.0.1",
      COPRSIM_HTTP_PORT: String(httpPort),
      COPRSIM_HTTPS_PORT: String(await freePort()),
      COPRSIM_WORKER_CONCURRENCY: WORKER_CONCURRENCY,
    };
    const profileDir = profile ? join(tmpdir(), `coprsim-bench-profiles-${suffix}`) : undefined;
    if (profileDir) await mkdir(profileDir, { recursive: true });
    const api = await start({
      name: `coprsim-api-${backend}`,
      script: "src/main/api.ts",
      env: coprsimEnv,
      ready: answers(`${apiUrl}/login`, 401),
      cpuProfileDir: profileDir,
    });
    const worker = await start({
      name: `coprsim-worker-${backend}`,
      script: "src/main/worker.ts",
      env: coprsimEnv,
      ready: async (output) => output.includes("coprsim worker ready"),
      cpuProfileDir: profileDir,
    });
    await admin.query(completionTriggerSql("tasks"));
    await admin.end();

    log("coprsim: preparing sessions on the mock array …");
    const world = await prepareLinkWorld(apiUrl, plan);
    completions.clear();
    const coprsim = new HttpClient(apiUrl, { "x-sds-auth-token": world.token });
    clients.push(coprsim);

    log(`coprsim: link throughput (${plan.clients} clients over ${plan.throughputSessions} sessions) …`);
    const skipped = {
      perSecond: Number.NaN,
      completed: 0,
      seconds: 0,
      cpuPerOperation: "",
      p50: Number.NaN,
      p99: Number.NaN,
    };
    const throughput = phases.has("throughput")
      ? await measureLinkThroughput(coprsim, completions, world, plan, meter(api, worker))
      : skipped;
    log(`  ${throughput.perSecond.toFixed(0)} tasks/s (${throughput.completed} in ${throughput.seconds} s)`);
    log(`  CPU ms per task: ${throughput.cpuPerOperation}`);
    const [apiRss, workerRss] = await Promise.all([api.peakRssMb(), worker.peakRssMb()]);
    log("coprsim: link latency (one client) …");
    const latency = phases.has("latency") ? await measureLinkLatency(coprsim, completions, world, plan) : skipped;
    log(`  p50 ${latency.p50.toFixed(2)} ms, p99 ${latency.p99.toFixed(2)} ms`);
    log("coprsim: fan-out …");
    const fanOut =
      phases.has("fanout") || phases.has("read")
        ? await measureFanOuts(
            coprsim,
            completions,
            world,
            phases.has("fanout") ? plan.fanOuts : [Math.max(...plan.fanOuts)],
            log,
          )
        : new Map<number, number>();

    const largest = Math.max(...plan.fanOuts);
    let readRps = Number.NaN;
    let bareRps = Number.NaN;
    if (phases.has("read")) {
      const readSession = world.fanOutSessions.get(largest)!;
      const sessionPath = `/block/snapshot-sessions/${readSession}`;
      const sessionBody = await coprsim.send("GET", sessionPath, undefined, { accept: "application/json" });
      const linked = JSON.parse(sessionBody.text).linked_targets?.length;
      if (sessionBody.status !== 200 || linked !== largest) {
        throw new Error(`session ${readSession}: HTTP ${sessionBody.status}, ${linked} linked targets`);
      }
      await bare.send("PUT", "/body", sessionBody.text, { "content-type": "application/octet-stream" });
      const readLoad = {
        connections: plan.readConnections,
        warmupSeconds: plan.readWarmupSeconds,
        seconds: plan.readSeconds,
      };
      log(`read path: GET ${sessionPath} (${largest} linked targets, ${sessionBody.text.length} bytes) …`);
      const read = await requestsPerSecond(
        `${apiUrl}${sessionPath}`,
        { accept: "application/json", "x-sds-auth-token": world.token },
        readLoad,
        meter(api, worker),
      );
      const bareRead = await requestsPerSecond(
        `${bareUrl}/body`,
        { accept: "application/json" },
        readLoad,
        meter(bareApi, worker),
      );
      readRps = read.perSecond;
      bareRps = bareRead.perSecond;
      log(`  coprsim ${readRps.toFixed(0)} req/s, bare route ${bareRps.toFixed(0)} req/s`);
      log(`  CPU ms per request: coprsim ${read.cpuPerRequest}; bare route ${bareRead.cpuPerRequest}`);
    }

    const [apiPeak, workerPeak] = await Promise.all([api.peakRssMb(), worker.peakRssMb()]);
    log(
      `peak RSS: API ${apiRss.toFixed(0)} MB and worker ${workerRss.toFixed(0)} MB up to the end of the throughput run, ${apiPeak.toFixed(0)} MB and ${workerPeak.toFixed(0)} MB over the whole run`,
    );
    if (profileDir) log(`CPU profiles (written when the processes exit): ${profileDir}`);

    const perTarget = (count: number) => ((fanOut.get(count) ?? Number.NaN) * 1000) / count;
    return {
      backend,
      results: [
        result("link_throughput", throughput.perSecond, "tasks/s", baseline.throughput.perSecond),
        result("link_latency_p50_ms", latency.p50, "ms", baseline.latency.p50),
        result("link_latency_p99_ms", latency.p99, "ms", baseline.latency.p99),
        result("fanout_64_s", fanOut.get(64) ?? Number.NaN, "s", null),
        result("fanout_256_s", fanOut.get(256) ?? Number.NaN, "s", null),
        result("fanout_1024_s", fanOut.get(1024) ?? Number.NaN, "s", null),
        result("fanout_per_target_ms_64", perTarget(64), "ms", null),
        // Its baseline is the 64's per-target time: the ratio says how flat the cost stays.
        result("fanout_per_target_ms_1024", perTarget(1024), "ms", perTarget(64)),
        result("read_path_rps", readRps, "req/s", bareRps),
        result("api_rss_mb", apiRss, "MB", bareApiRss),
        result("worker_rss_mb", workerRss, "MB", bareWorkerRss),
      ],
    };
  } catch (error) {
    for (const child of started) log(`\n-- last output of ${child.name}:\n${child.output().slice(-4_000)}`);
    throw error;
  } finally {
    for (const client of clients) client.close();
    for (const child of started.reverse()) await child.stop().catch(() => undefined);
    await completions?.close().catch(() => undefined);
    await database.drop().catch((error) => log(`could not drop the scratch database: ${error}`));
    if (backend === "redis" && redisUrl) {
      for (const prefix of [namespace, bareNamespace])
        await dropRedisNamespace(redisUrl, prefix).catch(() => undefined);
    }
    await rm(dataDir, { recursive: true, force: true });
  }
}

const began = performance.now();
const postgres = await openPostgres(log);
try {
  const redis = await findRedis(log);
  const wanted = (backendArg?.split(",") ?? ["redis", "postgres"]) as BackendName[];
  const backends = wanted.filter((backend) => backend !== "redis" || redis !== undefined);
  const runs: BackendRun[] = [];
  for (const backend of backends) runs.push(await runBackend(backend, postgres, redis?.url));
  const software = [
    `PostgreSQL ${postgres.version} (${postgres.origin})`,
    ...(redis && backends.includes("redis") ? [`Redis ${redis.version}`] : []),
  ].join(", ");
  const report: BenchReport = { machine: await describeMachine(software), runs };
  const partial = quick || backendArg !== undefined || onlyArg !== undefined;
  const file = partial ? "bench/results/partial.tmp" : "bench/results/latest.json";
  await mkdir("bench/results", { recursive: true });
  await writeFile(file, `${JSON.stringify(report, null, 2)}\n`);
  log(
    `\n${report.machine}\n\n${formatTable(report)}\n\nwritten to ${file} in ${((performance.now() - began) / 1000).toFixed(0)} s`,
  );
} finally {
  await postgres.stop();
}
