import { describe, expect, it } from "vitest";
import type { ArrayStateTransaction, SimDevice } from "../../../src/drivers/simulation/array-state-store.js";
import { createDeviceOnce } from "../../../src/drivers/simulation/devices.js";
import { InMemoryArrayStateStore } from "../../../src/drivers/simulation/in-memory-array-state-store.js";
import { TRACK_BYTES } from "../../../src/drivers/simulation/link-progress.js";
import {
  PASSES_AT_PROFILE_RATES,
  passesInTicks,
  SimulatedArrayKernel,
} from "../../../src/drivers/simulation/simulated-array-kernel.js";
import { SimulationClock, TICK_MS } from "../../../src/drivers/simulation/simulation-clock.js";

const ARRAY = "000197900001";
const GIB = 1024 ** 3;

class Refused extends Error {}
const refused = (what: string) => () => new Refused(what);

/** `ticking`: the clock moves a millisecond at every reading, as a real one moves between calls. */
function fixture(options: { ticking?: boolean } = {}) {
  let now = 1_000_000;
  const clock = new SimulationClock({ profile: "realistic", now: () => (options.ticking ? now++ : now) });
  const store = new InMemoryArrayStateStore();
  const kernel = new SimulatedArrayKernel(clock);
  const inTx = <T>(work: (tx: ArrayStateTransaction) => Promise<T>) => store.transaction(ARRAY, work);
  const device = (key: string, capacityBytes = GIB) =>
    inTx((tx) =>
      createDeviceOnce(tx, key, (n) => ({
        nativeId: `dev-${n}`,
        wwn: `wwn-${n}`,
        label: key,
        poolNativeId: "pool",
        capacityBytes,
        kind: "volume",
        parentNativeId: null,
        createdAt: now,
      })),
    );
  const snapshotRules = {
    maxPerSource: 2,
    deviceMissing: (id: string) => new Refused(`no ${id}`),
    limitReached: refused("limit"),
  };
  const snapshotOf = (source: SimDevice, key: string) =>
    inTx(async (tx) => {
      const wanted = { sourceNativeId: source.nativeId, name: key, idempotencyKey: key };
      return (await kernel.takeSnapshot(tx, wanted, snapshotRules)).snapshot;
    });
  return {
    kernel,
    inTx,
    device,
    snapshotRules,
    snapshotOf,
    advance: (ms: number) => {
      now += ms;
    },
  };
}

describe("the simulated-array kernel", () => {
  it("takes a snapshot once per key, within the source's limit, and refuses a missing source in the family's words", async () => {
    const { kernel, inTx, device, snapshotRules, snapshotOf } = fixture();
    const source = await device("source");
    const first = await inTx((tx) =>
      kernel.takeSnapshot(tx, { sourceNativeId: source.nativeId, name: "a", idempotencyKey: "k1" }, snapshotRules),
    );
    const again = await inTx((tx) =>
      kernel.takeSnapshot(tx, { sourceNativeId: source.nativeId, name: "a", idempotencyKey: "k1" }, snapshotRules),
    );

    expect(first.ofSource?.map((s) => s.snapId)).toEqual([first.snapshot.snapId]);
    expect(again).toEqual({ snapshot: first.snapshot, ofSource: null });
    await snapshotOf(source, "k2");
    await expect(snapshotOf(source, "k3")).rejects.toThrow("limit");
    await expect(
      inTx((tx) =>
        kernel.takeSnapshot(tx, { sourceNativeId: "dev-99", name: "x", idempotencyKey: "k4" }, snapshotRules),
      ),
    ).rejects.toThrow("no dev-99");
  });

  it("takes several sources' snapshots at one clock instant, once per key, and none when one source is refused", async () => {
    const { kernel, inTx, device, snapshotRules, snapshotOf } = fixture({ ticking: true });
    const [a, b, full] = [await device("a"), await device("b"), await device("full")];
    await snapshotOf(full, "f1");
    await snapshotOf(full, "f2");
    const wanted = (sources: SimDevice[]) =>
      sources.map((source) => ({ sourceNativeId: source.nativeId, name: "g", idempotencyKey: `g:${source.nativeId}` }));

    await expect(
      inTx((tx) => kernel.takeSnapshotsAtOneInstant(tx, wanted([a, b, full]), snapshotRules)),
    ).rejects.toThrow("limit");
    expect(await inTx((tx) => tx.snapshotsOfSource(a.nativeId))).toEqual([]);
    const taken = await inTx((tx) => kernel.takeSnapshotsAtOneInstant(tx, wanted([a, b]), snapshotRules));
    const again = await inTx((tx) => kernel.takeSnapshotsAtOneInstant(tx, wanted([a, b]), snapshotRules));

    expect(taken.map(({ snapshot }) => snapshot.sourceNativeId)).toEqual([a.nativeId, b.nativeId]);
    expect(new Set(taken.map(({ snapshot }) => snapshot.createdAt)).size).toBe(1);
    expect(again.map(({ snapshot }) => snapshot)).toEqual(taken.map(({ snapshot }) => snapshot));
    await expect(
      inTx((tx) => kernel.takeSnapshotsAtOneInstant(tx, wanted([a, { ...b, nativeId: "dev-99" }]), snapshotRules)),
    ).rejects.toThrow("no dev-99");
  });

  it("keeps each device in one replication group, once, until it is deleted; adds none of a refused call", async () => {
    const { kernel, inTx, device } = fixture();
    const [a, b, c] = [await device("a"), await device("b"), await device("c")];
    const rules = {
      deviceMissing: (id: string) => new Refused(`no ${id}`),
      inAnotherGroup: (id: string, group: string) => new Refused(`${id} in ${group}`),
    };
    const add = (group: string, devices: SimDevice[]) =>
      inTx((tx) =>
        kernel.addToReplicationGroup(
          tx,
          group,
          devices.map((d) => d.nativeId),
          rules,
        ),
      );
    await add("g1", [a, b]);
    await add("g1", [b, a]);
    await expect(add("g2", [c, a])).rejects.toThrow(`${a.nativeId} in g1`);
    await expect(add("g1", [c, { ...c, nativeId: "dev-99" }])).rejects.toThrow("no dev-99");
    expect(await inTx((tx) => tx.allReplicationGroups())).toEqual([{ name: "g1", members: [a.nativeId, b.nativeId] }]);

    await inTx((tx) => tx.deleteDevice(b.nativeId));
    expect(await inTx((tx) => tx.allReplicationGroups())).toEqual([{ name: "g1", members: [a.nativeId] }]);
  });

  it("refuses to remove a linked snapshot, and a restoring one where the family keeps restore sessions", async () => {
    const { kernel, inTx, device, snapshotOf } = fixture();
    const source = await device("source");
    const target = await device("target");
    const snapshot = await snapshotOf(source, "s");
    const wanted = { targetNativeId: target.nativeId, snapId: snapshot.snapId, sourceNativeId: source.nativeId };
    await inTx((tx) => kernel.link(tx, { ...wanted, copyMode: "nocopy" }, source, PASSES_AT_PROFILE_RATES));

    const refusals = { linked: refused("linked"), restoring: refused("restoring") };
    await expect(inTx(async (tx) => kernel.removeSnapshot(tx, snapshot, refusals))).rejects.toThrow("linked");
    await inTx((tx) => tx.deleteLink(target.nativeId));
    const restoring = { ...snapshot, restore: { startedAt: 0, durationMs: 1, tracks: 1 } };
    await expect(inTx((tx) => kernel.removeSnapshot(tx, restoring, refusals))).rejects.toThrow("restoring");
    await inTx((tx) => kernel.removeSnapshot(tx, restoring, { linked: refused("linked") }));
    expect(await inTx((tx) => tx.snapshot(snapshot.snapId))).toBeNull();
  });

  it("times a link's passes by the family's PassTiming, and unlinks a copy mid-way only by force", async () => {
    const { kernel, inTx, device, snapshotOf, advance } = fixture();
    const source = await device("source");
    const target = await device("target");
    const snapshot = await snapshotOf(source, "s");
    const wanted = { targetNativeId: target.nativeId, snapId: snapshot.snapId, sourceNativeId: source.nativeId };
    const link = await inTx((tx) => kernel.link(tx, { ...wanted, copyMode: "copy" }, source, passesInTicks(8)));

    expect(link).toMatchObject({ tracks: GIB / TRACK_BYTES, defineDurationMs: 0, copyDurationMs: 8 * TICK_MS });
    const unlink = (force: boolean) =>
      inTx(async (tx) => {
        const current = await tx.linkOfTarget(target.nativeId);
        if (!current) throw new Error("not linked");
        await kernel.unlink(tx, target, current, { force, unsettled: refused("unsettled") });
      });
    await expect(unlink(false)).rejects.toThrow("unsettled");
    advance(4 * TICK_MS);
    await unlink(true);
    expect(await inTx((tx) => tx.device(target.nativeId))).toMatchObject({ content: "incomplete" });
  });

  it("relinks a copied link to a snapshot with nothing written between them without a copy pass", async () => {
    const { kernel, inTx, device, snapshotOf, advance } = fixture();
    const source = await device("source");
    const target = await device("target");
    const first = await snapshotOf(source, "first");
    const second = await snapshotOf(source, "second");
    const wanted = { targetNativeId: target.nativeId, snapId: first.snapId, sourceNativeId: source.nativeId };
    const link = await inTx((tx) => kernel.link(tx, { ...wanted, copyMode: "copy" }, source, PASSES_AT_PROFILE_RATES));
    expect(link.defineDurationMs).toBeGreaterThan(0);
    advance(link.copyDurationMs);

    const moved = await inTx((tx) => kernel.relink(tx, link, second.snapId, source, PASSES_AT_PROFILE_RATES));

    expect(moved).toMatchObject({ snapId: second.snapId, copyTracks: 0, copyDurationMs: 0 });
    expect(kernel.progressOf(moved, new Map()).copied).toBe(true);
  });

  it("ends a restore only once its pass is over", async () => {
    const { kernel, inTx, device, snapshotOf, advance } = fixture();
    const source = await device("source");
    const snapshot = await snapshotOf(source, "s");
    const started = await inTx(async (tx) => {
      await tx.putOwnTracks(source.nativeId, new Map([[0, new Uint8Array([1])]]));
      await tx.preserveTracks(snapshot.snapId, new Map([[0, null]]));
      return kernel.startRestore(tx, snapshot, source, passesInTicks(10));
    });

    // One track of the device's 8192: a share of ten ticks, rounded up.
    expect(started.restore).toEqual({ startedAt: expect.any(Number), durationMs: 1, tracks: 1 });
    expect(await inTx((tx) => kernel.restoringSnapshotOf(tx, source.nativeId))).toEqual(started);
    await expect(inTx((tx) => kernel.endRestore(tx, started, refused("in progress")))).rejects.toThrow("in progress");
    advance(1);
    await inTx((tx) => kernel.endRestore(tx, started, refused("in progress")));
    expect(await inTx((tx) => kernel.restoringSnapshotOf(tx, source.nativeId))).toBeUndefined();
  });
});
