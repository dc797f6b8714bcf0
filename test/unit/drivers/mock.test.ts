import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import type { StorageSystemRecord } from "../../../src/application/ports/storage-catalog.js";
import { createMockDriver } from "../../../src/drivers/mock/mock.driver.js";
import { MOCK_MESSAGES } from "../../../src/drivers/mock/mock-array-words.js";
import { InMemoryArrayStateStore } from "../../../src/drivers/simulation/in-memory-array-state-store.js";
import { InvalidArraySetting } from "../../../src/drivers/simulation/settings.js";
import { SimulationClock } from "../../../src/drivers/simulation/simulation-clock.js";
import { arrayRefusal } from "../../support/drivers/array-refusal.js";

const GiB = 1024 ** 3;

function aMockArray(settings: Record<string, unknown> = {}) {
  // The mock ignores the clock's rates: even the `realistic` profile finishes at once.
  const driver = createMockDriver({
    store: new InMemoryArrayStateStore(),
    clock: new SimulationClock({ profile: "realistic" }),
  });
  const system: StorageSystemRecord = {
    id: "urn:storageos:StorageSystem:3:vdc1",
    name: "mock",
    systemType: "mock",
    nativeId: "MOCK000000001",
    settings,
  };
  const volume = () =>
    driver.provisionVolume(system, {
      poolNativeId: "pool",
      name: "v",
      capacityBytes: GiB,
      idempotencyKey: randomUUID(),
    });
  const target = (sourceNativeId: string) =>
    driver.provisionTarget(system, {
      poolNativeId: "pool",
      name: "t",
      capacityBytes: GiB,
      sourceNativeId,
      idempotencyKey: randomUUID(),
    });
  const snapshotOf = (sourceNativeId: string) =>
    driver.establishSnapshot(system, { sourceNativeId, name: "s", idempotencyKey: randomUUID() });
  return { driver, system, volume, target, snapshotOf };
}

describe("the mock array", () => {
  it("is unlimited unless configured, and reads its limits from the storage system's settings", () => {
    const { driver, system } = aMockArray();
    expect(driver.capabilities(system)).toEqual({
      family: "mock",
      maxLinkedTargetsPerSource: 65536,
      maxSnapshotsPerSource: 65536,
      supportsCopyMode: true,
      snapshotSessionsRefusedFor: null,
      relinksCopyLinks: true,
      restoresFromCopyTargets: true,
      unlinkedTargetRestoreRefusal: "activation",
      supportsConsistencyGroups: false,
      establishesSnapshotsAtOneInstant: false,
      takesTime: { define: false, copy: false, restore: false },
    });
    expect(
      driver.capabilities({
        ...system,
        settings: { maxLinkedTargetsPerSource: 2, maxSnapshotsPerSource: 3, supportsCopyMode: false },
      }),
    ).toEqual({
      family: "mock",
      maxLinkedTargetsPerSource: 2,
      maxSnapshotsPerSource: 3,
      supportsCopyMode: false,
      snapshotSessionsRefusedFor: null,
      relinksCopyLinks: true,
      restoresFromCopyTargets: true,
      unlinkedTargetRestoreRefusal: "activation",
      supportsConsistencyGroups: false,
      establishesSnapshotsAtOneInstant: false,
      takesTime: { define: false, copy: false, restore: false },
    });
    expect(() => driver.capabilities({ ...system, settings: { maxLinkedTargetsPerSource: "lots" } })).toThrow(
      InvalidArraySetting,
    );
  });

  it("finishes copies at once, even on a realistic clock", async () => {
    const { driver, system, volume, target, snapshotOf } = aMockArray();
    const source = await volume();
    const snapshot = await snapshotOf(source.nativeId);
    const device = await target(source.nativeId);

    expect(
      await driver.linkTarget(system, {
        snapshotNativeId: snapshot.nativeId,
        targetNativeId: device.nativeId,
        copyMode: "copy",
      }),
    ).toEqual({ state: "copied", nativeState: "Copied", defined: true, percentCopied: 100 });
  });

  it("refuses the snapshot over maxSnapshotsPerSource and copy mode when supportsCopyMode is false", async () => {
    const { driver, system, volume, target, snapshotOf } = aMockArray({
      maxSnapshotsPerSource: 1,
      supportsCopyMode: false,
    });
    const source = await volume();
    const snapshot = await snapshotOf(source.nativeId);

    expect((await arrayRefusal(snapshotOf(source.nativeId))).message).toBe(
      MOCK_MESSAGES.snapshotLimit(source.nativeId, 1),
    );
    const device = await target(source.nativeId);
    const error = await arrayRefusal(
      driver.linkTarget(system, {
        snapshotNativeId: snapshot.nativeId,
        targetNativeId: device.nativeId,
        copyMode: "copy",
      }),
    );
    expect(error.message).toBe(MOCK_MESSAGES.copyUnsupported);
  });

  it("refuses a target for a source that does not exist", async () => {
    const { target } = aMockArray();
    expect((await arrayRefusal(target("mock-424242"))).message).toBe(MOCK_MESSAGES.deviceMissing("mock-424242"));
  });

  describe("fault injection", () => {
    it("fails the next N operations of the kind with the planned text and retryability, then works again", async () => {
      const { driver, system, volume } = aMockArray();
      await driver.faults.inject(system.nativeId, {
        operation: "provision",
        count: 2,
        message: "array busy",
        retryable: true,
      });

      for (let i = 0; i < 2; i += 1) {
        const error = await arrayRefusal(volume());
        expect(error).toMatchObject({ message: "array busy", retryable: true });
      }
      await expect(volume()).resolves.toMatchObject({ nativeId: expect.any(String) });
    });

    it("fails only the operations of the planned kind; `copy` fails copy-mode links only", async () => {
      const { driver, system, volume, target, snapshotOf } = aMockArray();
      const source = await volume();
      const snapshot = await snapshotOf(source.nativeId);
      await driver.faults.inject(system.nativeId, {
        operation: "copy",
        count: 1,
        message: "copy broke",
        retryable: false,
      });

      const nocopyTarget = await target(source.nativeId);
      await driver.linkTarget(system, {
        snapshotNativeId: snapshot.nativeId,
        targetNativeId: nocopyTarget.nativeId,
        copyMode: "nocopy",
      });
      const copyTarget = await target(source.nativeId);
      const link = {
        snapshotNativeId: snapshot.nativeId,
        targetNativeId: copyTarget.nativeId,
        copyMode: "copy" as const,
      };
      expect(await arrayRefusal(driver.linkTarget(system, link))).toMatchObject({
        message: "copy broke",
        retryable: false,
      });
      expect((await driver.linkTarget(system, link)).state).toBe("copied");
    });

    it("lists the planned faults and clears them", async () => {
      const { driver, system, volume } = aMockArray();
      await driver.faults.inject(system.nativeId, {
        operation: "provision",
        count: 3,
        message: "no",
        retryable: false,
      });
      await arrayRefusal(volume());
      expect(await driver.faults.planned(system.nativeId)).toEqual([
        { id: 1, operation: "provision", count: 3, remaining: 2, message: "no", retryable: false },
      ]);

      await driver.faults.clear(system.nativeId);

      expect(await driver.faults.planned(system.nativeId)).toEqual([]);
      await volume();
    });

    it("refuses a plan without failures or without a message", async () => {
      const { driver, system } = aMockArray();
      await expect(
        driver.faults.inject(system.nativeId, { operation: "link", count: 0, message: "x", retryable: false }),
      ).rejects.toThrow(RangeError);
      await expect(
        driver.faults.inject(system.nativeId, { operation: "link", count: 1, message: " ", retryable: false }),
      ).rejects.toThrow(RangeError);
    });
  });
});
