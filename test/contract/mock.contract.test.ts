import { randomUUID } from "node:crypto";
import type { DataSource } from "typeorm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ArrayOperationError } from "../../src/application/ports/array-operation-error.js";
import type { StorageSystemRecord } from "../../src/application/ports/storage-catalog.js";
import { createMockDriver } from "../../src/drivers/mock/mock.driver.js";
import { MOCK_FAMILY, MOCK_MESSAGES } from "../../src/drivers/mock/mock-array-words.js";
import { SimulationClock } from "../../src/drivers/simulation/simulation-clock.js";
import { PostgresArrayStateStore } from "../../src/infrastructure/persistence/simulated-arrays/postgres-array-state-store.js";
import { describeArrayDriverContract, randomSerial } from "./array-driver.contract.js";
import { connect, openSimSchema, type SimSchema } from "./support/postgres-state-store.js";

describeArrayDriverContract({
  systemType: "mock",
  createDriver: createMockDriver,
  family: MOCK_FAMILY,
  newSerial: () => randomSerial("MOCK"),
  unknownDeviceId: "mock-999999",
  linkLimit: { limit: 4, settings: { maxLinkedTargetsPerSource: 4 } },
  limitMessage: (source, limit) => MOCK_MESSAGES.linkLimit(source, limit),
  // Instant unless given ticks: 50 ticks of 100 ms make its copies as long as a 1 GiB SnapVX copy
  // (what takes time, and what it relinks or restores from, comes from its declared capabilities).
  timedSettings: { ticks: 50 },
});

// The contract of a family without copy mode: a mock that refuses copy-mode links.
describe("with supports_copy_mode: false", () => {
  describeArrayDriverContract({
    systemType: "mock",
    createDriver: createMockDriver,
    family: MOCK_FAMILY,
    newSerial: () => randomSerial("MOCK"),
    systemSettings: { supportsCopyMode: false },
    unknownDeviceId: "mock-999999",
    linkLimit: { limit: 4, settings: { maxLinkedTargetsPerSource: 4 } },
    limitMessage: (source, limit) => MOCK_MESSAGES.linkLimit(source, limit),
    timedSettings: { ticks: 50, supportsCopyMode: false },
  });
});

describe("the mock's fault plan on the Postgres store", () => {
  let sim: SimSchema;
  let otherProcess: DataSource;

  beforeAll(async () => {
    sim = await openSimSchema();
    otherProcess = await connect();
  });
  afterAll(async () => {
    await otherProcess?.destroy();
    await sim?.drop();
  });

  it("is shared by every worker: a fault injected through one is raised once by whichever runs the operation", async () => {
    const clock = new SimulationClock({ profile: "instant" });
    const workerA = createMockDriver({ store: sim.store, clock });
    const workerB = createMockDriver({
      store: new PostgresArrayStateStore(otherProcess, { schema: sim.schema }),
      clock,
    });
    const system: StorageSystemRecord = {
      id: `urn:storageos:StorageSystem:${randomUUID()}:vdc1`,
      name: "mock",
      systemType: "mock",
      nativeId: randomSerial("MOCK"),
      settings: {},
    };
    const provision = (driver: typeof workerA) =>
      driver.provisionVolume(system, {
        poolNativeId: "p",
        name: "v",
        capacityBytes: 1024,
        idempotencyKey: randomUUID(),
      });
    await workerA.faults.inject(system.nativeId, {
      operation: "provision",
      count: 3,
      message: "Mock array: injected failure",
      retryable: true,
    });

    const results = await Promise.allSettled([
      provision(workerA),
      provision(workerB),
      provision(workerA),
      provision(workerB),
    ]);

    const failures = results.flatMap((r) => (r.status === "rejected" ? [r.reason as unknown] : []));
    expect(failures).toHaveLength(3);
    for (const failure of failures) {
      expect(failure).toBeInstanceOf(ArrayOperationError);
      expect(failure).toMatchObject({ message: "Mock array: injected failure", retryable: true });
    }
    expect(await workerB.faults.planned(system.nativeId)).toEqual([]);
  });
});
