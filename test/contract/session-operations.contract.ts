import { describe, expect, it } from "vitest";
import { ArrayOperationError } from "../../src/application/ports/array-operation-error.js";
import { arrayRefusal } from "../support/drivers/array-refusal.js";
import {
  type ArrayOptions,
  type ContractArray,
  type DriverContractSubject,
  filled,
  MiB,
  TRACK,
} from "./support/contract-array.js";

const FULLY_COPIED = "Link must be fully copied for this operation to proceed";

/** Relink, restore and the unlink rules, held against every family. */
export function describeSessionOperationsContract(
  subject: DriverContractSubject,
  anArray: (options?: ArrayOptions) => ContractArray,
): void {
  /** An 8 MiB source that read A (1s) at its first track when snap1 was taken and B (2s) when snap2 was. */
  async function aSourceWithTwoImages(options: ArrayOptions = {}) {
    const array = anArray(options);
    const source = await array.provisionVolume("source", 8 * MiB);
    await array.write(source, 0, filled(1, TRACK));
    const snap1 = await array.establish(source, "snap1");
    await array.write(source, 0, filled(2, TRACK));
    const snap2 = await array.establish(source, "snap2");
    const target = await array.provisionTarget(source, "tgt-1", undefined, 8 * MiB);
    return { ...array, source, snap1, snap2, target };
  }

  describe("relink", () => {
    it("moves a nocopy link to another snapshot of the source: the target reads the new image, its own writes are gone", async () => {
      const { driver, system, read, write, snap1, snap2, target } = await aSourceWithTwoImages();
      await driver.linkTarget(system, {
        snapshotNativeId: snap1.nativeId,
        targetNativeId: target.nativeId,
        copyMode: "nocopy",
      });
      expect(await read(target, 0, 4)).toEqual(filled(1, 4));
      await write(target, TRACK, filled(9, 16));

      const state = await driver.relinkTarget(system, {
        fromSnapshotNativeId: snap1.nativeId,
        toSnapshotNativeId: snap2.nativeId,
        targetNativeId: target.nativeId,
      });

      expect(state).toMatchObject({ state: "linked", defined: true });
      expect(await read(target, 0, 4)).toEqual(filled(2, 4));
      expect(await read(target, TRACK, 16)).toEqual(filled(0, 16));
      expect(
        (await driver.linkStatus(system, { snapshotNativeId: snap2.nativeId, targetNativeId: target.nativeId })).state,
      ).toBe("linked");
      await arrayRefusal(
        driver.linkStatus(system, { snapshotNativeId: snap1.nativeId, targetNativeId: target.nativeId }),
      );
    });

    it("refreshes a target relinked to its own snapshot, and treats a repeated move as success", async () => {
      const { driver, system, read, write, snap1, snap2, target } = await aSourceWithTwoImages();
      await driver.linkTarget(system, {
        snapshotNativeId: snap1.nativeId,
        targetNativeId: target.nativeId,
        copyMode: "nocopy",
      });
      await write(target, 0, filled(9, 16));
      const refresh = {
        fromSnapshotNativeId: snap1.nativeId,
        toSnapshotNativeId: snap1.nativeId,
        targetNativeId: target.nativeId,
      };

      await driver.relinkTarget(system, refresh);
      expect(await read(target, 0, 16)).toEqual(filled(1, 16));

      const move = { ...refresh, toSnapshotNativeId: snap2.nativeId };
      const moved = await driver.relinkTarget(system, move);
      expect(await driver.relinkTarget(system, move)).toEqual(moved);
      expect(await read(target, 0, 16)).toEqual(filled(2, 16));
    });

    it("refuses, not retryable, a snapshot of another source and a target not linked to the first snapshot", async () => {
      const { driver, system, provisionVolume, provisionTarget, establish, read, source, snap1, snap2, target } =
        await aSourceWithTwoImages();
      const other = await establish(await provisionVolume("other", 8 * MiB), "other");
      const unlinked = await provisionTarget(source, "tgt-2", undefined, 8 * MiB);
      await driver.linkTarget(system, {
        snapshotNativeId: snap1.nativeId,
        targetNativeId: target.nativeId,
        copyMode: "nocopy",
      });

      const otherSource = await arrayRefusal(
        driver.relinkTarget(system, {
          fromSnapshotNativeId: snap1.nativeId,
          toSnapshotNativeId: other.nativeId,
          targetNativeId: target.nativeId,
        }),
      );
      const notLinked = await arrayRefusal(
        driver.relinkTarget(system, {
          fromSnapshotNativeId: snap1.nativeId,
          toSnapshotNativeId: snap2.nativeId,
          targetNativeId: unlinked.nativeId,
        }),
      );

      expect([otherSource.retryable, notLinked.retryable]).toEqual([false, false]);
      expect(await read(target, 0, 4)).toEqual(filled(1, 4));
    });

    if (!subject.supportsCopyMode) {
      // No copy link to relink.
    } else if (subject.relinksCopyLinks) {
      it("keeps a copy link in copy mode and copies only the tracks that differ", async () => {
        const settings = subject.timedSettings;
        const { driver, system, time, provisionVolume, provisionTarget, establish, write, read } = anArray({
          profile: "fast",
          settings,
        });
        const source = await provisionVolume("source", 1024 * MiB);
        const snap1 = await establish(source, "snap1");
        const target = await provisionTarget(source, "tgt-1", undefined, 1024 * MiB);
        const link1 = { snapshotNativeId: snap1.nativeId, targetNativeId: target.nativeId };
        await driver.linkTarget(system, { ...link1, copyMode: "copy" });
        time.advance(6_000);
        expect((await driver.linkStatus(system, link1)).state).toBe("copied");
        await write(source, 5 * TRACK, filled(3, TRACK));
        const snap2 = await establish(source, "snap2");

        const right = await driver.relinkTarget(system, {
          fromSnapshotNativeId: snap1.nativeId,
          toSnapshotNativeId: snap2.nativeId,
          targetNativeId: target.nativeId,
        });

        if (subject.copyTakesTime) {
          expect(right).toMatchObject({ state: "copying", percentCopied: 99 });
        }
        time.advance(1_000); // a whole 1 GiB copy takes 5 s on the fast clock: one track is far less
        const link2 = { snapshotNativeId: snap2.nativeId, targetNativeId: target.nativeId };
        expect(await driver.linkStatus(system, link2)).toMatchObject({ state: "copied", percentCopied: 100 });
        expect(await read(target, 5 * TRACK, 8)).toEqual(filled(3, 8));
      });
    } else {
      it("refuses, not retryable, to relink a copy link (its target is a LUN of its own once copied)", async () => {
        const { driver, system, snap1, snap2, target } = await aSourceWithTwoImages();
        await driver.linkTarget(system, {
          snapshotNativeId: snap1.nativeId,
          targetNativeId: target.nativeId,
          copyMode: "copy",
        });

        const error = await arrayRefusal(
          driver.relinkTarget(system, {
            fromSnapshotNativeId: snap1.nativeId,
            toSnapshotNativeId: snap2.nativeId,
            targetNativeId: target.nativeId,
          }),
        );

        expect(error.retryable).toBe(false);
      });
    }
  });

  describe("restore", () => {
    it("makes the source read the snapshot's image again; finishing it is idempotent", async () => {
      const { driver, system, read, write, source, snap1 } = await aSourceWithTwoImages();
      await write(source, 3 * TRACK, filled(4, 8));

      const started = await driver.restoreSnapshot(system, snap1.nativeId);
      expect(await driver.restoreSnapshot(system, snap1.nativeId)).toEqual(started);

      expect(await driver.restoreStatus(system, snap1.nativeId)).toMatchObject({
        state: "restored",
        percentRestored: 100,
      });
      expect(await read(source, 0, 4)).toEqual(filled(1, 4));
      expect(await read(source, 3 * TRACK, 8)).toEqual(filled(0, 8));
      await driver.finishRestore(system, snap1.nativeId);
      await driver.finishRestore(system, snap1.nativeId);
      await driver.terminateSnapshot(system, snap1.nativeId);
    });

    if (subject.restoreTakesTime) {
      it("runs a restore session: restoring, then restored; it cannot be finished (retryable) nor the snapshot terminated before", async () => {
        const { driver, system, time, provisionVolume, establish, write, read } = anArray({
          profile: "fast",
          settings: subject.timedSettings,
        });
        const source = await provisionVolume("source", 1024 * MiB);
        await write(source, 0, filled(1, 8));
        const snapshot = await establish(source);
        for (const track of [0, 300, 600, 900]) await write(source, track * TRACK, filled(2, 8));

        const started = await driver.restoreSnapshot(system, snapshot.nativeId);

        expect(started).toMatchObject({ state: "restoring" });
        expect(started.percentRestored).toBeLessThan(100);
        expect(await read(source, 0, 8)).toEqual(filled(1, 8));
        const early = await arrayRefusal(driver.finishRestore(system, snapshot.nativeId));
        expect(early.retryable).toBe(true);
        expect((await arrayRefusal(driver.terminateSnapshot(system, snapshot.nativeId))).retryable).toBe(false);
        time.advance(5_000);
        expect(await driver.restoreStatus(system, snapshot.nativeId)).toMatchObject({
          state: "restored",
          percentRestored: 100,
        });
        await driver.finishRestore(system, snapshot.nativeId);
        await driver.terminateSnapshot(system, snapshot.nativeId);
      });

      it("refuses, not retryable, a second restore session on the same source", async () => {
        const { driver, system, snap1, snap2 } = await aSourceWithTwoImages();
        await driver.restoreSnapshot(system, snap1.nativeId);

        expect((await arrayRefusal(driver.restoreSnapshot(system, snap2.nativeId))).retryable).toBe(false);

        await driver.finishRestore(system, snap1.nativeId);
        expect((await driver.restoreSnapshot(system, snap2.nativeId)).state).toBe("restored");
      });
    } else {
      it("restores at once on a timed clock, as it declares", async () => {
        const { driver, system, provisionVolume, establish, write, read } = anArray({
          profile: "fast",
          settings: subject.timedSettings,
        });
        const source = await provisionVolume("source", 1024 * MiB);
        await write(source, 0, filled(1, 8));
        const snapshot = await establish(source);
        await write(source, 0, filled(2, 8));

        expect(await driver.restoreSnapshot(system, snapshot.nativeId)).toMatchObject({
          state: "restored",
          percentRestored: 100,
        });
        expect(await read(source, 0, 8)).toEqual(filled(1, 8));
      });
    }

    if (subject.copyTakesTime) {
      it("refuses, not retryable, to restore while a copy link of the snapshot is not fully copied", async () => {
        const { driver, system, time, provisionVolume, provisionTarget, establish } = anArray({
          profile: "fast",
          settings: subject.timedSettings,
        });
        const source = await provisionVolume("source", 1024 * MiB);
        const snapshot = await establish(source);
        const target = await provisionTarget(source, "tgt-1", undefined, 1024 * MiB);
        await driver.linkTarget(system, {
          snapshotNativeId: snapshot.nativeId,
          targetNativeId: target.nativeId,
          copyMode: "copy",
        });

        const error = await arrayRefusal(driver.restoreSnapshot(system, snapshot.nativeId));

        expect(error).toMatchObject({ message: FULLY_COPIED, retryable: false });
        time.advance(60_000);
        expect((await driver.restoreSnapshot(system, snapshot.nativeId)).state).toBe("restored");
      });
    }
  });

  describe("restore from a linked target", () => {
    /** snap1's nocopy target, written at its second track: the image the source should take. */
    async function aWrittenTarget() {
      const array = await aSourceWithTwoImages();
      const { driver, system, write, snap1, target } = array;
      await driver.linkTarget(system, {
        snapshotNativeId: snap1.nativeId,
        targetNativeId: target.nativeId,
        copyMode: "nocopy",
      });
      array.time.advance(60_000);
      await write(target, TRACK, filled(9, 16));
      const ref = { snapshotNativeId: snap1.nativeId, targetNativeId: target.nativeId };
      return { ...array, ref };
    }

    it("makes the source read what the target reads now, its own writes included; the snapshots keep their images", async () => {
      const { driver, system, read, establish, source, snap1, snap2, target, ref } = await aWrittenTarget();

      const started = await driver.restoreFromTarget(system, ref);
      expect(await driver.restoreFromTarget(system, ref)).toEqual(started);

      expect(await driver.restoreFromTargetStatus(system, ref)).toMatchObject({
        state: "restored",
        percentRestored: 100,
      });
      expect(await read(source, 0, 4)).toEqual(filled(1, 4));
      expect(await read(source, TRACK, 16)).toEqual(filled(9, 16));
      expect(await read(target, 0, 4)).toEqual(filled(1, 4));
      await driver.finishRestoreFromTarget(system, ref);
      await driver.finishRestoreFromTarget(system, ref);
      // snap2 still reads what the source held when it was taken; a new snapshot reads the restored image.
      const other = await aTargetOf(driver, system, snap2, "tgt-snap2");
      expect(await read(other, 0, 4)).toEqual(filled(2, 4));
      expect(await read(other, TRACK, 16)).toEqual(filled(0, 16));
      const snap3 = await establish(source, "snap3");
      const third = await aTargetOf(driver, system, snap3, "tgt-snap3");
      expect(await read(third, TRACK, 16)).toEqual(filled(9, 16));
      await driver.unlinkTarget(system, ref);
      await driver.terminateSnapshot(system, snap1.nativeId);

      async function aTargetOf(d: typeof driver, s: typeof system, snapshot: { nativeId: string }, name: string) {
        const device = await d.provisionTarget(s, {
          poolNativeId: "SRP_1",
          name,
          capacityBytes: 8 * MiB,
          sourceNativeId: source.nativeId,
          idempotencyKey: `${name}:${snapshot.nativeId}`,
        });
        await d.linkTarget(s, {
          snapshotNativeId: snapshot.nativeId,
          targetNativeId: device.nativeId,
          copyMode: "nocopy",
        });
        return device;
      }
    });

    it("refuses, not retryable, a target not linked to the snapshot, and has no restore to report before one starts", async () => {
      const { driver, system, provisionTarget, source, snap2, ref } = await aWrittenTarget();
      const unlinked = await provisionTarget(source, "tgt-2", undefined, 8 * MiB);

      const otherSnapshot = await arrayRefusal(
        driver.restoreFromTarget(system, { ...ref, snapshotNativeId: snap2.nativeId }),
      );
      const notLinked = await arrayRefusal(
        driver.restoreFromTarget(system, { ...ref, targetNativeId: unlinked.nativeId }),
      );

      expect([otherSnapshot.retryable, notLinked.retryable]).toEqual([false, false]);
      if (subject.restoreTakesTime) {
        expect((await arrayRefusal(driver.restoreFromTargetStatus(system, ref))).retryable).toBe(false);
      }
      await driver.finishRestoreFromTarget(system, ref);
    });

    if (subject.restoreTakesTime) {
      it("runs as a restore that takes time: it cannot be finished before (retryable), and no other restore of the source runs meanwhile", async () => {
        const { driver, system, time, provisionVolume, provisionTarget, establish, write, read } = anArray({
          profile: "fast",
          settings: subject.timedSettings,
        });
        const source = await provisionVolume("source", 1024 * MiB);
        const snapshot = await establish(source);
        const target = await provisionTarget(source, "tgt-1", undefined, 1024 * MiB);
        const ref = { snapshotNativeId: snapshot.nativeId, targetNativeId: target.nativeId };
        await driver.linkTarget(system, { ...ref, copyMode: "nocopy" });
        time.advance(60_000);
        for (const track of [0, 300, 600, 900]) await write(target, track * TRACK, filled(5, 8));

        const started = await driver.restoreFromTarget(system, ref);

        expect(started.state).toBe("restoring");
        expect(await read(source, 300 * TRACK, 8)).toEqual(filled(5, 8));
        expect((await arrayRefusal(driver.finishRestoreFromTarget(system, ref))).retryable).toBe(true);
        expect((await arrayRefusal(driver.restoreSnapshot(system, snapshot.nativeId))).retryable).toBe(false);
        // The session's own restore has nothing to report or end meanwhile.
        await arrayRefusal(driver.restoreStatus(system, snapshot.nativeId));
        await driver.finishRestore(system, snapshot.nativeId);
        time.advance(5_000);
        expect(await driver.restoreFromTargetStatus(system, ref)).toMatchObject({ state: "restored" });
        await driver.finishRestoreFromTarget(system, ref);
        // The source now differs from the snapshot at the tracks the target had: a restore has them to copy back.
        expect((await driver.restoreSnapshot(system, snapshot.nativeId)).state).toBe("restoring");
      });
    }

    if (subject.copyTakesTime) {
      it("refuses, not retryable, a copy-mode target not fully copied", async () => {
        const { driver, system, provisionVolume, provisionTarget, establish } = anArray({
          profile: "fast",
          settings: subject.timedSettings,
        });
        const source = await provisionVolume("source", 1024 * MiB);
        const snapshot = await establish(source);
        const target = await provisionTarget(source, "tgt-1", undefined, 1024 * MiB);
        const ref = { snapshotNativeId: snapshot.nativeId, targetNativeId: target.nativeId };
        await driver.linkTarget(system, { ...ref, copyMode: "copy" });

        expect(await arrayRefusal(driver.restoreFromTarget(system, ref))).toMatchObject({
          message: FULLY_COPIED,
          retryable: false,
        });
      });
    }

    if (!subject.supportsCopyMode) {
      // No copy-mode target to restore from.
    } else if (subject.restoresFromCopyTargets) {
      it("restores from a copied copy-mode target", async () => {
        const { driver, system, time, read, write, source, snap1, target } = await aSourceWithTwoImages();
        const ref = { snapshotNativeId: snap1.nativeId, targetNativeId: target.nativeId };
        await driver.linkTarget(system, { ...ref, copyMode: "copy" });
        time.advance(60_000);
        await write(target, 2 * TRACK, filled(7, 8));

        await driver.restoreFromTarget(system, ref);
        time.advance(60_000);

        expect(await driver.restoreFromTargetStatus(system, ref)).toMatchObject({ state: "restored" });
        expect(await read(source, 0, 4)).toEqual(filled(1, 4));
        expect(await read(source, 2 * TRACK, 8)).toEqual(filled(7, 8));
        await driver.finishRestoreFromTarget(system, ref);
      });
    } else {
      it("refuses, not retryable, a copied copy-mode target: it is a LUN of its own", async () => {
        const { driver, system, time, read, source, snap1, target } = await aSourceWithTwoImages();
        const ref = { snapshotNativeId: snap1.nativeId, targetNativeId: target.nativeId };
        await driver.linkTarget(system, { ...ref, copyMode: "copy" });
        time.advance(60_000);
        expect((await driver.linkStatus(system, ref)).state).toBe("copied");

        expect((await arrayRefusal(driver.restoreFromTarget(system, ref))).retryable).toBe(false);
        expect(await read(source, 0, 4)).toEqual(filled(2, 4));
      });
    }
  });

  describe("unlink rules", () => {
    if (subject.defineTakesTime) {
      it("refuses (not retryable) to unlink a nocopy link before its define pass ends, unless forced", async () => {
        const { driver, system, provisionVolume, provisionTarget, establish } = anArray({ profile: "fast" });
        const source = await provisionVolume("source", 1024 * MiB);
        const snapshot = await establish(source);
        const target = await provisionTarget(source, "tgt-1", undefined, 1024 * MiB);
        const link = { snapshotNativeId: snapshot.nativeId, targetNativeId: target.nativeId };
        expect(await driver.linkTarget(system, { ...link, copyMode: "nocopy" })).toMatchObject({
          state: "linked",
          defined: false,
        });

        expect((await arrayRefusal(driver.unlinkTarget(system, link))).retryable).toBe(false);

        await driver.unlinkTarget(system, link, { force: true });
        await expect(driver.linkStatus(system, link)).rejects.toBeInstanceOf(ArrayOperationError);
      });
    } else {
      it("comes back defined from a nocopy link on a timed clock, as it declares", async () => {
        const { driver, system, provisionVolume, provisionTarget, establish } = anArray({
          profile: "fast",
          settings: subject.timedSettings,
        });
        const source = await provisionVolume("source", 1024 * MiB);
        const snapshot = await establish(source);
        const target = await provisionTarget(source, "tgt-1", undefined, 1024 * MiB);
        const link = { snapshotNativeId: snapshot.nativeId, targetNativeId: target.nativeId };

        expect(await driver.linkTarget(system, { ...link, copyMode: "nocopy" })).toMatchObject({
          state: "linked",
          defined: true,
        });
        await driver.unlinkTarget(system, link);
      });
    }

    it("unlinks a nocopy link once defined and a copy link once copied, without force", async () => {
      const { driver, system, time, provisionVolume, provisionTarget, establish } = anArray({
        profile: "fast",
        settings: subject.timedSettings,
      });
      const source = await provisionVolume("source", 1024 * MiB);
      const snapshot = await establish(source);
      const modes = subject.supportsCopyMode ? (["nocopy", "copy"] as const) : (["nocopy"] as const);
      const links = [];
      for (const [index, copyMode] of modes.entries()) {
        const target = await provisionTarget(source, `tgt-${index + 1}`, undefined, 1024 * MiB);
        const link = { snapshotNativeId: snapshot.nativeId, targetNativeId: target.nativeId };
        await driver.linkTarget(system, { ...link, copyMode });
        links.push(link);
      }
      time.advance(60_000);

      for (const link of links) await driver.unlinkTarget(system, link);

      await driver.terminateSnapshot(system, snapshot.nativeId);
    });
  });
}
