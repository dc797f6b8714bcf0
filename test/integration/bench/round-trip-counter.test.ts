import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ChildService, startChildService } from "../../../bench/support/child-service.js";
import { RoundTripMeter } from "../../../bench/support/round-trips.js";
import { TEST_DATABASE_URL, TEST_REDIS_URL } from "../../support/e2e/scratch-database.js";

/** What the bench reports as a link's statements and transactions rests on this counting. */
describe("the bench's round-trip counter", () => {
  let directory: string;
  let child: ChildService;

  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), "coprsim-round-trips-"));
    child = await startChildService({
      name: "known-round-trips",
      script: "test/integration/bench/support/known-round-trips.ts",
      env: { DATABASE_URL: TEST_DATABASE_URL, REDIS_URL: TEST_REDIS_URL },
      ready: async (output) => output.includes("sequence 1 done"),
      roundTripsDir: directory,
    });
  });

  afterAll(async () => {
    await child?.stop();
    await rm(directory, { recursive: true, force: true });
  });

  it("counts statements by what they are, transactions explicit and alone, and Redis commands by name", async () => {
    const { counts } = await child.roundTrips();
    expect(counts.statements).toEqual({ control: 2, records: 2, array: 1, queue: 0, other: 1 });
    expect(counts.explicitTransactions).toBe(1);
    expect(counts.autocommitStatements).toBe(2);
    expect(counts.redisByName.ping).toBe(1);
    expect(counts.redisByName["script:knownScript"]).toBe(1);
  });

  it("gives per-operation figures between two samples, and the statements themselves when asked to trace", async () => {
    const meter = new RoundTripMeter(() => [child]);
    const before = await meter.sample({ traceFromNow: true });
    process.kill(child.pid, "SIGHUP");
    const by = Date.now() + 10_000;
    while (!child.output().includes("sequence 2 done")) {
      if (Date.now() > by) throw new Error(`the second sequence did not run:\n${child.output()}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const after = await meter.sample();
    const cost = RoundTripMeter.perOperation(before.counts, after.counts, 1);
    expect(cost.statements).toBe(6);
    expect(cost.transactions).toBe(3);
    expect(cost.explicitTransactions).toBe(1);
    expect(cost.bySource).toEqual({ control: 2, records: 2, array: 1, queue: 0, other: 1 });
    expect(cost.byProcess.get("known-round-trips")).toEqual({ statements: 6, transactions: 3 });
    expect(
      after.trace.filter((line) => line.via.startsWith("pg:")).map((line) => [line.transaction, line.text]),
    ).toEqual([
      // The second transaction of that client (the first sequence had the first).
      [2, "BEGIN"],
      [2, "SELECT 1 AS records"],
      [2, `SELECT '"sim".devices' AS array_schema_named`],
      [2, "COMMIT"],
      ["autocommit", "SELECT 2 AS alone"],
      ["autocommit", "SELECT 3 AS other_client"],
    ]);
  });
});
