import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import type { BatchOutcome, ProvisionedDevice } from "../../src/application/ports/array-driver.js";
import { ArrayOperationError } from "../../src/application/ports/array-operation-error.js";
import type { LinkState } from "../../src/domain/snapshots/link-state.js";
import { type ArrayOptions, type ContractArray, type DriverContractSubject, MiB } from "./support/contract-array.js";

/**
 * The batch calls a link request makes (`provisionTargets`, `linkTargets`, `linkStatuses`): one
 * outcome per item, in order, each item's refusal its own, every item idempotent as alone.
 */
export function describeBatchCallsContract(
  subject: DriverContractSubject,
  anArray: (options?: ArrayOptions) => ContractArray,
): void {
  const refused = (outcome: BatchOutcome<unknown> | undefined) => {
    expect(outcome?.ok).toBe(false);
    expect(outcome && !outcome.ok && outcome.error).toBeInstanceOf(ArrayOperationError);
    return (outcome as { error: ArrayOperationError }).error;
  };
  const succeeded = <T>(outcome: BatchOutcome<T> | undefined): T => {
    if (!outcome?.ok) throw new Error(`expected success, got ${String(outcome?.error)}`);
    return outcome.value;
  };

  async function aSnapshot(options: ArrayOptions = {}) {
    const array = anArray(options);
    const source = await array.provisionVolume("source", 64 * MiB);
    const snapshot = await array.establish(source);
    const targetRequest = (name: string, key: string, sourceNativeId = source.nativeId) => ({
      poolNativeId: "SRP_1",
      name,
      capacityBytes: 64 * MiB,
      sourceNativeId,
      idempotencyKey: key,
    });
    const tryProvisionTargets = (count: number) =>
      array.driver.provisionTargets(
        array.system,
        Array.from({ length: count }, (_, i) => targetRequest(`tgt-${i}`, `urn:${randomUUID()}`)),
      );
    const provisionTargets = async (count: number) =>
      (await tryProvisionTargets(count)).map((outcome) => succeeded(outcome));
    return { ...array, source, snapshot, targetRequest, provisionTargets, tryProvisionTargets };
  }

  describe("batch calls", () => {
    it("provisions many targets: one per key, a key asked again the same device", async () => {
      const { driver, system, targetRequest } = await aSnapshot();
      const [one, two] = ["k1", "k2"].map((k) => `urn:${randomUUID()}:${k}`) as [string, string];
      const batch = [targetRequest("tgt-1", one), targetRequest("tgt-2", two), targetRequest("tgt-1", one)];

      const outcomes = await driver.provisionTargets(system, batch);

      const [first, second, again] = outcomes.map((outcome) => succeeded(outcome)) as ProvisionedDevice[];
      expect(first?.nativeId).not.toBe(second?.nativeId);
      expect(again).toEqual(first);
      const repeated = await driver.provisionTargets(system, batch.slice(0, 2));
      expect(repeated.map((outcome) => succeeded(outcome))).toEqual([first, second]);
    });

    it("links many targets: a repeat is success, a target asked twice is linked once, a bad one fails alone", async () => {
      const { driver, system, snapshot, provisionTargets } = await aSnapshot();
      const [t1, t2, t3] = (await provisionTargets(3)) as [ProvisionedDevice, ProvisionedDevice, ProvisionedDevice];
      const link = (target: string) => ({
        snapshotNativeId: snapshot.nativeId,
        targetNativeId: target,
        copyMode: "nocopy" as const,
      });
      await driver.linkTarget(system, link(t1.nativeId));

      const outcomes = await driver.linkTargets(system, [
        link(t1.nativeId),
        link(t2.nativeId),
        link(subject.unknownDeviceId),
        link(t3.nativeId),
        link(t2.nativeId),
      ]);

      const linked = (outcome: BatchOutcome<LinkState> | undefined) => expect(succeeded(outcome).state).toBe("linked");
      for (const index of [0, 1, 3, 4]) linked(outcomes[index]);
      expect(refused(outcomes[2]).retryable).toBe(false);
      const refs = [t1, t2, t3].map((target) => link(target.nativeId));
      const statuses = await driver.linkStatuses(system, [...refs, link(subject.unknownDeviceId)]);
      for (const index of [0, 1, 2]) linked(statuses[index]);
      refused(statuses[3]);
    });

    const { limit, settings } = subject.linkLimit;
    it.runIf(limit <= 16)(
      `links a batch up to the source's limit (${limit}) in the order asked, refusing the rest alone`,
      async () => {
        const { driver, system, source, snapshot, tryProvisionTargets } = await aSnapshot({ settings });
        // VNX counts mount points, so its limit may refuse the provisioning already.
        const provisioned = await tryProvisionTargets(limit + 2);
        const targets = provisioned.flatMap((outcome) => (outcome.ok ? [outcome.value] : []));

        const linked = await driver.linkTargets(
          system,
          targets.map((target) => ({
            snapshotNativeId: snapshot.nativeId,
            targetNativeId: target.nativeId,
            copyMode: "nocopy" as const,
          })),
        );

        const outcomes = [...linked, ...provisioned.filter((outcome) => !outcome.ok)];
        expect(outcomes).toHaveLength(limit + 2);
        expect(outcomes.slice(0, limit).every((outcome) => outcome.ok)).toBe(true);
        for (const outcome of outcomes.slice(limit)) {
          expect(refused(outcome).message).toBe(subject.limitMessage(source.nativeId, limit));
        }
      },
    );
  });
}
