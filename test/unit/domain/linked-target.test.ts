import { describe, expect, it } from "vitest";
import { aBudget, aSession, linkContext } from "../../support/builders/session.builder.js";

const prepared = () =>
  aSession().build().linkTargets({ count: 1, targetName: "t", copyMode: "copy" }, linkContext(aBudget().build()))[0]!;
const device = { nativeId: "0012A", wwn: "6000", deviceLabel: "t-1" };
const copied = { state: "copied", nativeState: "Copied", defined: true, percentCopied: 100 } as const;

describe("LinkedTarget", () => {
  it("is PREPARED and unsettled until its link completes, then SYNCHRONIZED", () => {
    const target = prepared();
    expect([target.toState().replicaState, target.isLinked, target.isSettled]).toEqual(["PREPARED", false, false]);
    target.recordProvisioned(device);
    target.markLinked(copied);
    expect([target.toState().replicaState, target.isLinked, target.isSettled]).toEqual(["SYNCHRONIZED", true, true]);
  });

  it("cannot be marked linked without a device", () => {
    expect(() => prepared().markLinked(copied)).toThrow(/without a device/);
  });

  it("keeps its record, inactive, when rolled back, and cannot be rolled back once linked", () => {
    const failed = prepared();
    failed.recordFailure({ code: 16001, description: "d", details: "x", retryable: false });
    failed.markRolledBack();
    expect([failed.toState().inactive, failed.isSettled, failed.toState().linkState.state]).toEqual([
      true,
      true,
      "failed",
    ]);

    const linked = prepared();
    linked.recordProvisioned(device);
    linked.markLinked(copied);
    expect(() => linked.markRolledBack()).toThrow(/once linked/);
  });
});
