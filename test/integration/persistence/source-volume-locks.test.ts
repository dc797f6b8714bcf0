import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { InvariantViolation, ServiceError } from "../../../src/domain/shared/service-error.js";
import { newUrn } from "../../../src/domain/shared/urn.js";
import type { Volume } from "../../../src/domain/storage/volume.js";
import { type SeededIds, seedDefaults } from "../../../src/infrastructure/persistence/seed.js";
import { TypeOrmUnitOfWork } from "../../../src/infrastructure/persistence/typeorm-unit-of-work.js";
import { aSessionOf, aVolume, T0, targetsOf } from "./support/fixtures.js";
import { openTestDatabase, type TestDatabase } from "./support/test-database.js";

let db: TestDatabase;
let uow: TypeOrmUnitOfWork;
let seeded: SeededIds;

beforeAll(async () => {
  db = await openTestDatabase("source_locks");
  uow = new TypeOrmUnitOfWork(db.dataSource);
  seeded = await seedDefaults(db.dataSource, { rootPassword: "ChangeMe", sysmonitorPassword: "ChangeMe" });
});

afterAll(async () => {
  await db?.drop();
});

async function aStoredSource(name = "source-vol"): Promise<Volume> {
  const volume = aVolume(seeded, { name });
  await uow.run((s) => s.volumes.add(volume));
  return volume;
}

/** Resolves once some connection of this file's pool waits for a lock another holds. */
async function someoneIsBlocked(): Promise<void> {
  for (let attempt = 0; attempt < 500; attempt++) {
    const rows: unknown[] = await db.dataSource.query(
      "SELECT pid FROM pg_stat_activity WHERE application_name = $1 AND cardinality(pg_blocking_pids(pid)) > 0",
      [db.schema],
    );
    if (rows.length > 0) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error("no transaction ever waited for the lock");
}

describe("lockForLinking", () => {
  it("counts the active targets of the source's active sessions, prepared or linked", async () => {
    const source = await aStoredSource("counted");
    const live = aSessionOf(source, { label: "live" });
    const ended = aSessionOf(source, { label: "ended" });
    const [prepared, linked, rolledBack] = targetsOf(live, { count: 3, name: "t" });
    const [ofEnded] = targetsOf(ended, { count: 1, name: "e" });
    linked!.recordProvisioned({ nativeId: "01", wwn: "w", deviceLabel: "t-2" });
    linked!.markLinked({ state: "linked", nativeState: "Linked", defined: true, percentCopied: 0 });
    rolledBack!.markRolledBack();
    ended.markInactive();
    await uow.run(async (s) => {
      await s.sessions.add(live);
      await s.sessions.add(ended);
      await s.targets.addAll([prepared!, linked!, rolledBack!, ofEnded!]);
    });

    const usage = await uow.run((s) => s.sourceLocks.lockForLinking(source.id));

    expect(usage.sourceVolumeName).toBe("counted");
    expect(usage.linkedOrLinkingTargets).toBe(2);
    expect(usage.activeSessions).toBe(1);
    // Array snapshots in no session's linked_targets, whatever their session: the prepared ones.
    expect(usage.targetsBeingLinked).toBe(2);
    expect([...usage.labelsInUse].sort()).toEqual(["e-1", "live", "t-1", "t-2"]);
  });

  it("reports nothing in use for a source without sessions", async () => {
    const source = await aStoredSource("bare");

    const usage = await uow.run((s) => s.sourceLocks.lockForLinking(source.id));

    expect(usage).toEqual({
      sourceVolumeName: "bare",
      linkedOrLinkingTargets: 0,
      activeSessions: 0,
      targetsBeingLinked: 0,
      labelsInUse: [],
    });
  });

  it("refuses an unknown source volume", async () => {
    await expect(uow.run((s) => s.sourceLocks.lockForLinking(newUrn("Volume")))).rejects.toBeInstanceOf(
      InvariantViolation,
    );
  });

  it("makes a second transaction wait until the first commits, then shows it the first one's targets", async () => {
    const source = await aStoredSource("serialized");
    const session = aSessionOf(source);
    await uow.run((s) => s.sessions.add(session));
    let letFirstCommit!: () => void;
    const firstMayCommit = new Promise<void>((resolve) => {
      letFirstCommit = resolve;
    });
    let firstHasLock!: () => void;
    const firstLocked = new Promise<void>((resolve) => {
      firstHasLock = resolve;
    });
    const events: string[] = [];

    const first = uow.run(async (s) => {
      const usage = await s.sourceLocks.lockForLinking(source.id);
      firstHasLock();
      await s.targets.addAll(targetsOf(session, { count: 3, name: "first" }));
      await firstMayCommit;
      events.push("first commits");
      return usage;
    });
    await firstLocked;
    const second = uow.run(async (s) => {
      const usage = await s.sourceLocks.lockForLinking(source.id);
      events.push("second locked");
      return usage;
    });
    await someoneIsBlocked();
    expect(events).toEqual([]);
    letFirstCommit();

    const [firstUsage, secondUsage] = await Promise.all([first, second]);
    expect(events).toEqual(["first commits", "second locked"]);
    expect(firstUsage.linkedOrLinkingTargets).toBe(0);
    expect(secondUsage.linkedOrLinkingTargets).toBe(3);
    expect(secondUsage.labelsInUse).toEqual(expect.arrayContaining(["first-1", "first-2", "first-3"]));
  });

  it("keeps concurrent link requests for one source within its limit", async () => {
    const source = await aStoredSource("contended");
    const session = aSessionOf(source, { label: "contended-snap" });
    await uow.run((s) => s.sessions.add(session));
    const limit = 10;

    const attempts = Array.from({ length: 6 }, (_, i) =>
      uow.run(async (s) => {
        const usage = await s.sourceLocks.lockForLinking(source.id);
        const loaded = (await s.sessions.findById(session.id))!;
        const targets = loaded.linkTargets(
          { count: 3, targetName: `req${i}`, copyMode: "nocopy" },
          {
            budget: { ...usage, maxLinkedTargets: limit, family: "mock", supportsCopyMode: true },
            linkTaskId: newUrn("Task"),
            now: T0,
            newTargetId: () => newUrn("BlockSnapshot"),
          },
        );
        await s.targets.addAll(targets);
      }),
    );
    const outcomes = await Promise.allSettled(attempts);

    const refused = outcomes.filter((o) => o.status === "rejected");
    expect(outcomes.filter((o) => o.status === "fulfilled")).toHaveLength(3);
    for (const o of refused) expect((o as PromiseRejectedResult).reason).toBeInstanceOf(ServiceError);
    const usage = await uow.run((s) => s.sourceLocks.lockForLinking(source.id));
    expect(usage.linkedOrLinkingTargets).toBe(9);
  });
});
