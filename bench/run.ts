/**
 * `npm run bench`: how fast coprsim links targets, against the floor of its own stack, on
 * this machine, in one run — for each queue backend (Redis, BullMQ's Postgres backend):
 *
 * - baseline: a bare Fastify route doing one Postgres transaction and enqueueing one BullMQ
 *   job, a bare worker doing one Postgres update (bench/baseline/); throughput with the same
 *   clients as coprsim's, latency with one client; and, for the read path, a bare route reading
 *   a session and its targets from coprsim's tables in one query (the floor) and one answering
 *   a fixed body of the same size (the absolute limit);
 * - coprsim (src/main/api.ts and src/main/worker.ts as child processes, mock array, `instant`
 *   clock): link throughput (count=1 nocopy, 64 clients) with 1, 2 and 4 worker processes, link
 *   latency p50/p99, fan-out of 64/256/1024 targets in one request, the read path of a session
 *   with 1024 linked targets under autocannon, a session of 10,000 linked targets read and
 *   unlinked, and the whole run's peak RSS (VmHWM) of the API and of the workers;
 * - what a count=1 link costs: SQL statements and transactions, Redis commands (counted in each
 *   process by support/round-trip-counter.ts, over the latency run), and CPU milliseconds per
 *   process (API, worker, Postgres, Redis; over the throughput run), each beside the bare job's.
 *
 * Both sides wait for completion the same way: a trigger on the settled row notifies a
 * LISTEN connection of the bench when the settling transaction commits (support/completions.ts).
 * Prints a table and writes bench/results/latest.json.
 *
 *   npm run bench                       full run (both backends when a Redis is at hand)
 *   npm run bench -- --backend=postgres one backend; writes bench/results/partial.tmp instead
 *   npm run bench -- --quick            shorter runs, for trying things; partial.tmp too
 *   npm run bench -- --only=fanout,read some of the phases (see PHASES); partial.tmp too
 *   npm run bench -- --profile          CPU profiles (--cpu-prof) of the API and the workers, and
 *                                       the statements and commands of a count=1 and a count=4 link
 */
import { randomBytes } from "node:crypto";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { freePort } from "../test/support/e2e/free-port.js";
import { measureBareStack } from "./scenarios/bare-stack.js";
import {
  type LinkWorld,
  linkToReady,
  measureFanOuts,
  measureLinkLatency,
  measureLinkThroughput,
  prepareLinkWorld,
  sessionReadMs,
  unlinkAllToReady,
} from "./scenarios/coprsim-links.js";
import { DEFAULT_PLAN, type LoadPlan } from "./scenarios/load-plan.js";
import { type ReadRate, requestsPerSecond } from "./scenarios/read-path.js";
import { answers, type ChildService, startChildService } from "./support/child-service.js";
import { Completions, completionTriggerSql } from "./support/completions.js";
import { CpuMeter, type CpuPerOperation, formatCpu, postmasterOf, processFamily } from "./support/cpu-usage.js";
import {
  describeMachine,
  dropRedisNamespace,
  openPostgres,
  openRedis,
  type PostgresServer,
  type RedisServer,
} from "./support/environment.js";
import { HttpClient } from "./support/http-client.js";
import type { Latency, Throughput } from "./support/load.js";
import {
  type BackendName,
  type BackendRun,
  type BenchReport,
  formatTable,
  type Result,
  result,
} from "./support/report.js";
import {
  describeRoundTrips,
  formatTrace,
  RoundTripMeter,
  type RoundTripSample,
  type RoundTripsPerOperation,
} from "./support/round-trips.js";

const args = new Set(process.argv.slice(2));
const backendArg = [...args].find((arg) => arg.startsWith("--backend="))?.slice("--backend=".length);
const quick = args.has("--quick");
const PHASES = ["throughput", "latency", "scale", "fanout", "read", "large"] as const;
const onlyArg = [...args].find((arg) => arg.startsWith("--only="))?.slice("--only=".length);
const phases = new Set(onlyArg?.split(",") ?? PHASES);
for (const phase of phases) {
  if (!(PHASES as readonly string[]).includes(phase))
    throw new Error(`--only: no phase ${phase} (${PHASES.join(", ")})`);
}
const profile = args.has("--profile");
const plan: LoadPlan = quick
  ? {
      ...DEFAULT_PLAN,
      warmupMs: 1_000,
      measureMs: 5_000,
      latencySamples: 50,
      readSeconds: 4,
      readRounds: 2,
      readWarmupSeconds: 1,
      readLatencySamples: 5,
    }
  : DEFAULT_PLAN;
const WORKER_CONCURRENCY = process.env.COPRSIM_WORKER_CONCURRENCY ?? "32";
/** Connections a coprsim worker may hold at most: its pool (20), BullMQ's pools and listeners. */
const CONNECTIONS_PER_WORKER = 45;
/** How long the large session's link and unlink may take before the run gives up. */
const LARGE_TIMEOUT_MS = 1_800_000;

const log = (line: string) => process.stdout.write(`${line}\n`);

const SKIPPED_THROUGHPUT: Throughput = { perSecond: Number.NaN, completed: 0, seconds: 0, cpuPerOperation: undefined };

async function runBackend(
  backend: BackendName,
  postgres: PostgresServer,
  redis: RedisServer | undefined,
): Promise<BackendRun> {
  log(`\n== ${backend}`);
  const database = await postgres.scratchDatabase();
  const suffix = randomBytes(4).toString("hex");
  const namespace = `bench_${suffix}`;
  const bareNamespace = `bench_bare_${suffix}`;
  const dataDir = await mkdtemp(join(tmpdir(), "coprsim-bench-"));
  const roundTripsDir = join(dataDir, "round-trips");
  await mkdir(roundTripsDir);
  const queueEnv = { DATABASE_URL: database.url, REDIS_URL: backend === "redis" ? redis!.url : "" };
  const started: ChildService[] = [];
  const start = async (options: Omit<Parameters<typeof startChildService>[0], "roundTripsDir">) => {
    const child = await startChildService({ ...options, roundTripsDir });
    started.push(child);
    return child;
  };
  const clients: HttpClient[] = [];
  let completions: Completions | undefined;
  let backendsReader: pg.Client | undefined;
  try {
    const admin = new pg.Client({ connectionString: database.url });
    await admin.connect();
    await admin.query("CREATE TABLE bench_jobs (id text PRIMARY KEY, state text NOT NULL)");
    await admin.query(completionTriggerSql("bench_jobs"));
    completions = await Completions.listen(database.url);
    const backendPid = Number((await admin.query("SELECT pg_backend_pid() AS pid")).rows[0]?.pid);
    const postmaster = await postmasterOf(backendPid);
    // The embedded server is the bench's alone: all its processes work for the run. On a shared
    // server (DATABASE_URL) only the backends of the scratch database do.
    backendsReader = new pg.Client({ connectionString: database.url });
    await backendsReader.connect();
    const reader = backendsReader;
    const postgresPids =
      postgres.origin === "embedded"
        ? async () => (postmaster === undefined ? [] : processFamily(postmaster))
        : async () =>
            (await reader.query("SELECT pid FROM pg_stat_activity WHERE datname = current_database()")).rows.map(
              (row: { pid: number }) => row.pid,
            );
    const meter = (api: ChildService, workers: () => readonly ChildService[]) =>
      new CpuMeter(
        new Map([
          ["api", async () => [api.pid]],
          ["worker", async () => workers().map((worker) => worker.pid)],
          ["postgres", postgresPids],
          ...(backend === "redis" ? [["redis", () => redis!.pids()] as const] : []),
          ["bench", async () => [process.pid]],
        ]),
      );
    /** Round trips per operation of the processes, over what `run` does. */
    const countRoundTrips = (processes: () => readonly ChildService[]) => {
      const roundTrips = new RoundTripMeter(processes);
      let before: RoundTripSample | undefined;
      let after: RoundTripSample | undefined;
      return {
        measured: {
          async start() {
            before = (await roundTrips.sample()).counts;
          },
          async end() {
            after = (await roundTrips.sample()).counts;
          },
        },
        perOperation: (operations: number) =>
          before && after ? RoundTripMeter.perOperation(before, after, operations) : undefined,
      };
    };

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
    const bareCount = countRoundTrips(() => [bareApi, bareWorker]);
    const baseline = await measureBareStack(
      bare,
      completions,
      plan,
      meter(bareApi, () => [bareWorker]),
      bareCount.measured,
    );
    const bareRoundTrips = bareCount.perOperation(baseline.latency.samples);
    log(
      `  ${baseline.throughput.perSecond.toFixed(0)} jobs/s (${baseline.throughput.completed} in ${baseline.throughput.seconds} s), p50 ${baseline.latency.p50.toFixed(2)} ms, p99 ${baseline.latency.p99.toFixed(2)} ms`,
    );
    log(`  CPU ms per job: ${formatCpu(baseline.throughput.cpuPerOperation)}`);
    if (bareRoundTrips) for (const line of describeRoundTrips(bareRoundTrips, "job")) log(line);
    await bareWorker.stop();

    // coprsim: one API and one worker process; more workers for the scale-out runs.
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
      COPRSIM_UNISPHERE_PORT: String(await freePort()),
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
    const workers: ChildService[] = [];
    const everyWorker: ChildService[] = [];
    const startWorker = async () => {
      const worker = await start({
        name: `coprsim-worker-${backend}-${everyWorker.length + 1}`,
        script: "src/main/worker.ts",
        env: coprsimEnv,
        ready: async (output) => output.includes("coprsim worker ready"),
        cpuProfileDir: profileDir,
      });
      workers.push(worker);
      everyWorker.push(worker);
    };
    await startWorker();
    await admin.query(completionTriggerSql("tasks"));
    await admin.end();
    const coprsimMeter = () => meter(api, () => workers);

    log("coprsim: preparing sessions on the mock array …");
    const world = await prepareLinkWorld(apiUrl, plan);
    completions.clear();
    const coprsim = new HttpClient(apiUrl, { "x-sds-auth-token": world.token });
    clients.push(coprsim);

    let throughput = SKIPPED_THROUGHPUT;
    if (phases.has("throughput")) {
      log(`coprsim: link throughput (${plan.clients} clients over ${plan.throughputSessions} sessions, 1 worker) …`);
      throughput = await measureLinkThroughput(coprsim, completions, world, plan, "c", coprsimMeter());
      log(`  ${throughput.perSecond.toFixed(0)} tasks/s (${throughput.completed} in ${throughput.seconds} s)`);
      log(`  CPU ms per task: ${formatCpu(throughput.cpuPerOperation)}`);
    }

    const linkCount = countRoundTrips(() => [api, ...workers]);
    let latency: Latency = { p50: Number.NaN, p99: Number.NaN, samples: 0 };
    if (phases.has("latency")) {
      log("coprsim: link latency (one client) …");
      latency = await measureLinkLatency(coprsim, completions, world, plan, linkCount.measured);
      log(`  p50 ${latency.p50.toFixed(2)} ms, p99 ${latency.p99.toFixed(2)} ms`);
    }
    const linkRoundTrips = linkCount.perOperation(latency.samples);
    if (linkRoundTrips) for (const line of describeRoundTrips(linkRoundTrips, "count=1 link")) log(line);
    if (profileDir) await traceLinks(coprsim, completions, world, [api, ...workers], profileDir);

    const scaleOut = new Map<number, number>([[1, throughput.perSecond]]);
    if (phases.has("scale")) {
      for (const count of plan.workerCounts.filter((n) => n > 1)) {
        const needed = (count - workers.length) * CONNECTIONS_PER_WORKER;
        const free = await postgres.freeConnections();
        if (free < needed) {
          log(`coprsim: ${count} workers would need ${needed} more connections, the server has ${free}: skipped`);
          continue;
        }
        while (workers.length < count) await startWorker();
        log(`coprsim: link throughput with ${count} worker processes …`);
        const run = await measureLinkThroughput(coprsim, completions, world, plan, `w${count}-`, coprsimMeter());
        log(`  ${run.perSecond.toFixed(0)} tasks/s (${run.completed} in ${run.seconds} s)`);
        log(`  CPU ms per task: ${formatCpu(run.cpuPerOperation)}`);
        scaleOut.set(count, run.perSecond);
      }
      // The extra workers go: the later phases run with one, as the first ones did.
      while (workers.length > 1) await workers.pop()!.stop();
    }

    const largest = Math.max(...plan.fanOuts);
    const fanOutSizes = phases.has("fanout")
      ? plan.fanOuts
      : phases.has("read") || phases.has("large")
        ? [largest]
        : [];
    if (fanOutSizes.length > 0) log("coprsim: fan-out …");
    const fanOutCount = countRoundTrips(() => [api, ...workers]);
    const fanOut = await measureFanOuts(coprsim, completions, world, fanOutSizes, log, {
      start: fanOutCount.measured.start,
      async end(count) {
        await fanOutCount.measured.end();
        const cost = fanOutCount.perOperation(count);
        if (cost) for (const line of describeRoundTrips(cost, "target")) log(`  ${line}`);
      },
    });

    let readRps = Number.NaN;
    let floorRps = Number.NaN;
    let staticRps = Number.NaN;
    const fanOutSession = world.fanOutSessions.get(largest)!;
    if (phases.has("read")) {
      const sessionPath = `/block/snapshot-sessions/${fanOutSession}`;
      const sessionBody = await coprsim.send("GET", sessionPath, undefined, { accept: "application/json" });
      const linked = JSON.parse(sessionBody.text).linked_targets?.length;
      if (sessionBody.status !== 200 || linked !== largest) {
        throw new Error(`session ${fanOutSession}: HTTP ${sessionBody.status}, ${linked} linked targets`);
      }
      const floorBody = await bare.send("GET", `/sessions/${fanOutSession}`);
      const floorLinked = JSON.parse(floorBody.text).linked_targets?.length;
      if (floorBody.status !== 200 || floorLinked !== largest) {
        throw new Error(`the one-query floor read ${floorLinked} linked targets of ${fanOutSession}`);
      }
      await bare.send("PUT", "/body", sessionBody.text, { "content-type": "application/octet-stream" });
      const readLoad = {
        connections: plan.readConnections,
        warmupSeconds: plan.readWarmupSeconds,
        seconds: plan.readSeconds,
        rounds: plan.readRounds,
      };
      log(
        `read path: GET ${sessionPath} (${largest} linked targets, ${sessionBody.text.length} bytes; the floor's body ${floorBody.text.length} bytes), in ${plan.readRounds} rounds …`,
      );
      const [read, floorRead, staticRead] = (await requestsPerSecond(
        [
          {
            url: `${apiUrl}${sessionPath}`,
            headers: { accept: "application/json", "x-sds-auth-token": world.token },
            cpu: coprsimMeter(),
          },
          {
            url: `${bareUrl}/sessions/${fanOutSession}`,
            headers: { accept: "application/json" },
            cpu: meter(bareApi, () => workers),
          },
          { url: `${bareUrl}/body`, headers: { accept: "application/json" }, cpu: meter(bareApi, () => workers) },
        ],
        readLoad,
      )) as [ReadRate, ReadRate, ReadRate];
      readRps = read.perSecond;
      floorRps = floorRead.perSecond;
      staticRps = staticRead.perSecond;
      log(
        `  coprsim ${readRps.toFixed(0)} req/s: ${(readRps / floorRps).toFixed(2)}× the one-query floor (${floorRps.toFixed(0)} req/s), ${(readRps / staticRps).toFixed(2)}× the static body (${staticRps.toFixed(0)} req/s)`,
      );
      log(
        `  CPU ms per request: coprsim ${formatCpu(read.cpuPerRequest)}; floor ${formatCpu(floorRead.cpuPerRequest)}; static ${formatCpu(staticRead.cpuPerRequest)}`,
      );
    }

    const large = { link: Number.NaN, read: Number.NaN, unlink: Number.NaN, referenceRead: Number.NaN };
    let referenceUnlink = Number.NaN;
    if (phases.has("large")) {
      const count = plan.largeTargets;
      log(`coprsim: a session of ${count} linked targets …`);
      large.link = (await linkToReady(coprsim, completions, world.largeSession, "big", count, LARGE_TIMEOUT_MS)) / 1000;
      log(
        `  linked in one request in ${large.link.toFixed(1)} s (${((large.link * 1000) / count).toFixed(2)} ms per target)`,
      );
      large.referenceRead = await sessionReadMs(coprsim, fanOutSession, plan.readLatencySamples);
      large.read = await sessionReadMs(coprsim, world.largeSession, plan.readLatencySamples);
      log(
        `  read (median of ${plan.readLatencySamples}): ${large.read.toFixed(1)} ms, against ${large.referenceRead.toFixed(1)} ms for ${largest} targets (${((large.read / count) * 1000).toFixed(1)} µs and ${((large.referenceRead / largest) * 1000).toFixed(1)} µs per target)`,
      );
      /** Unlinks every target of the session, saying what each target cost in round trips. */
      const settled = completions;
      const unlinkAll = async (sessionId: string, targets: number) => {
        const counted = countRoundTrips(() => [api, ...workers]);
        await counted.measured.start();
        const seconds = await unlinkAllToReady(coprsim, settled, sessionId, LARGE_TIMEOUT_MS);
        await counted.measured.end();
        const cost = counted.perOperation(targets);
        log(`  unlink of ${targets} targets: ${seconds.toFixed(1)} s`);
        if (cost) for (const line of describeRoundTrips(cost, "target")) log(`  ${line}`);
        return seconds;
      };
      referenceUnlink = await unlinkAll(fanOutSession, largest);
      large.unlink = await unlinkAll(world.largeSession, count);
      log(
        `  unlinked in one request in ${large.unlink.toFixed(1)} s, against ${referenceUnlink.toFixed(1)} s for ${largest} targets (${((large.unlink * 1000) / count).toFixed(2)} and ${((referenceUnlink * 1000) / largest).toFixed(2)} ms per target)`,
      );
    }

    // The whole run's peaks, read before the processes stop.
    const apiPeak = await api.peakRssMb();
    const workerPeaks = await Promise.all(everyWorker.map((worker) => worker.peakRssMb()));
    const workerPeak = Math.max(...workerPeaks);
    const [bareApiPeak, bareWorkerPeak] = await Promise.all([bareApi.peakRssMb(), bareWorker.peakRssMb()]);
    log(
      `peak RSS over the whole run: API ${apiPeak.toFixed(0)} MB, workers ${workerPeaks.map((mb) => mb.toFixed(0)).join(", ")} MB; bare API ${bareApiPeak.toFixed(0)} MB, bare worker ${bareWorkerPeak.toFixed(0)} MB`,
    );
    if (profileDir) log(`CPU profiles (written when the processes exit) and SQL traces: ${profileDir}`);

    const perTarget = (count: number) => ((fanOut.get(count) ?? Number.NaN) * 1000) / count;
    /** What the large session's measure would be if it grew linearly from the 1024's. */
    const linear = (reference: number) => (reference * plan.largeTargets) / largest;
    const scale = (count: number) => scaleOut.get(count) ?? Number.NaN;
    return {
      backend,
      results: [
        result("link_throughput", throughput.perSecond, "tasks/s", baseline.throughput.perSecond),
        result("link_latency_p50_ms", latency.p50, "ms", baseline.latency.p50),
        result("link_latency_p99_ms", latency.p99, "ms", baseline.latency.p99),
        // Scale-out: the baseline of 2 and 4 workers is 1 worker's, so the ratio is the speed-up.
        result("link_throughput_workers_1", scale(1), "tasks/s", null),
        result("link_throughput_workers_2", scale(2), "tasks/s", scale(1)),
        result("link_throughput_workers_4", scale(4), "tasks/s", scale(1)),
        result("fanout_64_s", fanOut.get(64) ?? Number.NaN, "s", null),
        result("fanout_256_s", fanOut.get(256) ?? Number.NaN, "s", null),
        result("fanout_1024_s", fanOut.get(1024) ?? Number.NaN, "s", null),
        result("fanout_per_target_ms_64", perTarget(64), "ms", null),
        // Its baseline is the 64's per-target time: the ratio says how flat the cost stays.
        result("fanout_per_target_ms_1024", perTarget(1024), "ms", perTarget(64)),
        result("read_path_rps", readRps, "req/s", floorRps),
        result("read_static_rps", staticRps, "req/s", null),
        // Baselines: the 1024-target session's figure grown linearly; a ratio above 1 grows faster.
        result(`read_${plan.largeTargets}_ms`, large.read, "ms", linear(large.referenceRead)),
        result(`unlink_${plan.largeTargets}_s`, large.unlink, "s", linear(referenceUnlink)),
        result("api_rss_mb", apiPeak, "MB", bareApiPeak),
        result("worker_rss_mb", workerPeak, "MB", bareWorkerPeak),
        ...roundTripResults(linkRoundTrips, bareRoundTrips, backend),
        ...cpuResults(throughput.cpuPerOperation, baseline.throughput.cpuPerOperation, backend),
      ],
    };
  } catch (error) {
    for (const child of started) log(`\n-- last output of ${child.name}:\n${child.output().slice(-4_000)}`);
    throw error;
  } finally {
    for (const client of clients) client.close();
    for (const child of started.reverse()) await child.stop().catch(() => undefined);
    await completions?.close().catch(() => undefined);
    await backendsReader?.end().catch(() => undefined);
    await database.drop().catch((error) => log(`could not drop the scratch database: ${error}`));
    if (backend === "redis" && redis) {
      for (const prefix of [namespace, bareNamespace])
        await dropRedisNamespace(redis.url, prefix).catch(() => undefined);
    }
    await rm(dataDir, { recursive: true, force: true });
  }
}

/** Statements, transactions and Redis commands per count=1 link, beside the bare job's. */
function roundTripResults(
  link: RoundTripsPerOperation | undefined,
  bare: RoundTripsPerOperation | undefined,
  backend: BackendName,
): Result[] {
  const of = (cost: RoundTripsPerOperation | undefined, pick: (cost: RoundTripsPerOperation) => number) =>
    cost ? pick(cost) : Number.NaN;
  return [
    result(
      "link_sql_statements",
      of(link, (c) => c.statements),
      "statements",
      of(bare, (c) => c.statements),
    ),
    result(
      "link_sql_transactions",
      of(link, (c) => c.transactions),
      "transactions",
      of(bare, (c) => c.transactions),
    ),
    ...(backend === "redis"
      ? [
          result(
            "link_redis_commands",
            of(link, (c) => c.redisCommands),
            "commands",
            of(bare, (c) => c.redisCommands),
          ),
        ]
      : []),
  ];
}

/** CPU milliseconds per count=1 link of each process, beside the bare job's. */
function cpuResults(link: CpuPerOperation | undefined, bare: CpuPerOperation | undefined, backend: BackendName) {
  const groups = ["api", "worker", "postgres", ...(backend === "redis" ? ["redis"] : [])];
  return groups.map((group) =>
    result(`link_cpu_ms_${group}`, link?.get(group) ?? Number.NaN, "ms", bare?.get(group) ?? Number.NaN),
  );
}

/**
 * What a count=1 and a count=4 link send to Postgres and Redis, statement by statement, in
 * the order sent (every process together), written to the profile directory.
 */
async function traceLinks(
  client: HttpClient,
  completions: Completions,
  world: LinkWorld,
  processes: readonly ChildService[],
  profileDir: string,
): Promise<void> {
  const roundTrips = new RoundTripMeter(() => processes);
  for (const count of [1, 4]) {
    await roundTrips.sample({ traceFromNow: true });
    await linkToReady(client, completions, world.latencySession, `trace${count}-`, count);
    // What the processes do once the task is settled (the step's completion) belongs to the link too.
    await new Promise((resolve) => setTimeout(resolve, 500));
    const { trace } = await roundTrips.sample();
    const file = join(profileDir, `sql-trace-link-count-${count}.txt`);
    await writeFile(file, `${formatTrace(trace)}\n`);
    log(`  trace of a count=${count} link: ${trace.length} statements and commands, ${file}`);
  }
}

const began = performance.now();
const [loadAtStart] = loadavg();
const postgres = await openPostgres(log);
let redis: RedisServer | undefined;
try {
  redis = await openRedis(log);
  const wanted = (backendArg?.split(",") ?? ["redis", "postgres"]) as BackendName[];
  const backends = wanted.filter((backend) => backend !== "redis" || redis !== undefined);
  const runs: BackendRun[] = [];
  for (const backend of backends) runs.push(await runBackend(backend, postgres, redis));
  const software = [
    `PostgreSQL ${postgres.version} (${postgres.origin})`,
    ...(redis && backends.includes("redis") ? [`Redis ${redis.version} (${redis.origin})`] : []),
  ].join(", ");
  // Other work on the machine slows every figure: the load says how much there was.
  const load = `load average ${loadAtStart?.toFixed(1)} at the start, ${loadavg()[0]?.toFixed(1)} at the end`;
  const report: BenchReport = { machine: `${await describeMachine(software)}; ${load}`, runs };
  const partial = quick || backendArg !== undefined || onlyArg !== undefined;
  const file = partial ? "bench/results/partial.tmp" : "bench/results/latest.json";
  await mkdir("bench/results", { recursive: true });
  await writeFile(file, `${JSON.stringify(report, null, 2)}\n`);
  log(
    `\n${report.machine}\n\n${formatTable(report)}\n\nwritten to ${file} in ${((performance.now() - began) / 1000).toFixed(0)} s`,
  );
} finally {
  await redis?.stop();
  await postgres.stop();
}
