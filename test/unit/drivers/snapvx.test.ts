import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import type { StorageSystemRecord } from "../../../src/application/ports/storage-catalog.js";
import { InMemoryArrayStateStore } from "../../../src/drivers/simulation/in-memory-array-state-store.js";
import { SimulatedArrays } from "../../../src/drivers/simulation/simulated-arrays.js";
import { SimulationClock } from "../../../src/drivers/simulation/simulation-clock.js";
import { SimulatedSnapVxArray, SNAPVX_FAMILY } from "../../../src/drivers/snapvx/simulated-snapvx-array.js";
import { restoreSnapshotName, SnapVxDriver } from "../../../src/drivers/snapvx/snapvx.driver.js";
import { SYMMETRIX_MESSAGES } from "../../../src/drivers/snapvx/snapvx-array-client.js";
import { cylindersOf, symmetrixWwn } from "../../../src/drivers/snapvx/symmetrix-device-geometry.js";
import { arrayRefusal } from "../../support/drivers/array-refusal.js";

const MiB = 1024 ** 2;
const GiB = 1024 ** 3;

function aSnapVxArray(profile: "instant" | "fast" = "instant") {
  let at = 0;
  const clock = new SimulationClock({ profile, now: () => at });
  const store = new InMemoryArrayStateStore();
  const array = new SimulatedSnapVxArray(store, clock);
  const arrays = new SimulatedArrays(store, clock, [SNAPVX_FAMILY]);
  const driver = new SnapVxDriver(array);
  const system: StorageSystemRecord = {
    id: "urn:storageos:StorageSystem:1:vdc1",
    name: "vmax",
    systemType: "vmax",
    nativeId: "SYMMETRIX+000197900001",
    settings: {},
  };
  const volume = (capacityBytes = GiB, name = "vol") =>
    driver.provisionVolume(system, { poolNativeId: "SRP_1", name, capacityBytes, idempotencyKey: randomUUID() });
  const snapshotOf = (sourceNativeId: string, name = "snap") =>
    driver.establishSnapshot(system, { sourceNativeId, name, idempotencyKey: randomUUID() });
  return {
    array,
    arrays,
    driver,
    system,
    volume,
    snapshotOf,
    advance: (ms: number) => {
      at += ms;
    },
  };
}

describe("the simulated SnapVX array", () => {
  it("numbers devices in 5 hex digits and builds the WWN from the serial and the device number", async () => {
    const { volume } = aSnapVxArray();
    const device = await volume();
    expect(device.nativeId).toMatch(/^[0-9A-F]{5}$/);
    expect(symmetrixWwn("SYMMETRIX+000197900001", "0012A")).toBe("60000970000197900001533030313241");
    expect(device.wwn).toBe(symmetrixWwn("000197900001", device.nativeId));
  });

  it("counts capacity in cylinders of 15 tracks (1.875 MiB), rounded up", () => {
    expect(cylindersOf(1.875 * MiB)).toBe(1);
    expect(cylindersOf(1.875 * MiB + 1)).toBe(2);
    expect(cylindersOf(GiB)).toBe(547);
  });

  it("refuses a target with fewer cylinders than the source, with the array's text", async () => {
    const { driver, system, volume, snapshotOf } = aSnapVxArray();
    const source = await volume(GiB);
    const snapshot = await snapshotOf(source.nativeId);
    const small = await volume(512 * MiB, "small");

    const error = await arrayRefusal(
      driver.linkTarget(system, {
        snapshotNativeId: snapshot.nativeId,
        targetNativeId: small.nativeId,
        copyMode: "nocopy",
      }),
    );

    expect(error.message).toBe(
      "The number of source cylinders 547 cannot be greater than the number of target cylinders 274.",
    );
    expect(error.retryable).toBe(false);
  });

  it("accepts a target a few bytes smaller than the source when its cylinders are as many, and a bigger one", async () => {
    const { driver, system, volume, snapshotOf } = aSnapVxArray();
    const source = await volume(GiB);
    const snapshot = await snapshotOf(source.nativeId);
    for (const capacity of [GiB - 100 * 1024, 2 * GiB]) {
      const target = await volume(capacity, "t");
      const state = await driver.linkTarget(system, {
        snapshotNativeId: snapshot.nativeId,
        targetNativeId: target.nativeId,
        copyMode: "nocopy",
      });
      expect(state.state).toBe("linked");
    }
  });

  it("refuses the 257th snapshot of a source", async () => {
    const { volume, snapshotOf } = aSnapVxArray();
    const source = await volume();
    for (let i = 0; i < 256; i += 1) await snapshotOf(source.nativeId, `s${i}`);

    const error = await arrayRefusal(snapshotOf(source.nativeId, "one-too-many"));

    expect(error.message).toBe(SYMMETRIX_MESSAGES.sessionsExceeded);
    expect(error.retryable).toBe(false);
  });

  it("adds a generation when a name is reused; generation 0 is the newest, snap_ids stay", async () => {
    const { array, system, volume } = aSnapVxArray();
    const source = await volume();
    const first = await array.establish(system, {
      sourceDeviceId: source.nativeId,
      snapshotName: "daily",
      idempotencyKey: "a",
    });
    const second = await array.establish(system, {
      sourceDeviceId: source.nativeId,
      snapshotName: "daily",
      idempotencyKey: "b",
    });
    expect(first.generation).toBe(0);
    expect(second.generation).toBe(0);
    expect(second.snapId).not.toBe(first.snapId);
    const again = await array.establish(system, {
      sourceDeviceId: source.nativeId,
      snapshotName: "daily",
      idempotencyKey: "a",
    });
    expect(again).toMatchObject({ snapId: first.snapId, generation: 1 });
  });

  it("lists a source's snapshots oldest first with their generations, and the links of all of them", async () => {
    const { array, system, volume, advance } = aSnapVxArray("fast");
    const source = await volume();
    const establish = (snapshotName: string, idempotencyKey: string) =>
      array.establish(system, { sourceDeviceId: source.nativeId, snapshotName, idempotencyKey });
    const older = await establish("daily", "a");
    advance(1_000);
    const weekly = await establish("weekly", "b");
    advance(1_000);
    const newer = await establish("daily", "c");
    const [nocopy, copy] = [await volume(), await volume()];
    await array.link(system, older, { targetDeviceId: nocopy.nativeId, copy: false });
    await array.link(system, newer, { targetDeviceId: copy.nativeId, copy: true });
    advance(2_500);

    const snapshots = await array.snapshotsOf(system, source.nativeId);
    const links = await array.linksOf(system, source.nativeId);

    expect(snapshots.map((s) => [s.snapshotName, s.snapId, s.generation])).toEqual([
      ["daily", older.snapId, 1],
      ["weekly", weekly.snapId, 0],
      ["daily", newer.snapId, 0],
    ]);
    expect(links).toEqual([
      expect.objectContaining({ snapId: older.snapId, targetDeviceId: nocopy.nativeId, copy: false, state: "Linked" }),
      expect.objectContaining({ snapId: newer.snapId, targetDeviceId: copy.nativeId, copy: true, state: "CopyInProg" }),
    ]);
    expect(links[1]?.percentCopied).toBe(50);
    expect(await array.linksOf(system, copy.nativeId)).toEqual([]);
    await expect(array.snapshotsOf(system, "FFFFF")).rejects.toMatchObject({ reason: "device-not-found" });
    await expect(array.linksOf(system, "FFFFF")).rejects.toMatchObject({ reason: "device-not-found" });
  });

  it("reads a device, or null for a device it does not have", async () => {
    const { array, system, volume } = aSnapVxArray();
    const made = await volume(GiB, "db");

    expect(await array.device(system, made.nativeId)).toEqual({
      deviceId: made.nativeId,
      wwn: made.wwn,
      identifier: "db",
      capacityBytes: GiB,
      cylinders: 547,
    });
    expect(await array.device(system, "FFFFF")).toBeNull();
  });

  it("refuses to relink a linked target in the other mode: it is already a copy session target", async () => {
    const { driver, system, volume, snapshotOf } = aSnapVxArray();
    const source = await volume();
    const snapshot = await snapshotOf(source.nativeId);
    const target = await volume();
    const link = { snapshotNativeId: snapshot.nativeId, targetNativeId: target.nativeId };
    await driver.linkTarget(system, { ...link, copyMode: "nocopy" });

    const error = await arrayRefusal(driver.linkTarget(system, { ...link, copyMode: "copy" }));

    expect(error.message).toBe(SYMMETRIX_MESSAGES.alreadyCopyTarget);
  });

  it("reports a nocopy link undefined until the define pass ends, and refuses to unlink it before, unless forced", async () => {
    const { driver, system, volume, snapshotOf, advance } = aSnapVxArray("fast");
    const source = await volume();
    const snapshot = await snapshotOf(source.nativeId);
    const target = await volume();
    const link = { snapshotNativeId: snapshot.nativeId, targetNativeId: target.nativeId };

    expect(await driver.linkTarget(system, { ...link, copyMode: "nocopy" })).toEqual({
      state: "linked",
      nativeState: "Linked",
      defined: false,
      percentCopied: 0,
    });
    const error = await arrayRefusal(driver.unlinkTarget(system, link));
    expect(error.message).toBe(SYMMETRIX_MESSAGES.unlinkNeedsForce);

    advance(500);
    expect(await driver.linkStatus(system, link)).toMatchObject({ state: "linked", defined: true });
    await driver.unlinkTarget(system, link);
  });

  it("reports a copy link as CopyInProg until every track is copied, then Copied", async () => {
    const { driver, system, volume, snapshotOf, advance } = aSnapVxArray("fast");
    const source = await volume();
    const snapshot = await snapshotOf(source.nativeId);
    const target = await volume();
    const link = { snapshotNativeId: snapshot.nativeId, targetNativeId: target.nativeId };

    await driver.linkTarget(system, { ...link, copyMode: "copy" });
    advance(1_000); // a fifth of the copy: 1638 of 8192 tracks, 19.99…%
    expect(await driver.linkStatus(system, link)).toEqual({
      state: "copying",
      nativeState: "CopyInProg",
      defined: true,
      percentCopied: 19,
    });
    advance(4_000);
    expect(await driver.linkStatus(system, link)).toEqual({
      state: "copied",
      nativeState: "Copied",
      defined: true,
      percentCopied: 100,
    });
  });

  it("refuses to delete a device that is in a SnapVX session", async () => {
    const { driver, system, volume, snapshotOf } = aSnapVxArray();
    const source = await volume();
    await snapshotOf(source.nativeId);

    const error = await arrayRefusal(driver.deleteVolume(system, source.nativeId));

    expect(error.retryable).toBe(false);
  });
});

describe("the restore of a source from its linked target on SnapVX", () => {
  const TRACK = 128 * 1024;
  const filled = (value: number, length: number) => new Uint8Array(length).fill(value);

  /** A 1 GiB source that read 1s at track 0 when its snapshot was taken, and its nocopy target, written at track 5. */
  async function aWrittenTarget(profile: "instant" | "fast" = "instant") {
    const fixture = aSnapVxArray(profile);
    const { arrays, driver, system, volume, snapshotOf, advance } = fixture;
    const source = await volume(GiB, "source");
    await arrays.write(system, source.nativeId, 0, filled(1, TRACK));
    const snapshot = await snapshotOf(source.nativeId);
    await arrays.write(system, source.nativeId, 0, filled(2, TRACK));
    const target = await volume(GiB, "target");
    const ref = { snapshotNativeId: snapshot.nativeId, targetNativeId: target.nativeId };
    await driver.linkTarget(system, { ...ref, copyMode: "nocopy" });
    advance(1_000);
    await arrays.write(system, target.nativeId, 5 * TRACK, filled(7, TRACK));
    return { ...fixture, source, snapshot, target, ref };
  }

  it("links the source in copy mode to a snapshot of the target, follows the copy, then unlinks it and terminates that snapshot", async () => {
    const { array, arrays, driver, system, source, target, ref, advance } = await aWrittenTarget("fast");
    const name = restoreSnapshotName(source.nativeId);

    expect(await driver.restoreFromTarget(system, ref)).toEqual({
      state: "restoring",
      nativeState: "CopyInProg",
      percentRestored: 0,
    });

    expect((await array.snapshotsOf(system, target.nativeId)).map((s) => s.snapshotName)).toEqual([name]);
    expect(await array.linkState(system, source.nativeId)).toMatchObject({
      sourceDeviceId: target.nativeId,
      snapshotName: name,
      copy: true,
      state: "CopyInProg",
    });
    // The source reads the target's image at once, though the target is linked to the source's own snapshot.
    expect(await arrays.read(system, source.nativeId, 0, 4)).toEqual(filled(1, 4));
    expect(await arrays.read(system, source.nativeId, 5 * TRACK, 4)).toEqual(filled(7, 4));
    expect((await arrays.digest(system, source.nativeId)).sha256).toBe(
      (await arrays.digest(system, target.nativeId)).sha256,
    );
    advance(2_500);
    expect(await driver.restoreFromTargetStatus(system, ref)).toMatchObject({
      state: "restoring",
      percentRestored: 50,
    });
    advance(2_500);
    expect(await driver.restoreFromTargetStatus(system, ref)).toEqual({
      state: "restored",
      nativeState: "Copied",
      percentRestored: 100,
    });
    await driver.finishRestoreFromTarget(system, ref);

    expect(await array.linkState(system, source.nativeId)).toBeNull();
    expect(await array.snapshotsOf(system, target.nativeId)).toEqual([]);
    expect((await arrays.view(system)).links.map((l) => l.target)).toEqual([target.nativeId]);
    expect(await arrays.read(system, source.nativeId, 5 * TRACK, 4)).toEqual(filled(7, 4));
    // The source's snapshot kept its image through it all: restored onto the source, it brings back 1s and zeros.
    await driver.restoreSnapshot(system, ref.snapshotNativeId);
    advance(5_000);
    expect(await arrays.read(system, source.nativeId, 0, 4)).toEqual(filled(1, 4));
    expect(await arrays.read(system, source.nativeId, 5 * TRACK, 4)).toEqual(filled(0, 4));
  });

  it("takes again a restore snapshot an earlier try left unlinked, and ends a restore whose source an earlier try unlinked", async () => {
    const { array, arrays, driver, system, source, target, ref } = await aWrittenTarget();
    const name = restoreSnapshotName(source.nativeId);
    await array.establish(system, { sourceDeviceId: target.nativeId, snapshotName: name, idempotencyKey: "earlier" });
    await arrays.write(system, target.nativeId, 9 * TRACK, filled(3, TRACK));

    expect(await driver.restoreFromTarget(system, ref)).toMatchObject({ state: "restored" });

    expect(await arrays.read(system, source.nativeId, 9 * TRACK, 4)).toEqual(filled(3, 4));
    const [taken] = await array.snapshotsOf(system, target.nativeId);
    expect(taken).toMatchObject({ snapshotName: name, generation: 0 });
    await array.unlink(system, taken as NonNullable<typeof taken>, {
      targetDeviceId: source.nativeId,
      symforce: false,
    });
    await driver.finishRestoreFromTarget(system, ref);
    await driver.finishRestoreFromTarget(system, ref);
    expect(await array.snapshotsOf(system, target.nativeId)).toEqual([]);
    expect(await arrays.read(system, source.nativeId, 9 * TRACK, 4)).toEqual(filled(3, 4));
  });

  it("is refused, not retryable, while the source is restored from a snapshot, and leaves no snapshot of the target behind", async () => {
    const { driver, array, system, source, target, ref, advance } = await aWrittenTarget("fast");
    await driver.restoreSnapshot(system, ref.snapshotNativeId);

    const refused = await arrayRefusal(driver.restoreFromTarget(system, ref));

    expect(refused).toMatchObject({
      message: SYMMETRIX_MESSAGES.restoreSessionExists(source.nativeId),
      retryable: false,
    });
    expect(await array.snapshotsOf(system, target.nativeId)).toEqual([]);
    advance(5_000);
    await driver.finishRestore(system, ref.snapshotNativeId);
    expect((await driver.restoreFromTarget(system, ref)).state).toBe("restoring");
  });
});
