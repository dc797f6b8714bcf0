import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { ArrayOperationError } from "../../../src/application/ports/array-operation-error.js";
import type { StorageSystemRecord } from "../../../src/application/ports/storage-catalog.js";
import { InMemoryArrayStateStore } from "../../../src/drivers/simulation/in-memory-array-state-store.js";
import { InvalidArraySetting } from "../../../src/drivers/simulation/settings.js";
import { SimulationClock } from "../../../src/drivers/simulation/simulation-clock.js";
import { SimulatedVnxArray } from "../../../src/drivers/vnx/simulated-vnx-array.js";
import { VnxDriver } from "../../../src/drivers/vnx/vnx.driver.js";
import { VNX_MESSAGES, VnxError } from "../../../src/drivers/vnx/vnx-array-client.js";

const GiB = 1024 ** 3;

function aVnxArray(options: { profile?: "instant" | "fast"; settings?: Record<string, unknown> } = {}) {
  let at = 0;
  const clock = new SimulationClock({ profile: options.profile ?? "instant", now: () => at });
  const array = new SimulatedVnxArray(new InMemoryArrayStateStore(), clock);
  const driver = new VnxDriver(array);
  const system: StorageSystemRecord = {
    id: "urn:storageos:StorageSystem:2:vdc1",
    name: "vnx",
    systemType: "vnxblock",
    nativeId: "APM00123456789",
    settings: options.settings ?? {},
  };
  const lun = (name = "lun") =>
    driver.provisionVolume(system, { poolNativeId: "Pool 0", name, capacityBytes: GiB, idempotencyKey: randomUUID() });
  const smp = (sourceNativeId: string, name = "tgt-1") =>
    driver.provisionTarget(system, {
      poolNativeId: "Pool 0",
      name,
      capacityBytes: GiB,
      sourceNativeId,
      idempotencyKey: randomUUID(),
    });
  const snapshotOf = (sourceNativeId: string, name = "snap") =>
    driver.establishSnapshot(system, { sourceNativeId, name, idempotencyKey: randomUUID() });
  return {
    array,
    driver,
    system,
    lun,
    smp,
    snapshotOf,
    advance: (ms: number) => {
      at += ms;
    },
  };
}

async function vnxRefusal(promise: Promise<unknown>): Promise<VnxError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(VnxError);
  return error as VnxError;
}

describe("the simulated VNX array", () => {
  it("provisions a target as a snapshot mount point of the source LUN", async () => {
    const { array, system, lun, smp } = aVnxArray();
    const source = await lun();
    const target = await smp(source.nativeId);

    expect(await array.getLun(system, target.nativeId)).toMatchObject({
      type: "snap",
      primaryLunId: source.nativeId,
      attachedSnapshotId: null,
      state: "Ready",
    });
  });

  it("links nocopy by attaching the snapshot to the SMP: Attached, linked at once", async () => {
    const { driver, system, lun, smp, snapshotOf } = aVnxArray({ profile: "fast" });
    const source = await lun();
    const snapshot = await snapshotOf(source.nativeId);
    const target = await smp(source.nativeId);

    expect(
      await driver.linkTarget(system, {
        snapshotNativeId: snapshot.nativeId,
        targetNativeId: target.nativeId,
        copyMode: "nocopy",
      }),
    ).toEqual({ state: "linked", nativeState: "Attached", defined: true, percentCopied: 0 });
  });

  it("links copy by migrating the SMP to a new LUN; when MIGRATED the target keeps its id and WWN as a normal LUN", async () => {
    const { array, driver, system, lun, smp, snapshotOf, advance } = aVnxArray({ profile: "fast" });
    const source = await lun();
    const snapshot = await snapshotOf(source.nativeId);
    const target = await smp(source.nativeId);
    const link = { snapshotNativeId: snapshot.nativeId, targetNativeId: target.nativeId };

    expect(await driver.linkTarget(system, { ...link, copyMode: "copy" })).toMatchObject({
      state: "copying",
      nativeState: "MIGRATING",
    });
    advance(2_500);
    expect(await array.migration(system, target.nativeId)).toMatchObject({
      state: "MIGRATING",
      percentComplete: 50,
      timeRemainingSeconds: 3,
    });
    advance(2_500);
    expect(await driver.linkStatus(system, link)).toEqual({
      state: "copied",
      nativeState: "MIGRATED",
      defined: true,
      percentCopied: 100,
    });
    expect(await array.migration(system, target.nativeId)).toBeNull();
    expect(await array.getLun(system, target.nativeId)).toMatchObject({
      lunId: target.nativeId,
      wwn: target.wwn,
      name: target.deviceLabel,
      type: "normal",
      attachedSnapshotId: null,
    });
    // The link is complete: repeating it and unlinking are success, the snapshot can go.
    expect((await driver.linkTarget(system, { ...link, copyMode: "copy" })).state).toBe("copied");
    await driver.unlinkTarget(system, link);
    await driver.terminateSnapshot(system, snapshot.nativeId);
  });

  it("migrates at the storage system's migrationRate", async () => {
    const progressAfterOneSecond = async (migrationRate: string) => {
      const { driver, system, lun, smp, snapshotOf, advance } = aVnxArray({
        profile: "fast",
        settings: { migrationRate },
      });
      const source = await lun();
      const snapshot = await snapshotOf(source.nativeId);
      const target = await smp(source.nativeId);
      const link = { snapshotNativeId: snapshot.nativeId, targetNativeId: target.nativeId };
      await driver.linkTarget(system, { ...link, copyMode: "copy" });
      advance(1_000);
      return (await driver.linkStatus(system, link)).percentCopied;
    };
    const low = await progressAfterOneSecond("low");
    const high = await progressAfterOneSecond("high");
    const asap = await progressAfterOneSecond("asap");
    expect(low).toBeLessThan(high);
    expect(high).toBeLessThan(asap);
  });

  it("frees the SMP's place on the source once its migration ended", async () => {
    const { driver, system, lun, smp, snapshotOf } = aVnxArray({ settings: { maxSnapshotMountPointsPerSource: 1 } });
    const source = await lun();
    const snapshot = await snapshotOf(source.nativeId);
    const first = await smp(source.nativeId, "tgt-1");
    await expect(smp(source.nativeId, "tgt-2")).rejects.toThrow(VNX_MESSAGES.smpLimit(source.nativeId, 1));

    await driver.linkTarget(system, {
      snapshotNativeId: snapshot.nativeId,
      targetNativeId: first.nativeId,
      copyMode: "copy",
    });

    expect((await smp(source.nativeId, "tgt-2")).nativeId).not.toBe(first.nativeId);
  });

  it("answers with the array's texts", async () => {
    const { array, system, lun, smp, snapshotOf } = aVnxArray({ profile: "fast" });
    const source = await lun();
    const other = await lun("other");
    const snapshot = await snapshotOf(source.nativeId);
    const target = await smp(source.nativeId);
    const attach = (smpId: string) => array.attachSnapshot(system, { smpId, snapshotId: snapshot.nativeId });

    expect((await vnxRefusal(attach(other.nativeId))).message).toBe("Cannot attach the snapshot. Invalid LUN type.");
    expect((await vnxRefusal(array.detachSnapshot(system, target.nativeId))).message).toBe(
      "Snapshot mount point is not currently attached.",
    );
    await attach(target.nativeId);
    expect((await vnxRefusal(attach(target.nativeId))).message).toBe("0x716d8055");
    expect((await vnxRefusal(array.destroySnapshot(system, snapshot.nativeId))).message).toBe("0x716d8003");
    expect((await vnxRefusal(array.destroyLun(system, source.nativeId))).message).toBe("0x716d801a");

    const destination = await array.createLun(system, {
      poolId: "Pool 0",
      name: "dest",
      capacityBytes: GiB / 2,
      idempotencyKey: "dest",
    });
    expect(
      (
        await vnxRefusal(
          array.startMigration(system, {
            sourceLunId: target.nativeId,
            destinationLunId: destination.lunId,
            rate: "high",
          }),
        )
      ).message,
    ).toBe("The destination LUN is not available for migration");
    const big = await array.createLun(system, {
      poolId: "Pool 0",
      name: "big",
      capacityBytes: GiB,
      idempotencyKey: "big",
    });
    await array.startMigration(system, { sourceLunId: target.nativeId, destinationLunId: big.lunId, rate: "high" });
    const unbind = "Cannot unbind LUN because it's being used by a feature of the Storage System";
    expect((await vnxRefusal(array.destroyLun(system, target.nativeId))).message).toBe(unbind);
    expect((await vnxRefusal(array.destroyLun(system, big.lunId))).message).toBe(unbind);

    const lonely = await lun("lonely");
    await snapshotOf(lonely.nativeId);
    expect((await vnxRefusal(array.destroyLun(system, lonely.nativeId))).message).toBe(
      "The LUN cannot be destroyed because it still has snapshots",
    );
  });

  it("takes snapshot sessions unless its snapshotSessions setting is refused, as CoprHD 3.6 has VNX", () => {
    const takes = (settings: Record<string, unknown>) =>
      aVnxArray({ settings }).driver.capabilities(aVnxArray({ settings }).system).snapshotSessionsRefusedFor;
    expect(takes({})).toBeNull();
    expect(takes({ snapshotSessions: "supported" })).toBeNull();
    expect(takes({ snapshotSessions: "refused" })).toBe("VNX");
    expect(() => takes({ snapshotSessions: "sometimes" })).toThrow(InvalidArraySetting);
  });

  it("refuses a bad setting as a non-retryable error that names the key", async () => {
    const { driver, system, lun } = aVnxArray({ settings: { maxSnapshotMountPointsPerSource: 0 } });
    const source = await lun();

    const error = await driver
      .provisionTarget(system, {
        poolNativeId: "Pool 0",
        name: "tgt-1",
        capacityBytes: GiB,
        sourceNativeId: source.nativeId,
        idempotencyKey: "t",
      })
      .catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ArrayOperationError);
    expect((error as ArrayOperationError).message).toContain("maxSnapshotMountPointsPerSource");
    expect((error as ArrayOperationError).retryable).toBe(false);
    expect(() => driver.capabilities(system)).toThrow(InvalidArraySetting);
  });
});
