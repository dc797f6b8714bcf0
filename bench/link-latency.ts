/**
 * Time from POST link-targets to the task's `ready`, for count=1 nocopy links on the mock
 * array on the `instant` clock, one client at a time. Starts coprsim as a child process on the
 * given DATABASE_URL / REDIS_URL (a scratch database is created and dropped).
 *
 *   npx tsx bench/link-latency.ts [links=50]
 */
import { randomBytes } from "node:crypto";
import { createScratchDatabase, TEST_REDIS_URL } from "../test/support/e2e/scratch-database.js";
import { createSession, createVolume, discoverSeededWorld } from "../test/support/e2e/seeded-world.js";
import { startService } from "../test/support/e2e/service-process.js";
import { ViprClient } from "../test/support/e2e/vipr-client.js";

const links = Number(process.argv[2] ?? 50);
const POLL_MS = 2;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

async function measure(backend: "redis" | "postgres"): Promise<void> {
  const database = await createScratchDatabase();
  const service = await startService("start", {
    DATABASE_URL: database.url,
    REDIS_URL: backend === "redis" ? TEST_REDIS_URL : "",
    COPRSIM_QUEUE_NAMESPACE: `bench_${randomBytes(4).toString("hex")}`,
    COPRSIM_DATA_DIR: `/tmp/coprsim-bench-${randomBytes(4).toString("hex")}`,
    COPRSIM_CLOCK: "instant",
  });
  try {
    const client = new ViprClient(service.baseUrl);
    await client.login();
    const world = await discoverSeededWorld(client);
    const session = await createSession(client, await createVolume(client, world, "mock", "bench-src"), "bench");
    const samples: number[] = [];
    for (let i = 0; i < links + 5; i++) {
      const started = performance.now();
      const { body } = await client.post(`/block/snapshot-sessions/${session}/link-targets`, {
        new_linked_targets: { count: 1, target_name: `b${i}`, copy_mode: "nocopy" },
      });
      for (;;) {
        const task = (await client.get(`/vdc/tasks/${body.task[0].id}`)).body;
        if (task.state === "ready") break;
        if (task.state === "error") throw new Error(JSON.stringify(task.service_error));
        await new Promise((resolve) => setTimeout(resolve, POLL_MS));
      }
      if (i >= 5) samples.push(performance.now() - started);
    }
    samples.sort((a, b) => a - b);
    const ms = (value: number) => `${value.toFixed(1)} ms`;
    process.stdout.write(
      `${backend.padEnd(8)} links=${samples.length}  p50 ${ms(percentile(samples, 50))}  p90 ${ms(percentile(samples, 90))}  p99 ${ms(percentile(samples, 99))}  min ${ms(samples[0]!)}\n`,
    );
  } finally {
    await service.stop();
    await database.drop();
  }
}

await measure("redis");
await measure("postgres");
