import { describe, expect, it } from "vitest";
import { ServiceError } from "../../../src/domain/shared/service-error.js";
import { aBudget, aSession, aSource, linkContext } from "../../support/builders/session.builder.js";

function refusal(action: () => unknown): ServiceError {
  try {
    action();
  } catch (error) {
    if (error instanceof ServiceError) return error;
    throw error;
  }
  throw new Error("expected the session to refuse");
}

const link = (count: number, copyMode: string | null = "nocopy", targetName = "tgt") => ({
  count,
  targetName,
  copyMode,
});

describe("BlockSnapshotSession.linkTargets", () => {
  it("prepares one target per count, named <target_name>-<i> even when count is 1", () => {
    const targets = aSession().build().linkTargets(link(1), linkContext(aBudget().build()));
    expect(targets.map((t) => t.toState().label)).toEqual(["tgt-1"]);
    const three = aSession().build().linkTargets(link(3, "copy"), linkContext(aBudget().build()));
    expect(three.map((t) => t.toState().label)).toEqual(["tgt-1", "tgt-2", "tgt-3"]);
    expect(three.every((t) => t.toState().replicaState === "PREPARED" && t.toState().copyMode === "copy")).toBe(true);
  });

  it("accepts a link that fills the source exactly to its 1024 targets (1023 + 1)", () => {
    const targets = aSession()
      .build()
      .linkTargets(link(1), linkContext(aBudget().withLinkedTargets(1023).build()));
    expect(targets).toHaveLength(1);
  });

  it("refuses a link that would exceed the source's 1024 targets (1024 + 1), naming what is free", () => {
    const error = refusal(() =>
      aSession()
        .build()
        .linkTargets(link(1), linkContext(aBudget().ofSource("vol1").withLinkedTargets(1024).build())),
    );
    expect(error.code).toBe(1008);
    expect(error.details).toBe(
      "The requested linked_targets count 1 would exceed the maximum allowed for the block snapshot sessions of source vol1. Try a value less than or equal to 0.",
    );
  });

  it("counts targets of every active session of the source against one limit", () => {
    const source = aSource();
    const first = aSession().of(source).named("s1").build();
    const second = aSession().of(source).named("s2").build();
    const linkedToFirst = first.linkTargets(link(600), linkContext(aBudget().build()));
    const budgetAfterFirst = aBudget().withLinkedTargets(linkedToFirst.length).build();
    expect(second.linkTargets(link(424, "nocopy", "b"), linkContext(budgetAfterFirst))).toHaveLength(424);
    const error = refusal(() => second.linkTargets(link(425, "nocopy", "b"), linkContext(budgetAfterFirst)));
    expect(error.details).toContain("Try a value less than or equal to 424.");
  });

  it("prints counts of 1000 and more with grouping separators, as the real controller does", () => {
    const error = refusal(() => aSession().build().linkTargets(link(1025), linkContext(aBudget().build())));
    expect(error.details).toContain("The requested linked_targets count 1,025 would exceed");
    expect(error.details).toContain("less than or equal to 1,024.");
  });

  it("refuses to link to an inactive session with 2001 before looking at the count", () => {
    const session = aSession().deactivated().build();
    const error = refusal(() => session.linkTargets(link(0), linkContext(aBudget().build())));
    expect(error.code).toBe(2001);
    expect(error.details).toBe(
      `Entity specified in URL with the given id ${session.id} is inactive and marked for deletion`,
    );
  });

  it("refuses a count of 0 with the real controller's message", () => {
    const error = refusal(() => aSession().build().linkTargets(link(0), linkContext(aBudget().build())));
    expect([error.code, error.details]).toEqual([1008, "Invalid request to link 0 new targets to a snapshot session."]);
  });

  it("accepts a negative count as asking for no targets, as the real controller does, the copy mode still checked", () => {
    const full = aBudget().withLinkedTargets(1024).build();
    expect(aSession().build().linkTargets(link(-3), linkContext(full))).toEqual([]);
    expect(refusal(() => aSession().build().linkTargets(link(-3, "bogus"), linkContext(full))).code).toBe(1008);
  });

  it("accepts a count of 0 with the session's creation, which then asks for no targets", () => {
    const atCreation = { ...linkContext(aBudget().build()), withSessionCreation: true };
    expect(aSession().build().linkTargets(link(0), atCreation)).toEqual([]);
  });

  it("names a copy mode that was not given as null, as the real controller does at a session's creation", () => {
    const atCreation = { ...linkContext(aBudget().build()), withSessionCreation: true };
    const error = refusal(() => aSession().build().linkTargets(link(1, null), atCreation));
    expect([error.code, error.details]).toEqual([
      1008,
      'The copy_mode null is not a valid value. The value must be either "copy" or "nocopy".',
    ]);
  });

  it("checks the limit before the copy mode, and the copy mode before the names", () => {
    const full = aBudget().withLinkedTargets(1024).build();
    expect(refusal(() => aSession().build().linkTargets(link(1, "bogus"), linkContext(full))).details).toContain(
      "would exceed",
    );
    const error = refusal(() =>
      aSession()
        .build()
        .linkTargets(link(1, "COPY", "x".repeat(70)), linkContext(aBudget().build())),
    );
    expect(error.details).toBe('The copy_mode COPY is not a valid value. The value must be either "copy" or "nocopy".');
  });

  it("refuses target names longer than 63 characters", () => {
    const name = "t".repeat(62);
    const error = refusal(() =>
      aSession()
        .build()
        .linkTargets(link(1, "nocopy", name), linkContext(aBudget().build())),
    );
    expect(error.details).toBe(`Invalid value ${name}-1 for parameter snapshotName, maximum length is 63`);
    expect(
      aSession()
        .build()
        .linkTargets(link(9, "nocopy", "t".repeat(61)), linkContext(aBudget().build())),
    ).toHaveLength(9);
  });

  it("checks each name in turn, its length then its use: a name in use is found before a later one is too long", () => {
    const budget = aBudget().withLabelsInUse("x-1").build();
    const error = refusal(() =>
      aSession()
        .build()
        .linkTargets(link(10, "nocopy", "x".repeat(61)), linkContext(budget)),
    );
    expect(error.details).toBe(`Invalid value ${"x".repeat(61)}-10 for parameter snapshotName, maximum length is 63`);
    const inUse = aBudget()
      .withLabelsInUse(`${"x".repeat(61)}-1`)
      .build();
    expect(
      refusal(() =>
        aSession()
          .build()
          .linkTargets(link(10, "nocopy", "x".repeat(61)), linkContext(inUse)),
      ).details,
    ).toBe(`A component/resource with the label ${"x".repeat(61)}-1 already exists.`);
  });

  it("refuses a name equal to a label in use once whitespace and special characters are removed", () => {
    const budget = aBudget().withLabelsInUse("my tgt-2").build();
    const error = refusal(() =>
      aSession()
        .build()
        .linkTargets(link(3, "nocopy", "my.tgt"), linkContext(budget)),
    );
    expect(error.details).toBe("A component/resource with the label my.tgt-2 already exists.");
  });

  it("refuses copy mode on a family configured without it with 405/1007", () => {
    const budget = aBudget().withoutCopyMode("mock").build();
    const error = refusal(() => aSession().build().linkTargets(link(1, "copy"), linkContext(budget)));
    expect([error.code, error.details]).toEqual([1007, "Operation not supported for mock."]);
    expect(aSession().build().linkTargets(link(1, "nocopy"), linkContext(budget))).toHaveLength(1);
  });
});
