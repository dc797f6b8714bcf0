import { describe, expect, it } from "vitest";
import type { SimOperation } from "../../src/drivers/simulation/array-state-store.js";
import { arrayRefusal } from "../support/drivers/array-refusal.js";
import { type ArrayOptions, type ContractArray, type DriverContractSubject, MiB } from "./support/contract-array.js";

/** Fault injection (docs/arrays.md, "Faults, on every family") and the rollback of a half-done link. */
export function describeFaultContract(
  subject: DriverContractSubject,
  anArray: (options?: ArrayOptions) => ContractArray,
): void {
  async function aSnapshotAndTarget(options: ArrayOptions = {}) {
    const array = anArray(options);
    const source = await array.provisionVolume("source", 1024 * MiB);
    const snapshot = await array.establish(source);
    const target = await array.provisionTarget(source, "tgt-1", undefined, 1024 * MiB);
    const link = { snapshotNativeId: snapshot.nativeId, targetNativeId: target.nativeId };
    return { ...array, source, snapshot, target, link };
  }

  describe("fault injection", () => {
    it("fails the next N operations of a kind with the planned text and retryability, then lets them through", async () => {
      const { driver, system, link } = await aSnapshotAndTarget();
      const message = "Injected: the array is busy";
      await driver.faults.inject(system.nativeId, { operation: "link", count: 2, message, retryable: true });

      for (let i = 0; i < 2; i += 1) {
        expect(await arrayRefusal(driver.linkTarget(system, { ...link, copyMode: "nocopy" }))).toMatchObject({
          message,
          retryable: true,
        });
      }
      expect((await driver.linkTarget(system, { ...link, copyMode: "nocopy" })).state).toBe("linked");
    });

    it("meets the faults planned for each kind of operation", async () => {
      const { driver, system, source, snapshot, target, link } = await aSnapshotAndTarget();
      const request = { poolNativeId: "SRP_1", name: "v", capacityBytes: MiB, idempotencyKey: "k" };
      const calls: [SimOperation, () => Promise<unknown>][] = [
        ["provision", () => driver.provisionVolume(system, request)],
        [
          "establish",
          () => driver.establishSnapshot(system, { sourceNativeId: source.nativeId, name: "s", idempotencyKey: "k" }),
        ],
        ["link", () => driver.linkTarget(system, { ...link, copyMode: "nocopy" })],
        ["status", () => driver.linkStatus(system, link)],
        [
          "relink",
          () =>
            driver.relinkTarget(system, {
              fromSnapshotNativeId: snapshot.nativeId,
              toSnapshotNativeId: snapshot.nativeId,
              targetNativeId: target.nativeId,
            }),
        ],
        ["unlink", () => driver.unlinkTarget(system, link)],
        ["restore", () => driver.restoreSnapshot(system, snapshot.nativeId)],
        ["terminate", () => driver.terminateSnapshot(system, snapshot.nativeId)],
        ["delete", () => driver.deleteVolume(system, target.nativeId)],
      ];
      for (const [operation] of calls) {
        await driver.faults.inject(system.nativeId, {
          operation,
          count: 1,
          message: `no ${operation}`,
          retryable: false,
        });
      }

      for (const [operation, call] of calls) {
        expect(await arrayRefusal(call())).toMatchObject({ message: `no ${operation}`, retryable: false });
      }
      expect(await driver.faults.planned(system.nativeId)).toEqual([]);
    });

    it("meets `restore` faults when a restore from a linked target starts and ends, `status` faults when it is followed", async () => {
      const { driver, system, link } = await aSnapshotAndTarget();
      await driver.linkTarget(system, { ...link, copyMode: "nocopy" });
      const fault = (operation: SimOperation) =>
        driver.faults.inject(system.nativeId, { operation, count: 1, message: `no ${operation}`, retryable: true });

      await fault("restore");
      expect(await arrayRefusal(driver.restoreFromTarget(system, link))).toMatchObject({ message: "no restore" });
      await driver.restoreFromTarget(system, link);
      await fault("status");
      expect(await arrayRefusal(driver.restoreFromTargetStatus(system, link))).toMatchObject({ message: "no status" });
      await fault("restore");
      expect(await arrayRefusal(driver.finishRestoreFromTarget(system, link))).toMatchObject({
        message: "no restore",
        retryable: true,
      });
      expect((await driver.restoreFromTargetStatus(system, link)).state).toBe("restored");
      await driver.finishRestoreFromTarget(system, link);
    });

    it("delays the operations of a kind by the planned latency", async () => {
      const { driver, system, arrays, link } = await aSnapshotAndTarget();
      await arrays.injectFault(system, { operation: "link", count: 1, latencyMs: 200 });

      const started = performance.now();
      await driver.linkTarget(system, { ...link, copyMode: "nocopy" });

      expect(performance.now() - started).toBeGreaterThanOrEqual(195);
    });

    it.runIf(subject.supportsCopyMode)("stalls copies, even instant ones, until the faults are cleared", async () => {
      const { driver, system, arrays, link } = await aSnapshotAndTarget();
      await arrays.injectFault(system, { stall: "copy" });

      expect((await driver.linkTarget(system, { ...link, copyMode: "copy" })).state).toBe("copying");
      expect((await arrays.view(system)).jobs).toMatchObject([{ stalled: true, endsAt: null }]);
      await arrayRefusal(driver.unlinkTarget(system, link));

      await arrays.clearFaults(system);
      expect((await driver.linkStatus(system, link)).state).toBe("copied");
    });

    if (subject.copyTakesTime) {
      it("resumes a stalled copy where it stood", async () => {
        const { driver, system, arrays, time, link } = await aSnapshotAndTarget({
          profile: "fast",
          settings: subject.timedSettings,
        });
        await driver.linkTarget(system, { ...link, copyMode: "copy" });
        time.advance(1_000);
        await arrays.injectFault(system, { stall: "copy" });
        const before = await driver.linkStatus(system, link);
        time.advance(60_000);
        expect(await driver.linkStatus(system, link)).toEqual(before);

        await arrays.clearFaults(system);
        time.advance(3_000);
        expect((await driver.linkStatus(system, link)).state).toBe("copying");
        time.advance(1_100);
        expect((await driver.linkStatus(system, link)).state).toBe("copied");
      });
    }
  });

  describe("rollback of a half-done link", () => {
    it.runIf(subject.supportsCopyMode)(
      "leaves nothing behind once a copy link that failed on its copy is unlinked by force and its target deleted",
      async () => {
        const { driver, system, source, snapshot, target, link, view } = await aSnapshotAndTarget();
        const message = "Injected: the copy could not start";
        await driver.faults.inject(system.nativeId, { operation: "copy", count: 1, message, retryable: false });

        expect(await arrayRefusal(driver.linkTarget(system, { ...link, copyMode: "copy" }))).toMatchObject({
          message,
          retryable: false,
        });
        await driver.unlinkTarget(system, link, { force: true });
        await driver.deleteVolume(system, target.nativeId);

        const array = await view();
        expect(array.devices.map((d) => d.nativeId)).toEqual([source.nativeId]);
        expect(array.links).toEqual([]);
        await driver.terminateSnapshot(system, snapshot.nativeId);
      },
    );
  });
}
