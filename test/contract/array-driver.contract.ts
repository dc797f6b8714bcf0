import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ArrayOperationError } from "../../src/application/ports/array-operation-error.js";
import { arrayRefusal } from "../support/drivers/array-refusal.js";
import { describeBatchCallsContract } from "./batch-calls.contract.js";
import { describeFaultContract } from "./faults.contract.js";
import { describeGroupSnapshotContract } from "./group-snapshots.contract.js";
import { describeReplicationGroupContract } from "./replication-groups.contract.js";
import { describeSessionOperationsContract } from "./session-operations.contract.js";
import {
  type ArrayOptions,
  contractArrays,
  declaredBehaviour,
  type FamilyContractSubject,
  filled,
  GiB,
  TiB,
} from "./support/contract-array.js";
import { openSimSchema, type SimSchema } from "./support/postgres-state-store.js";
import { describeVolumeDataContract } from "./volume-data.contract.js";

export { type FamilyContractSubject, randomSerial } from "./support/contract-array.js";

/**
 * One set of behaviours every array driver must show, run on the Postgres state store (a
 * schema of its own, dropped afterwards) with the `instant` clock, or a controllable `fast`
 * one where progress is observed.
 */
export function describeArrayDriverContract(family: FamilyContractSubject): void {
  const subject = declaredBehaviour(family);
  describe(`array driver contract: ${subject.systemType}`, () => {
    let sim: SimSchema;

    beforeAll(async () => {
      sim = await openSimSchema();
    });
    afterAll(async () => {
      await sim?.drop();
    });

    const anArray = contractArrays(subject, () => sim);

    describeSessionOperationsContract(subject, anArray);
    describeVolumeDataContract(subject, anArray);
    describeFaultContract(subject, anArray);
    describeBatchCallsContract(subject, anArray);
    describeGroupSnapshotContract(subject, anArray);
    describeReplicationGroupContract(subject, anArray);

    async function aSnapshot(options: ArrayOptions = {}) {
      const array = anArray(options);
      const source = await array.provisionVolume();
      const snapshot = await array.establish(source);
      return { ...array, source, snapshot };
    }

    it("provisions a volume and a target with array-side ids, WWN and a sanitized name of at most 31 characters", async () => {
      const { provisionVolume, provisionTarget } = anArray();
      const source = await provisionVolume("prod db volume");
      const target = await provisionTarget(source, "nightly backup of the production database-1");

      expect(source.wwn).toMatch(/^[0-9A-F]{32}$/);
      expect(target.wwn).toMatch(/^[0-9A-F]{32}$/);
      expect(target.nativeId).not.toBe(source.nativeId);
      expect(target.wwn).not.toBe(source.wwn);
      expect(source.deviceLabel).toBe("prod_db_volume");
      expect(target.deviceLabel).toBe("nightly_backup_of_the_productio");
    });

    it("returns the same device when provisioning is repeated with the same idempotency key", async () => {
      const { driver, system, provisionVolume, provisionTarget } = anArray();
      const request = { poolNativeId: "SRP_1", name: "vol", capacityBytes: GiB, idempotencyKey: randomUUID() };
      const first = await driver.provisionVolume(system, request);
      expect(await driver.provisionVolume(system, request)).toEqual(first);

      const source = await provisionVolume();
      const key = randomUUID();
      const target = await provisionTarget(source, "tgt-1", key);
      expect(await provisionTarget(source, "tgt-1", key)).toEqual(target);
    });

    it("establishes a snapshot once per idempotency key", async () => {
      const { driver, system, provisionVolume } = anArray();
      const source = await provisionVolume();
      const request = { sourceNativeId: source.nativeId, name: "snap1", idempotencyKey: randomUUID() };
      const snapshot = await driver.establishSnapshot(system, request);
      expect(snapshot.deviceLabel).toBe("snap1");
      expect(await driver.establishSnapshot(system, request)).toEqual(snapshot);
    });

    it("links a target in nocopy mode: linked and defined", async () => {
      const { driver, system, provisionTarget, source, snapshot } = await aSnapshot();
      const target = await provisionTarget(source);
      const link = { snapshotNativeId: snapshot.nativeId, targetNativeId: target.nativeId };

      const state = await driver.linkTarget(system, { ...link, copyMode: "nocopy" });

      expect(state).toMatchObject({ state: "linked", defined: true });
      expect(state.nativeState).not.toBe("");
      expect(await driver.linkStatus(system, link)).toEqual(state);
    });

    it.runIf(subject.supportsCopyMode)(
      "links a target in copy mode: copying with progress derived from the clock, then copied at 100",
      async () => {
        const { driver, system, time, provisionTarget, source, snapshot } = await aSnapshot({
          profile: "fast",
          settings: subject.timedSettings,
        });
        const target = await provisionTarget(source);
        const link = { snapshotNativeId: snapshot.nativeId, targetNativeId: target.nativeId };

        const right = await driver.linkTarget(system, { ...link, copyMode: "copy" });

        if (!subject.copyTakesTime) {
          expect(right).toMatchObject({ state: "copied", defined: true, percentCopied: 100 });
          return;
        }
        expect(right).toMatchObject({ state: "copying", percentCopied: 0 });
        time.advance(2_500); // half of a 1 GiB copy on the fast clock
        const midway = await driver.linkStatus(system, link);
        expect(midway.state).toBe("copying");
        expect(midway.percentCopied).toBeGreaterThan(0);
        expect(midway.percentCopied).toBeLessThan(100);
        expect(Number.isInteger(midway.percentCopied)).toBe(true);
        time.advance(2_500);
        expect(await driver.linkStatus(system, link)).toMatchObject({
          state: "copied",
          defined: true,
          percentCopied: 100,
        });
      },
    );

    it.skipIf(subject.supportsCopyMode)(
      "refuses a copy-mode link, not retryable, as it declares no copy mode: the target stays unlinked",
      async () => {
        const { driver, system, provisionTarget, source, snapshot, view } = await aSnapshot();
        const target = await provisionTarget(source);
        const link = { snapshotNativeId: snapshot.nativeId, targetNativeId: target.nativeId };

        expect((await arrayRefusal(driver.linkTarget(system, { ...link, copyMode: "copy" }))).retryable).toBe(false);

        expect((await view()).links).toEqual([]);
        await expect(driver.linkStatus(system, link)).rejects.toBeInstanceOf(ArrayOperationError);
      },
    );

    it("treats a repeated link or unlink as success", async () => {
      const { driver, system, provisionTarget, source, snapshot } = await aSnapshot();
      const target = await provisionTarget(source);
      const link = { snapshotNativeId: snapshot.nativeId, targetNativeId: target.nativeId };

      const first = await driver.linkTarget(system, { ...link, copyMode: "nocopy" });
      expect(await driver.linkTarget(system, { ...link, copyMode: "nocopy" })).toEqual(first);
      await driver.unlinkTarget(system, link);
      await driver.unlinkTarget(system, link);
      await expect(driver.linkStatus(system, link)).rejects.toBeInstanceOf(ArrayOperationError);
    });

    it("refuses to link a target that is linked to another snapshot", async () => {
      const { driver, system, provisionTarget, establish, source, snapshot } = await aSnapshot();
      const other = await establish(source, "snap2");
      const target = await provisionTarget(source);
      await driver.linkTarget(system, {
        snapshotNativeId: snapshot.nativeId,
        targetNativeId: target.nativeId,
        copyMode: "nocopy",
      });

      const error = await arrayRefusal(
        driver.linkTarget(system, {
          snapshotNativeId: other.nativeId,
          targetNativeId: target.nativeId,
          copyMode: "nocopy",
        }),
      );
      expect(error.retryable).toBe(false);
    });

    it.runIf(subject.copyTakesTime)("refuses to unlink mid-copy (not retryable) unless forced", async () => {
      const { driver, system, time, provisionTarget, source, snapshot } = await aSnapshot({
        profile: "fast",
        settings: subject.timedSettings,
      });
      const target = await provisionTarget(source);
      const link = { snapshotNativeId: snapshot.nativeId, targetNativeId: target.nativeId };
      await driver.linkTarget(system, { ...link, copyMode: "copy" });
      time.advance(1_000);

      const error = await arrayRefusal(driver.unlinkTarget(system, link));
      expect(error.retryable).toBe(false);
      expect((await driver.linkStatus(system, link)).state).toBe("copying");

      await driver.unlinkTarget(system, link, { force: true });
      await expect(driver.linkStatus(system, link)).rejects.toBeInstanceOf(ArrayOperationError);
      await driver.deleteVolume(system, target.nativeId);
    });

    it.runIf(subject.supportsCopyMode)("unlinks a copied target, then terminates the snapshot", async () => {
      const { driver, system, provisionTarget, source, snapshot } = await aSnapshot();
      const target = await provisionTarget(source);
      const link = { snapshotNativeId: snapshot.nativeId, targetNativeId: target.nativeId };
      expect((await driver.linkTarget(system, { ...link, copyMode: "copy" })).state).toBe("copied");

      await driver.unlinkTarget(system, link);
      await driver.terminateSnapshot(system, snapshot.nativeId);
    });

    it("refuses to terminate a snapshot while it is linked; a terminated snapshot terminates again as success", async () => {
      const { driver, system, provisionTarget, source, snapshot } = await aSnapshot();
      const target = await provisionTarget(source);
      const link = { snapshotNativeId: snapshot.nativeId, targetNativeId: target.nativeId };
      await driver.linkTarget(system, { ...link, copyMode: "nocopy" });

      const error = await arrayRefusal(driver.terminateSnapshot(system, snapshot.nativeId));
      expect(error.retryable).toBe(false);

      await driver.unlinkTarget(system, link);
      await driver.terminateSnapshot(system, snapshot.nativeId);
      await driver.terminateSnapshot(system, snapshot.nativeId);
    });

    it("deletes a device; deleting a missing device is success", async () => {
      const { driver, system, provisionVolume } = anArray();
      const volume = await provisionVolume();
      await driver.deleteVolume(system, volume.nativeId);
      await driver.deleteVolume(system, volume.nativeId);
      await driver.deleteVolume(system, subject.unknownDeviceId);
    });

    describe("the per-source linked-target limit", () => {
      const { limit, settings } = subject.linkLimit;

      /**
       * A 1 TiB source with one 4 KiB write, `count` 1 TiB targets linked to two of its snapshots
       * (arranged the shortest way); `oneMore` goes through the driver under test.
       */
      async function aSourceWithLinks(count: number) {
        const array = anArray({ settings });
        const { driver, system, provisionTarget, write, arranging } = array;
        const source = await arranging.provisionVolume("source volume", TiB);
        await write(source, 0, filled(7, 4096));
        const snapshot = await arranging.establish(source);
        // Spread over two snapshots: the limit counts the source's links over all its snapshots.
        const second = await arranging.establish(source, "snap2");
        const linkOne = async (i: number) => {
          const target = await arranging.provisionTarget(source, `tgt-${i}`, undefined, TiB);
          const snapshotNativeId = i % 2 === 0 ? snapshot.nativeId : second.nativeId;
          await arranging.driver.linkTarget(system, {
            snapshotNativeId,
            targetNativeId: target.nativeId,
            copyMode: "nocopy",
          });
        };
        for (let start = 0; start < count; start += 16) {
          await Promise.all(Array.from({ length: Math.min(16, count - start) }, (_, j) => linkOne(start + j)));
        }
        /** Provisions and links one more target; rejects where the family refuses. */
        const oneMore = async (i: number) => {
          const target = await provisionTarget(source, `more-${i}`, undefined, TiB);
          return driver.linkTarget(system, {
            snapshotNativeId: snapshot.nativeId,
            targetNativeId: target.nativeId,
            copyMode: "nocopy",
          });
        };
        expect(driver.capabilities(system).maxLinkedTargetsPerSource).toBe(limit);
        return { ...array, source, oneMore };
      }

      it(`refuses the target over the limit (${limit}) with the array's text, not retryable; the links store no data`, async () => {
        const { source, oneMore, view } = await aSourceWithLinks(limit);

        const error = await arrayRefusal(oneMore(1));

        expect(error.message).toBe(subject.limitMessage(source.nativeId, limit));
        expect(error.retryable).toBe(false);
        const array = await view();
        expect(array.links).toHaveLength(limit);
        const stored = [...array.devices, ...array.snapshots].reduce((sum, item) => sum + item.storedBytes, 0);
        expect(stored).toBe(4096);
      });

      it("lets exactly one of two concurrent requests take the last place", async () => {
        const { source, oneMore } = await aSourceWithLinks(limit - 1);

        const results = await Promise.allSettled([oneMore(1), oneMore(2)]);

        expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
        const reasons = results.flatMap((r) => (r.status === "rejected" ? [r.reason as unknown] : []));
        expect(reasons).toHaveLength(1);
        expect(reasons[0]).toBeInstanceOf(ArrayOperationError);
        expect(reasons[0]).toMatchObject({ message: subject.limitMessage(source.nativeId, limit), retryable: false });
      });
    });
  });
}
