import { describe, expect, it } from "vitest";
import { InvariantViolation, ServiceError } from "../../../src/domain/shared/service-error.js";
import { newUrn } from "../../../src/domain/shared/urn.js";
import {
  BlockSnapshotSession,
  type GroupLinkTargetsContext,
  type SessionSource,
} from "../../../src/domain/snapshots/block-snapshot-session.js";
import { compareIgnoringCase, groupTargetNames } from "../../../src/domain/snapshots/group-target-names.js";
import type { SourceLinkBudget } from "../../../src/domain/snapshots/source-link-budget.js";
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

const link = (count: number, copyMode: string | null = "nocopy", targetName = "t") => ({ count, targetName, copyMode });

/** A group session of members named as given (the first given is the session's source). */
function aGroupSession(...names: string[]) {
  const members = names.map((name) => ({ name, source: aSource() }));
  const session = BlockSnapshotSession.createForGroup({
    id: newUrn("BlockSnapshotSession"),
    label: "gs",
    consistencyGroupId: newUrn("BlockConsistencyGroup"),
    members: members.map((m) => m.source),
    now: 1,
  });
  const budgets = (change: (name: string, budget: SourceLinkBudget) => SourceLinkBudget = (_, b) => b) =>
    new Map(members.map((m) => [m.source.volumeId, change(m.name, aBudget().ofSource(m.name).build())]));
  const nameOf = (volumeId: string) => members.find((m) => m.source.volumeId === volumeId)?.name;
  return { session, budgets, nameOf, sources: members.map((m) => m.source) };
}

function groupContext(budgets: ReadonlyMap<string, SourceLinkBudget>): GroupLinkTargetsContext {
  const { budget: _budget, ...rest } = linkContext(aBudget().build());
  return { ...rest, budgets };
}

describe("group target names", () => {
  it("names <target_name>-<i>-<j>, members sorted by name whatever the case, sets by <target_name>-<i>", () => {
    const members = [
      { volumeId: "b", volumeName: "vol-B" },
      { volumeId: "a", volumeName: "VOL-a" },
      { volumeId: "c", volumeName: "vol-c" },
    ];
    expect(groupTargetNames(members, 2, "t")).toEqual([
      { volumeId: "a", label: "t-1-1", snapsetLabel: "t-1" },
      { volumeId: "b", label: "t-1-2", snapsetLabel: "t-1" },
      { volumeId: "c", label: "t-1-3", snapsetLabel: "t-1" },
      { volumeId: "a", label: "t-2-1", snapsetLabel: "t-2" },
      { volumeId: "b", label: "t-2-2", snapsetLabel: "t-2" },
      { volumeId: "c", label: "t-2-3", snapsetLabel: "t-2" },
    ]);
  });

  it("names a lone member's target after its set, as a volume's link does", () => {
    expect(groupTargetNames([{ volumeId: "a", volumeName: "v" }], 2, "t").map((n) => n.label)).toEqual(["t-1", "t-2"]);
  });

  it("compares as Java's compareToIgnoreCase: case folded, then code units, shorter prefix first", () => {
    expect(compareIgnoringCase("abc", "ABD")).toBeLessThan(0);
    expect(compareIgnoringCase("ABC", "abc")).toBe(0);
    expect(compareIgnoringCase("ab", "abc")).toBeLessThan(0);
    // '_' (95) comes after 'Z' (90) but before 'z' (122), the folded form compared.
    expect(compareIgnoringCase("a_", "aZ")).toBeLessThan(0);
  });
});

describe("BlockSnapshotSession.linkMemberTargets", () => {
  it("prepares one target per member per count, on each member's source, in naming order", () => {
    const { session, budgets, nameOf } = aGroupSession("vol2", "vol1");
    const targets = session.linkMemberTargets(link(2, "copy"), groupContext(budgets()));
    expect(targets.map((t) => [t.label, t.snapsetLabel, nameOf(t.toState().sourceVolumeId)])).toEqual([
      ["t-1-1", "t-1", "vol1"],
      ["t-1-2", "t-1", "vol2"],
      ["t-2-1", "t-2", "vol1"],
      ["t-2-2", "t-2", "vol2"],
    ]);
    expect(targets.every((t) => t.sessionId === session.id && t.copyMode === "copy")).toBe(true);
  });

  it("checks the room at every member's source and refuses with the first in naming order that lacks it", () => {
    const { session, budgets } = aGroupSession("vol1", "vol2", "vol3");
    const crowded = budgets((name, b) => (name === "vol1" ? b : { ...b, linkedOrLinkingTargets: 1023 }));
    const error = refusal(() => session.linkMemberTargets(link(2), groupContext(crowded)));
    expect([error.code, error.details]).toEqual([
      1008,
      "The requested linked_targets count 2 would exceed the maximum allowed for the block snapshot sessions of source vol2. Try a value less than or equal to 1.",
    ]);
    expect(session.linkMemberTargets(link(1), groupContext(crowded))).toHaveLength(3);
  });

  it("refuses a set whose name one member's source already uses, whatever the other members", () => {
    const { session, budgets } = aGroupSession("vol1", "vol2");
    const used = budgets((name, b) => (name === "vol2" ? { ...b, labelsInUse: ["t-2"] } : b));
    const error = refusal(() => session.linkMemberTargets(link(2), groupContext(used)));
    expect(error.code).toBe(1008);
    expect(error.details).toContain("t-2");
  });

  it("keeps the order of a volume's link: count 0, room, copy mode, names, the family's copy mode", () => {
    const { session, budgets } = aGroupSession("vol1", "vol2");
    expect(refusal(() => session.linkMemberTargets(link(0, "bad"), groupContext(budgets()))).details).toBe(
      "Invalid request to link 0 new targets to a snapshot session.",
    );
    const full = budgets((_, b) => ({ ...b, linkedOrLinkingTargets: 1024, labelsInUse: ["t-1"] }));
    expect(refusal(() => session.linkMemberTargets(link(1, "bad"), groupContext(full))).details).toContain(
      "would exceed",
    );
    const named = budgets((_, b) => ({ ...b, labelsInUse: ["t-1"] }));
    expect(refusal(() => session.linkMemberTargets(link(1, "bad"), groupContext(named))).details).toContain(
      "copy_mode bad",
    );
    const noCopy = budgets((_, b) => ({ ...b, supportsCopyMode: false, family: "mock" }));
    expect(refusal(() => session.linkMemberTargets(link(1, "copy"), groupContext(noCopy))).code).toBe(1007);
  });

  it("refuses to link to an inactive group session with 2001", () => {
    const { session, budgets } = aGroupSession("vol1", "vol2");
    session.markInactive();
    expect(refusal(() => session.linkMemberTargets(link(1), groupContext(budgets()))).code).toBe(2001);
  });

  it("keeps the single-volume link and the group link apart", () => {
    const { session, sources } = aGroupSession("vol1", "vol2");
    expect(() => session.linkTargets(link(1), linkContext(aBudget().build()))).toThrow(InvariantViolation);
    const volumeSession = aSession().build();
    expect(() => volumeSession.linkMemberTargets(link(1), groupContext(new Map()))).toThrow(InvariantViolation);
    expect(session.members.map((m) => m.source)).toEqual(sources satisfies SessionSource[]);
    expect(volumeSession.members).toEqual([
      { source: volumeSession.source, arraySnapshot: volumeSession.arraySnapshot },
    ]);
  });
});
