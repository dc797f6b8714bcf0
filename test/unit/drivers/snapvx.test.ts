import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import type { StorageSystemRecord } from "../../../src/application/ports/storage-catalog.js";
import { InMemoryArrayStateStore } from "../../../src/drivers/simulation/in-memory-array-state-store.js";
import { SimulationClock } from "../../../src/drivers/simulation/simulation-clock.js";
import { cylindersOf, SimulatedSnapVxArray, symmetrixWwn } from "../../../src/drivers/snapvx/simulated-snapvx-array.js";
import { SnapVxDriver } from "../../../src/drivers/snapvx/snapvx.driver.js";
import { SYMMETRIX_MESSAGES } from "../../../src/drivers/snapvx/snapvx-array-client.js";
import { arrayRefusal } from "../../support/drivers/array-refusal.js";

const MiB = 1024 ** 2;
const GiB = 1024 ** 3;

function aSnapVxArray(profile: "instant" | "fast" = "instant") {
  let at = 0;
  const clock = new SimulationClock({ profile, now: () => at });
  const array = new SimulatedSnapVxArray(new InMemoryArrayStateStore(), clock);
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
