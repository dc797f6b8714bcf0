import { describe, expect, it } from "vitest";
import { ServiceError } from "../../../src/domain/shared/service-error.js";
import { newUrn } from "../../../src/domain/shared/urn.js";
import type { BlockSnapshotSession } from "../../../src/domain/snapshots/block-snapshot-session.js";
import type { LinkedTarget } from "../../../src/domain/snapshots/linked-target.js";
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

const device = (n: number) => ({ nativeId: `0010${n}`, wwn: `6000${n}`, deviceLabel: `t-${n}` });
const LINKED = { state: "linked", nativeState: "Linked", defined: true, percentCopied: 0 } as const;
const COPYING = { state: "copying", nativeState: "CopyInProg", defined: true, percentCopied: 40 } as const;

/** `count` targets of the session; linked unless `linked` is false. */
function targetsOf(
  session: BlockSnapshotSession,
  count: number,
  options: { copyMode?: string; linked?: boolean } = {},
) {
  const targets = session.linkTargets(
    { count, targetName: `t${Math.random().toString(36).slice(2, 6)}`, copyMode: options.copyMode ?? "nocopy" },
    // Requests name targets by URN: real ones, not the builder's numbered ids.
    { ...linkContext(aBudget().build()), newTargetId: () => newUrn("BlockSnapshot") },
  );
  targets.forEach((target, i) => {
    target.recordProvisioned(device(i));
    if (options.linked !== false) target.markLinked(LINKED);
  });
  return targets;
}

const lookup = (targets: readonly LinkedTarget[]) => (id: string) => targets.find((t) => t.id === id) ?? null;

describe("BlockSnapshotSession.unlinkTargets", () => {
  it("decides to unlink each named linked target once, the last delete_target given winning", () => {
    const session = aSession().build();
    const [a, b] = targetsOf(session, 2) as [LinkedTarget, LinkedTarget];
    const decisions = session.unlinkTargets(
      [
        { id: a.id, deleteTarget: true },
        { id: b.id, deleteTarget: false },
        { id: a.id, deleteTarget: false },
      ],
      { linkedTargetIds: [a.id, b.id], findTarget: lookup([a, b]) },
    );
    expect(decisions.map((d) => [d.target.id, d.deleteTarget]).sort()).toEqual(
      [
        [a.id, false],
        [b.id, false],
      ].sort(),
    );
  });

  it("checks the targets in the order of the real controller's Java HashMap, not the request's", () => {
    const session = aSession().build();
    const [linked] = targetsOf(session, 1) as [LinkedTarget];
    // A JDK 17 HashMap<URI, Boolean> lists the second before the first.
    const first = "urn:storageos:BlockSnapshot:00000000-1b2c-4d5e-8f90-000000000000:vdc1";
    const second = "urn:storageos:BlockSnapshot:6a09e704-1b2c-4d5e-8f90-0000000003ca:vdc1";
    const error = refusal(() =>
      session.unlinkTargets(
        [
          { id: first, deleteTarget: false },
          { id: second, deleteTarget: false },
        ],
        { linkedTargetIds: [linked.id], findTarget: lookup([linked]) },
      ),
    );
    expect(error.details).toBe(`Unable to find entity with the given id ${second}`);
  });

  it("refuses an inactive session with 404/2001 before anything else", () => {
    const session = aSession().deactivated().build();
    const error = refusal(() =>
      session.unlinkTargets([{ id: "x", deleteTarget: false }], { linkedTargetIds: [], findTarget: () => null }),
    );
    expect(error.code).toBe(2001);
  });

  it("refuses a session without linked targets with 400/1013 naming it", () => {
    const session = aSession().build();
    const error = refusal(() =>
      session.unlinkTargets([{ id: newUrn("BlockSnapshot"), deleteTarget: false }], {
        linkedTargetIds: [],
        findTarget: () => null,
      }),
    );
    expect([error.code, error.details]).toEqual([
      1013,
      `Snapshot session ${session.id} does not have any linked targets.`,
    ]);
  });

  it("checks each target in order: not a URN 1002, unknown 1004, inactive 1006, not linked to this session 1013", () => {
    const session = aSession().build();
    const [linked] = targetsOf(session, 1) as [LinkedTarget];
    const [stillLinking] = targetsOf(session, 1, { linked: false }) as [LinkedTarget];
    const [gone] = targetsOf(session, 1, { linked: false }) as [LinkedTarget];
    gone.recordFailure({ code: 12000, description: "d", details: "x", retryable: false });
    gone.markRolledBack();
    const context = { linkedTargetIds: [linked.id], findTarget: lookup([linked, stillLinking, gone]) };
    const unlink = (id: string) => refusal(() => session.unlinkTargets([{ id, deleteTarget: false }], context));

    expect([unlink("bogus").code, unlink("bogus").details]).toEqual([1002, "Parameter bogus is not a valid URI"]);
    const unknown = newUrn("BlockSnapshot");
    expect([unlink(unknown).code, unlink(unknown).details]).toEqual([
      1004,
      `Unable to find entity with the given id ${unknown}`,
    ]);
    const volume = newUrn("Volume");
    expect(unlink(volume).code).toBe(1004);
    expect([unlink(gone.id).code, unlink(gone.id).details]).toEqual([
      1006,
      `Entity with the given id ${gone.id} is inactive and marked for deletion`,
    ]);
    expect([unlink(stillLinking.id).code, unlink(stillLinking.id).details]).toEqual([
      1013,
      `Target ${stillLinking.id} is not linked to snapshot session ${session.id}.`,
    ]);
  });
});

describe("BlockSnapshotSession.relinkTargets", () => {
  it("accepts targets linked to active sessions of its own source, itself included", () => {
    const source = aSource();
    const first = aSession().of(source).named("s1").build();
    const second = aSession().of(source).named("s2").build();
    const [a] = targetsOf(first, 1) as [LinkedTarget];
    const [b] = targetsOf(second, 1) as [LinkedTarget];
    const sessions = new Map([first, second].map((s) => [s.id, s]));
    const relinked = second.relinkTargets([a.id, b.id, a.id], {
      findTarget: lookup([a, b]),
      findSession: (id) => sessions.get(id) ?? null,
    });
    expect(relinked.map((t) => t.id)).toEqual([a.id, b.id]);
  });

  it("refuses a target not linked to an active session, targets of two sources, and another source than its own", () => {
    const source = aSource();
    const destination = aSession().of(source).named("dst").build();
    const ended = aSession().of(source).named("ended").build();
    const elsewhere = aSession().of(aSource()).named("other").build();
    const otherToo = aSession().of(elsewhere.source).named("other2").build();
    const [onEnded] = targetsOf(ended, 1) as [LinkedTarget];
    ended.markInactive();
    const [linking] = targetsOf(destination, 1, { linked: false }) as [LinkedTarget];
    const [mine] = targetsOf(destination, 1) as [LinkedTarget];
    const [foreign] = targetsOf(elsewhere, 1) as [LinkedTarget];
    const [foreign2] = targetsOf(otherToo, 1) as [LinkedTarget];
    const sessions = new Map([destination, ended, elsewhere, otherToo].map((s) => [s.id, s]));
    const context = {
      findTarget: lookup([onEnded, linking, mine, foreign, foreign2]),
      findSession: (id: string) => sessions.get(id) ?? null,
    };
    const relink = (...ids: string[]) => refusal(() => destination.relinkTargets(ids, context));

    for (const id of [onEnded.id, linking.id]) {
      expect([relink(id).code, relink(id).details]).toEqual([
        1013,
        `The requested target ${id} cannot be re-linked as it is not currently linked to an active snapshot session.`,
      ]);
    }
    expect(relink(mine.id, foreign.id).details).toBe(
      "All requested targets must be linked to active snapshot sessions of the same source.",
    );
    expect(relink(foreign.id, foreign2.id).details).toBe(
      `The target snapshot session must have the same source, ${elsewhere.source.volumeId}, as the snapshot sessions to which the targets are currently linked.`,
    );
    expect(relink("nope").code).toBe(1002);
    expect(relink(newUrn("BlockSnapshot")).code).toBe(1004);
  });
});

describe("BlockSnapshotSession.restore and deactivate", () => {
  const quiet = { pendingTaskOn: null, activeTargets: [] };

  it("refuses both on an inactive session (2001), then while a task is pending (1056, in ViPR's words)", () => {
    const ended = aSession().deactivated().build();
    expect(refusal(() => ended.restore({ pendingTaskOnSource: "vol1" })).code).toBe(2001);
    expect(refusal(() => ended.deactivate("FULL", quiet)).code).toBe(2001);
    for (const error of [
      refusal(() => aSession().build().restore({ pendingTaskOnSource: "vol1" })),
      refusal(() =>
        aSession()
          .build()
          .deactivate("VIPR_ONLY", { ...quiet, pendingTaskOn: "vol1" }),
      ),
    ]) {
      expect([error.code, error.details]).toEqual([
        1056,
        "Attempted to execute operation on resource while there are pending tasks against it. The following resources have pending tasks against them: vol1. Please retry when there are no pending tasks for the resources.",
      ]);
    }
  });

  it("leaves a restore while a copy-mode link is still copying to the array: the session does not refuse it", () => {
    const session = aSession().build();
    const [copying] = targetsOf(session, 1, { copyMode: "copy", linked: false }) as [LinkedTarget];
    copying.recordLinkProgress(COPYING);
    expect(() => session.restore({ pendingTaskOnSource: null })).not.toThrow();
  });

  it("refuses to deactivate a session that still has linked targets", () => {
    const session = aSession().build();
    const targets = targetsOf(session, 1);
    const error = refusal(() => session.deactivate("FULL", { pendingTaskOn: null, activeTargets: targets }));
    expect([error.code, error.details]).toEqual([
      1013,
      "The snapshot session cant be deleted because it has active linked targets.",
    ]);
  });

  it("VIPR_ONLY marks the session inactive at once; FULL leaves that to the workflow", () => {
    const viprOnly = aSession().build();
    expect(viprOnly.deactivate("VIPR_ONLY", quiet)).toBe(true);
    expect(viprOnly.isInactive).toBe(true);
    const full = aSession().build();
    expect(full.deactivate("FULL", quiet)).toBe(false);
    expect(full.isInactive).toBe(false);
  });
});

describe("LinkedTarget unlink and relink", () => {
  it("stays linked while unlinking, leaves when unlinked, and moves with a relink", () => {
    const session = aSession().build();
    const [target] = targetsOf(session, 1) as [LinkedTarget];
    target.beginUnlink();
    expect([target.isLinked, target.toState().linkState.state]).toEqual([true, "unlinking"]);
    target.markUnlinked();
    expect([target.isLinked, target.isInactive]).toEqual([false, true]);

    const [moving] = targetsOf(session, 1) as [LinkedTarget];
    const destination = newUrn("BlockSnapshotSession");
    moving.relinkTo(destination, COPYING);
    expect([moving.sessionId, moving.isLinked, moving.toState().linkState.state]).toEqual([
      destination,
      true,
      "copying",
    ]);
  });

  it("cannot unlink or relink a target that is not linked", () => {
    const [linking] = targetsOf(aSession().build(), 1, { linked: false }) as [LinkedTarget];
    expect(() => linking.beginUnlink()).toThrow(/not linked/);
    expect(() => linking.relinkTo("s", LINKED)).toThrow(/not linked/);
  });
});
