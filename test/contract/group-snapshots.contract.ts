import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import type { ProvisionedDevice } from "../../src/application/ports/array-driver.js";
import { arrayRefusal } from "../support/drivers/array-refusal.js";
import {
  type ArrayOptions,
  type ContractArray,
  type DriverContractSubject,
  filled,
  MiB,
  TRACK,
} from "./support/contract-array.js";

const SIZE = 8 * MiB;

/**
 * Snapshots of several devices at one instant (`establishSnapshotsAtOneInstant`), held against
 * every family: one that declares it takes every member's snapshot at the same point, with none of
 * what is written afterwards, all or nothing and once per key; one that does not refuses.
 */
export function describeGroupSnapshotContract(
  subject: DriverContractSubject,
  anArray: (options?: ArrayOptions) => ContractArray,
): void {
  async function twoMembers() {
    const array = anArray();
    const members = [await array.provisionVolume("member a", SIZE), await array.provisionVolume("member b", SIZE)];
    const requests = (devices: readonly ProvisionedDevice[], sessionId = randomUUID()) =>
      devices.map((device) => ({
        sourceNativeId: device.nativeId,
        name: "group1",
        idempotencyKey: `urn:storageos:BlockSnapshotSession:${sessionId}:vdc1:${device.nativeId}`,
      }));
    const declares = array.driver.capabilities(array.system).establishesSnapshotsAtOneInstant;
    return { ...array, members, requests, declares };
  }

  describe("snapshots at one instant", () => {
    it("takes every member's snapshot at one point: the targets read what was written before, none of what came after", async (context) => {
      const { driver, system, members, requests, declares, write, read, view, provisionTarget } = await twoMembers();
      if (!declares) context.skip();
      for (const [index, member] of members.entries()) await write(member, 0, filled(0xa0 + index, TRACK));

      const snapshots = await driver.establishSnapshotsAtOneInstant(system, requests(members));
      for (const [index, member] of members.entries()) await write(member, 0, filled(0xb0 + index, TRACK));

      expect(snapshots).toHaveLength(2);
      const taken = (await view()).snapshots;
      expect(taken.map((s) => s.source).sort()).toEqual(members.map((m) => m.nativeId).sort());
      expect(new Set(taken.map((s) => s.createdAt)).size).toBe(1);
      for (const [index, member] of members.entries()) {
        const snapshot = snapshots[index];
        if (!snapshot) throw new Error("no snapshot answered for the member");
        const target = await provisionTarget(member, `tgt-${index}`, undefined, SIZE);
        await driver.linkTarget(system, {
          snapshotNativeId: snapshot.nativeId,
          targetNativeId: target.nativeId,
          copyMode: "nocopy",
        });
        expect(await read(target, 0, TRACK)).toEqual(filled(0xa0 + index, TRACK));
        expect(await read(member, 0, TRACK)).toEqual(filled(0xb0 + index, TRACK));
      }
    });

    it("finds the snapshots again when asked again with the same keys, and takes none when one member is refused", async (context) => {
      const { driver, system, members, requests, declares, view } = await twoMembers();
      if (!declares) context.skip();
      const sessionId = randomUUID();
      const first = await driver.establishSnapshotsAtOneInstant(system, requests(members, sessionId));
      const again = await driver.establishSnapshotsAtOneInstant(system, requests(members, sessionId));
      expect(again).toEqual(first);
      expect((await view()).snapshots).toHaveLength(2);

      const missing = { nativeId: subject.unknownDeviceId, wwn: "", deviceLabel: "" };
      const refusal = await arrayRefusal(
        driver.establishSnapshotsAtOneInstant(system, requests([...members, missing])),
      );
      expect(refusal.retryable).toBe(false);
      expect((await view()).snapshots).toHaveLength(2);
    });

    it("meets `establish-group` faults before it takes any snapshot", async (context) => {
      const { driver, system, members, requests, declares, view } = await twoMembers();
      if (!declares) context.skip();
      const message = "Injected: the group snapshot failed";
      await driver.faults.inject(system.nativeId, { operation: "establish-group", count: 1, message, retryable: true });

      expect(await arrayRefusal(driver.establishSnapshotsAtOneInstant(system, requests(members)))).toMatchObject({
        message,
        retryable: true,
      });
      expect((await view()).snapshots).toEqual([]);
    });

    it("is refused, not retryable, by a family that does not declare it, and takes no snapshot", async (context) => {
      const { driver, system, members, requests, declares, view } = await twoMembers();
      if (declares) context.skip();
      expect((await arrayRefusal(driver.establishSnapshotsAtOneInstant(system, requests(members)))).retryable).toBe(
        false,
      );
      expect((await view()).snapshots).toEqual([]);
    });
  });
}
