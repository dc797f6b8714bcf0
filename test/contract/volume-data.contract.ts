import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import type { ProvisionedDevice } from "../../src/application/ports/array-driver.js";
import { arrayRefusal } from "../support/drivers/array-refusal.js";
import {
  type ArrayOptions,
  type ContractArray,
  type DriverContractSubject,
  filled,
  MiB,
  TiB,
  TRACK,
} from "./support/contract-array.js";

const SIZE = 8 * MiB;

function sha256(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}

/** The content a volume of SIZE bytes should have: zeros with the given writes laid over. */
function expected(...writes: [offset: number, bytes: Uint8Array][]): Uint8Array {
  const content = new Uint8Array(SIZE);
  for (const [offset, bytes] of writes) content.set(bytes, offset);
  return content;
}

/** The data plane (docs/arrays.md, "Volume content"): point-in-time content, held against every family. */
export function describeVolumeDataContract(
  subject: DriverContractSubject,
  anArray: (options?: ArrayOptions) => ContractArray,
): void {
  describe("volume data", () => {
    it("reads back what was written at any offset, zeros elsewhere, and digests the whole content", async () => {
      const { provisionVolume, write, read, digest } = anArray();
      const volume = await provisionVolume("volume", SIZE);
      const bytes = Uint8Array.from({ length: 300 }, (_, i) => i % 251);

      await write(volume, TRACK - 100, bytes);

      expect(await read(volume, TRACK - 100, 300)).toEqual(bytes);
      expect(await read(volume, 0, 16)).toEqual(filled(0, 16));
      expect(await digest(volume)).toEqual({ sha256: sha256(expected([TRACK - 100, bytes])), fullCopy: true });
      await expect(write(volume, SIZE - 1, filled(1, 2))).rejects.toMatchObject({ code: 1014 });
    });

    it("keeps the point-in-time image: copy and nocopy targets read A after B was written; unlinked, the copy keeps A for good, the nocopy only its own writes", async () => {
      const { driver, system, provisionVolume, provisionTarget, establish, write, read, digest } = anArray();
      const source = await provisionVolume("source", SIZE);
      const a: [number, Uint8Array][] = [
        [0, filled(0xa, TRACK)],
        [2 * TRACK + 10, filled(0xa, 50)],
      ];
      for (const [offset, bytes] of a) await write(source, offset, bytes);
      const snapshot = await establish(source);
      await write(source, 0, filled(0xb, TRACK));
      // A family without copy mode shows the nocopy half.
      const copy = subject.supportsCopyMode ? await provisionTarget(source, "copy", undefined, SIZE) : null;
      const nocopy = await provisionTarget(source, "nocopy", undefined, SIZE);
      const link = (target: ProvisionedDevice) => ({
        snapshotNativeId: snapshot.nativeId,
        targetNativeId: target.nativeId,
      });
      if (copy) await driver.linkTarget(system, { ...link(copy), copyMode: "copy" });
      await driver.linkTarget(system, { ...link(nocopy), copyMode: "nocopy" });

      for (const target of copy ? [copy, nocopy] : [nocopy]) {
        expect(await read(target, 0, TRACK)).toEqual(filled(0xa, TRACK));
        expect(await read(target, 2 * TRACK + 10, 50)).toEqual(filled(0xa, 50));
      }
      if (copy) await write(copy, 6 * TRACK, filled(0x66, 10));
      await write(nocopy, 5 * TRACK, filled(0x77, 10));
      expect((await digest(nocopy)).fullCopy).toBe(false);

      if (copy) await driver.unlinkTarget(system, link(copy));
      await driver.unlinkTarget(system, link(nocopy));
      await driver.terminateSnapshot(system, snapshot.nativeId);
      await write(source, 0, filled(0xc, TRACK));

      expect(await read(source, 0, 4)).toEqual(filled(0xc, 4));
      if (copy) {
        expect(await read(copy, 0, TRACK)).toEqual(filled(0xa, TRACK));
        expect(await digest(copy)).toEqual({
          sha256: sha256(expected(...a, [6 * TRACK, filled(0x66, 10)])),
          fullCopy: true,
        });
      }
      expect(await read(nocopy, 0, TRACK)).toEqual(filled(0, TRACK));
      expect(await read(nocopy, 5 * TRACK, 10)).toEqual(filled(0x77, 10));
      expect(await digest(nocopy)).toEqual({
        sha256: sha256(expected([5 * TRACK, filled(0x77, 10)])),
        fullCopy: false,
      });
    });

    it("keeps every snapshot's image through later writes and snapshots, whichever snapshot is terminated", async () => {
      const { driver, system, provisionVolume, provisionTarget, establish, write, read } = anArray();
      const source = await provisionVolume("source", SIZE);
      const snapshots = [];
      for (const value of [1, 2, 3]) {
        await write(source, 0, filled(value, 8));
        if (value !== 2) await write(source, 3 * TRACK, filled(value, 8));
        snapshots.push(await establish(source, `snap${value}`));
      }
      await write(source, 0, filled(4, 8));
      const targets: ProvisionedDevice[] = [];
      for (const snapshot of snapshots) {
        const target = await provisionTarget(source, `tgt-${snapshot.deviceLabel}`, undefined, SIZE);
        await driver.linkTarget(system, {
          snapshotNativeId: snapshot.nativeId,
          targetNativeId: target.nativeId,
          copyMode: "nocopy",
        });
        targets.push(target);
      }
      const reads = async (i: number) => [
        (await read(targets[i]!, 0, 1))[0],
        (await read(targets[i]!, 3 * TRACK, 1))[0],
      ];

      expect([await reads(0), await reads(1), await reads(2)]).toEqual([
        [1, 1],
        [2, 1],
        [3, 3],
      ]);
      for (const i of [1, 2]) {
        await driver.unlinkTarget(system, {
          snapshotNativeId: snapshots[i]!.nativeId,
          targetNativeId: targets[i]!.nativeId,
        });
        await driver.terminateSnapshot(system, snapshots[i]!.nativeId);
        expect(await reads(0)).toEqual([1, 1]);
      }
      expect(await read(source, 0, 1)).toEqual(filled(4, 1));
    });

    it("stores the tracks written, not capacity × targets: copies of a 1 TiB source cost what was written", async () => {
      const { driver, system, provisionVolume, provisionTarget, establish, write, view } = anArray();
      const source = await provisionVolume("source", TiB);
      await write(source, 0, filled(1, 100));
      await write(source, TiB - TRACK, filled(2, 100));
      const snapshot = await establish(source);
      for (let i = 0; i < 4; i += 1) {
        const target = await provisionTarget(source, `tgt-${i}`, undefined, TiB);
        const link = { snapshotNativeId: snapshot.nativeId, targetNativeId: target.nativeId };
        const copy = subject.supportsCopyMode && i % 2 === 0;
        await driver.linkTarget(system, { ...link, copyMode: copy ? "copy" : "nocopy" });
        if (copy) await driver.unlinkTarget(system, link);
      }

      const array = await view();

      const stored = [...array.devices, ...array.snapshots].reduce((sum, item) => sum + item.storedBytes, 0);
      // The source and the two unlinked copies hold the written bytes; the linked nocopy targets nothing.
      expect(stored).toBe(subject.supportsCopyMode ? 3 * 200 : 200);
      expect(array.links).toHaveLength(subject.supportsCopyMode ? 2 : 4);
    });

    if (subject.copyTakesTime) {
      it("leaves a target that is no full copy after a forced unlink mid-copy", async () => {
        const { driver, system, time, provisionVolume, provisionTarget, establish, write, digest, view } = anArray({
          profile: "fast",
          settings: subject.timedSettings,
        });
        // 128 MiB: a copy of 0.6 s on the fast clock (the mock's ticks: 5 s), whose digest is cheap.
        const source = await provisionVolume("source", 128 * MiB);
        await write(source, 1000 * TRACK, filled(5, 10));
        const snapshot = await establish(source);
        const target = await provisionTarget(source, "tgt-1", undefined, 128 * MiB);
        const link = { snapshotNativeId: snapshot.nativeId, targetNativeId: target.nativeId };
        await driver.linkTarget(system, { ...link, copyMode: "copy" });
        time.advance(100);
        expect((await digest(target)).fullCopy).toBe(false);
        await arrayRefusal(driver.unlinkTarget(system, link));

        await driver.unlinkTarget(system, link, { force: true });

        expect((await digest(target)).fullCopy).toBe(false);
        const device = (await view()).devices.find((d) => d.nativeId === target.nativeId);
        expect(device?.content).not.toBe("complete");
      });
    }
  });
}
