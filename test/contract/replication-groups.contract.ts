import { describe, expect, it } from "vitest";
import { arrayRefusal } from "../support/drivers/array-refusal.js";
import type { ArrayOptions, ContractArray, DriverContractSubject } from "./support/contract-array.js";

const SIZE = 8 * 1024 * 1024;

/**
 * Replication groups (`addToReplicationGroup`), held against every family: one that takes group
 * snapshots keeps each device in one group, once, until the device is deleted; one that does
 * not refuses.
 */
export function describeReplicationGroupContract(
  subject: DriverContractSubject,
  anArray: (options?: ArrayOptions) => ContractArray,
): void {
  async function threeDevices() {
    const array = anArray();
    const devices = [
      await array.provisionVolume("member a", SIZE),
      await array.provisionVolume("member b", SIZE),
      await array.provisionVolume("member c", SIZE),
    ];
    const declares = array.driver.capabilities(array.system).establishesSnapshotsAtOneInstant;
    const groups = async () =>
      (await array.view()).replicationGroups.map((g) => ({ name: g.name, members: [...g.members].sort() }));
    return { ...array, devices: devices.map((d) => d.nativeId), declares, groups };
  }

  describe("replication groups", () => {
    it("makes the group when absent and keeps each device in it once, however often it is added", async (context) => {
      const { driver, system, devices, declares, groups } = await threeDevices();
      if (!declares) context.skip();
      const [a, b, c] = devices as [string, string, string];
      await driver.addToReplicationGroup(system, "cg1", [a, b]);
      await driver.addToReplicationGroup(system, "cg1", [a, b]);
      await driver.addToReplicationGroup(system, "cg1", [b, c]);
      expect(await groups()).toEqual([{ name: "cg1", members: [a, b, c].sort() }]);
    });

    it("loses a member that is deleted; the group stays with the others", async (context) => {
      const { driver, system, devices, declares, groups } = await threeDevices();
      if (!declares) context.skip();
      const [a, b] = devices as [string, string, string];
      await driver.addToReplicationGroup(system, "cg1", [a, b]);
      await driver.deleteVolume(system, b);
      expect(await groups()).toEqual([{ name: "cg1", members: [a] }]);
    });

    it("refuses, not retryable and adding none, a device of another group or one the array lacks", async (context) => {
      const { driver, system, devices, declares, groups } = await threeDevices();
      if (!declares) context.skip();
      const [a, b, c] = devices as [string, string, string];
      await driver.addToReplicationGroup(system, "cg1", [a]);
      expect((await arrayRefusal(driver.addToReplicationGroup(system, "cg2", [c, a]))).retryable).toBe(false);
      expect(
        (await arrayRefusal(driver.addToReplicationGroup(system, "cg1", [b, subject.unknownDeviceId]))).retryable,
      ).toBe(false);
      expect(await groups()).toEqual([{ name: "cg1", members: [a] }]);
    });

    it("is refused, not retryable, by a family that takes no group snapshots", async (context) => {
      const { driver, system, devices, declares, groups } = await threeDevices();
      if (declares) context.skip();
      expect((await arrayRefusal(driver.addToReplicationGroup(system, "cg1", devices))).retryable).toBe(false);
      expect(await groups()).toEqual([]);
    });
  });
}
