/*
 * What the simulated arrays cost and how long their copies take:
 *   1. storage of a 1 TiB SnapVX source with 1024 linked targets (rows and bytes in Postgres),
 *   2. the wall time of a 1 GiB copy-mode link on each clock profile (polled like the worker does),
 *      and the durations the clock gives VNX LUN migrations at each rate.
 * Runs against DATABASE_URL in a scratch schema it drops afterwards:
 *   npx tsx bench/simulated-arrays.ts [--only=storage|timing]
 */
import { randomBytes, randomUUID } from "node:crypto";
import { DataSource } from "typeorm";
import type { StorageSystemRecord } from "../src/application/ports/storage-catalog.js";
import { SimulatedArrays } from "../src/drivers/simulation/simulated-arrays.js";
import {
  type ClockProfileName,
  JobTiming,
  MIGRATION_RATES,
  SimulationClock,
} from "../src/drivers/simulation/simulation-clock.js";
import { SNAPVX_FAMILY } from "../src/drivers/snapvx/simulated-snapvx-array.js";
import { createSnapVxDriver } from "../src/drivers/snapvx/snapvx.driver.js";
import { migrateSimulatedArrays } from "../src/infrastructure/persistence/simulated-arrays/migrate-simulated-arrays.js";
import { PostgresArrayStateStore } from "../src/infrastructure/persistence/simulated-arrays/postgres-array-state-store.js";

const GiB = 1024 ** 3;
const TiB = 1024 ** 4;
const TARGETS = 1024;
const only = process.argv.find((a) => a.startsWith("--only="))?.slice("--only=".length);

const dataSource = await new DataSource({
  type: "postgres",
  url: process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test",
  extra: { max: 20 },
}).initialize();
const schema = `sim_bench_${randomBytes(4).toString("hex")}`;
await migrateSimulatedArrays(dataSource, { schema });
const store = new PostgresArrayStateStore(dataSource, { schema });

function anArray(clock: SimulationClock) {
  const driver = createSnapVxDriver({ store, clock });
  const system: StorageSystemRecord = {
    id: `urn:storageos:StorageSystem:${randomUUID()}:vdc1`,
    name: "bench",
    systemType: "vmax",
    nativeId: `000197${String(Math.floor(Math.random() * 1e9)).padStart(9, "0")}`,
    settings: {},
  };
  const volume = (name: string, capacityBytes: number) =>
    driver.provisionVolume(system, { poolNativeId: "SRP_1", name, capacityBytes, idempotencyKey: randomUUID() });
  return { driver, system, volume };
}

/** Rows and bytes (heap, indexes and TOAST) of every table of the scratch schema. */
async function usage(): Promise<{ table: string; rows: number; bytes: number }[]> {
  await dataSource.query(`ANALYZE`);
  const tables: { table: string }[] = await dataSource.query(
    `SELECT tablename AS table FROM pg_tables WHERE schemaname = $1 AND tablename <> 'schema_migrations' ORDER BY 1`,
    [schema],
  );
  const result = [];
  for (const { table } of tables) {
    const [row] = await dataSource.query(
      `SELECT count(*)::bigint AS rows, pg_total_relation_size('"${schema}"."${table}"') AS bytes FROM "${schema}"."${table}"`,
    );
    result.push({ table, rows: Number(row.rows), bytes: Number(row.bytes) });
  }
  return result;
}

async function storage(): Promise<void> {
  const clock = new SimulationClock({ profile: "instant" });
  const { driver, system, volume } = anArray(clock);
  const arrays = new SimulatedArrays(store, clock, [SNAPVX_FAMILY]);
  const source = await volume("source", TiB);
  await arrays.write(system, source.nativeId, 0, new Uint8Array(4096).fill(0xa1));
  const snapshot = await driver.establishSnapshot(system, {
    sourceNativeId: source.nativeId,
    name: "bench",
    idempotencyKey: randomUUID(),
  });
  const before = await usage();
  const started = performance.now();
  for (let start = 0; start < TARGETS; start += 32) {
    await Promise.all(
      Array.from({ length: 32 }, async (_, i) => {
        const target = await volume(`tgt-${start + i}`, TiB);
        await driver.linkTarget(system, {
          snapshotNativeId: snapshot.nativeId,
          targetNativeId: target.nativeId,
          copyMode: (start + i) % 2 === 0 ? "copy" : "nocopy",
        });
      }),
    );
  }
  const linkSeconds = (performance.now() - started) / 1000;
  const after = await usage();
  const view = await arrays.view(system);
  const dataBytes = [...view.devices, ...view.snapshots].reduce((sum, item) => sum + item.storedBytes, 0);

  console.log(
    `\n1 TiB SnapVX source, 4 KiB written, ${TARGETS} linked 1 TiB targets (half copy, half nocopy; instant clock)`,
  );
  console.log(`linked in ${linkSeconds.toFixed(1)} s; track data stored: ${dataBytes} bytes\n`);
  console.log("table              rows before  rows after  bytes before  bytes after   added");
  for (const row of after) {
    const was = before.find((b) => b.table === row.table) ?? { rows: 0, bytes: 0 };
    console.log(
      `${row.table.padEnd(18)} ${String(was.rows).padStart(11)} ${String(row.rows).padStart(11)} ${String(was.bytes).padStart(13)} ${String(row.bytes).padStart(12)} ${String(row.bytes - was.bytes).padStart(8)}`,
    );
  }
  const total = (list: { bytes: number }[]) => list.reduce((sum, r) => sum + r.bytes, 0);
  const totalRows = (list: { rows: number }[]) => list.reduce((sum, r) => sum + r.rows, 0);
  console.log(
    `total              ${String(totalRows(before)).padStart(11)} ${String(totalRows(after)).padStart(11)} ${String(total(before)).padStart(13)} ${String(total(after)).padStart(12)} ${String(total(after) - total(before)).padStart(8)}`,
  );
  console.log(`per target: ${((total(after) - total(before)) / TARGETS).toFixed(0)} bytes (pages, indexes included)`);
}

async function timing(): Promise<void> {
  console.log("\n1 GiB SnapVX copy-mode link, wall time until linkStatus says copied (polled every 50 ms)");
  console.log("profile     computed   measured");
  for (const profile of ["instant", "fast", "realistic"] as ClockProfileName[]) {
    const clock = new SimulationClock({ profile });
    const { driver, system, volume } = anArray(clock);
    const source = await volume("source", GiB);
    const target = await volume("target", GiB);
    const snapshot = await driver.establishSnapshot(system, {
      sourceNativeId: source.nativeId,
      name: "t",
      idempotencyKey: randomUUID(),
    });
    const link = { snapshotNativeId: snapshot.nativeId, targetNativeId: target.nativeId };
    const started = performance.now();
    let state = await driver.linkTarget(system, { ...link, copyMode: "copy" });
    while (state.state !== "copied") {
      await new Promise((resolve) => setTimeout(resolve, 50));
      state = await driver.linkStatus(system, link);
    }
    const measured = (performance.now() - started) / 1000;
    const computed = clock.defaults.copyDurationMs(GiB) / 1000;
    console.log(`${profile.padEnd(10)} ${computed.toFixed(2).padStart(8)} s ${measured.toFixed(2).padStart(8)} s`);
  }
  console.log("\nVNX LUN migration of 1 GiB (a VNX copy-mode link), computed by the clock");
  console.log(`profile     ${MIGRATION_RATES.map((r) => r.padStart(9)).join(" ")}`);
  for (const profile of ["fast", "realistic"] as ClockProfileName[]) {
    const timing = new JobTiming(profile, 1);
    const cells = MIGRATION_RATES.map((rate) => `${(timing.migrationDurationMs(GiB, rate) / 1000).toFixed(1)} s`);
    console.log(`${profile.padEnd(10)} ${cells.map((c) => c.padStart(9)).join(" ")}`);
  }
}

try {
  if (only === undefined || only === "storage") await storage();
  if (only === undefined || only === "timing") await timing();
} finally {
  await dataSource.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  await dataSource.destroy();
}
