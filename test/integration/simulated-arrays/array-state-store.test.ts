import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ArrayStateStore, SimDevice } from "../../../src/drivers/simulation/array-state-store.js";
import { InMemoryArrayStateStore } from "../../../src/drivers/simulation/in-memory-array-state-store.js";
import { migrateSimulatedArrays } from "../../../src/infrastructure/persistence/simulated-arrays/migrate-simulated-arrays.js";
import { openSimSchema, type SimSchema } from "../../contract/support/postgres-state-store.js";

const device = (nativeId: string, idempotencyKey: string | null = null): SimDevice => ({
  nativeId,
  wwn: `WWN${nativeId}`,
  label: nativeId,
  poolNativeId: "pool",
  capacityBytes: 1024,
  kind: "volume",
  parentNativeId: null,
  idempotencyKey,
  createdAt: 0,
  content: "complete",
});

const bytes = (...values: number[]) => Uint8Array.from(values);

let sim: SimSchema;
beforeAll(async () => {
  sim = await openSimSchema();
});
afterAll(async () => {
  await sim?.drop();
});

/** The port's promises, held against both implementations. */
describe.each([
  ["in memory", () => new InMemoryArrayStateStore() as ArrayStateStore],
  ["Postgres", () => sim.store as ArrayStateStore],
])("the array state store (%s)", (_name, storeOf) => {
  const anArray = () => `ARRAY-${randomUUID()}`;

  it("commits a transaction's writes together and rolls them all back when it throws", async () => {
    const store = storeOf();
    const array = anArray();
    await store.transaction(array, async (tx) => {
      await tx.lockArray();
      await tx.insertDevice(device("1"));
    });
    const failure = new Error("boom");
    await expect(
      store.transaction(array, async (tx) => {
        await tx.insertDevice(device("2"));
        await tx.updateDevice({ ...device("1"), label: "changed" });
        throw failure;
      }),
    ).rejects.toBe(failure);

    const [one, two] = await store.transaction(array, async (tx) => [await tx.device("1"), await tx.device("2")]);
    expect(one?.label).toBe("1");
    expect(two).toBeNull();
  });

  it("keeps arrays apart and counts per array", async () => {
    const store = storeOf();
    const [a, b] = [anArray(), anArray()];
    const next = (array: string) => store.transaction(array, (tx) => tx.nextNumber("device"));
    expect([await next(a), await next(a), await next(b), await next(a)]).toEqual([1, 2, 1, 3]);
    expect(await store.transaction(b, (tx) => tx.nextNumber("snapshot"))).toBe(1);
  });

  it("serializes transactions that lock the same device", async () => {
    const store = storeOf();
    const array = anArray();
    await store.transaction(array, async (tx) => {
      await tx.insertDevice(device("S"));
      await tx.insertSnapshot({
        snapId: 1,
        sourceNativeId: "S",
        name: "s",
        idempotencyKey: null,
        createdAt: 0,
        restore: null,
      });
      for (const id of ["T1", "T2", "T3", "T4"]) await tx.insertDevice(device(id));
    });
    // Each transaction links only if the source has no link yet: without the lock, several would.
    const linkIfFree = (target: string) =>
      store.transaction(array, async (tx) => {
        await tx.lockDevices(["S", target]);
        if ((await tx.countLinksOfSource("S")) > 0) return false;
        await new Promise((resolve) => setTimeout(resolve, 20)); // let the others reach their count
        await tx.insertLink({
          targetNativeId: target,
          snapId: 1,
          sourceNativeId: "S",
          copyMode: "nocopy",
          startedAt: 0,
          tracks: 1,
          copyTracks: 1,
          defineDurationMs: 0,
          copyStartedAt: null,
          copyDurationMs: 0,
          copyDestinationNativeId: null,
        });
        return true;
      });

    const results = await Promise.all(["T1", "T2", "T3", "T4"].map(linkIfFree));

    expect(results.filter(Boolean)).toHaveLength(1);
  });

  it("inserts a link within its source's limit only, counting in the insert, concurrent links taking turns on the source's lock", async () => {
    const store = storeOf();
    const array = anArray();
    const targets = ["T1", "T2", "T3", "T4", "T5"];
    await store.transaction(array, async (tx) => {
      await tx.insertDevice(device("S"));
      await tx.insertSnapshot({
        snapId: 1,
        sourceNativeId: "S",
        name: "s",
        idempotencyKey: null,
        createdAt: 0,
        restore: null,
      });
      for (const id of targets) await tx.insertDevice(device(id));
    });
    const link = (target: string) => ({
      targetNativeId: target,
      snapId: 1,
      sourceNativeId: "S",
      copyMode: "nocopy" as const,
      startedAt: 0,
      tracks: 1,
      copyTracks: 1,
      defineDurationMs: 0,
      copyStartedAt: null,
      copyDurationMs: 0,
      copyDestinationNativeId: null,
    });
    const linkWithinTwo = (target: string) =>
      store.transaction(array, async (tx) => {
        await tx.lockDevices(["S"]);
        const inserted = await tx.insertLinkWithinLimit(link(target), 2);
        await new Promise((resolve) => setTimeout(resolve, 20)); // hold the lock while the others wait
        return inserted;
      });

    const results = await Promise.all(targets.map(linkWithinTwo));

    expect(results.filter(Boolean)).toHaveLength(2);
    expect(await store.transaction(array, (tx) => tx.countLinksOfSource("S"))).toBe(2);
    const linked = targets.filter((_, i) => results[i]);
    expect(await store.transaction(array, (tx) => tx.linkOfTarget(linked[0]!))).toEqual(link(linked[0]!));
  });

  it("reads, numbers and inserts many devices at once, inserting none when one key is taken", async () => {
    const store = storeOf();
    const array = anArray();
    const numbers = await store.transaction(array, async (tx) => {
      await tx.insertDevice(device("D0", "key-0"));
      return [await tx.nextNumbers("device", 3), await tx.nextNumbers("device", 2), await tx.nextNumber("device")];
    });
    expect(numbers).toEqual([[1, 2, 3], [4, 5], 6]);

    await store.transaction(array, (tx) => tx.insertDevices([device("D1", "key-1"), device("D2", null)]));
    await expect(
      store.transaction(array, (tx) => tx.insertDevices([device("D3", "key-3"), device("D4", "key-1")])),
    ).rejects.toThrow();

    const [byId, byKey] = await store.transaction(array, async (tx) => [
      await tx.devices(["D0", "D2", "D3", "nothing"]),
      await tx.devicesByIdempotencyKeys(["key-0", "key-1", "key-3"]),
    ]);
    expect([...byId.keys()].sort()).toEqual(["D0", "D2"]);
    expect(byId.get("D2")).toEqual(device("D2", null));
    expect(new Map([...byKey].map(([key, found]) => [key, found.nativeId]))).toEqual(
      new Map([
        ["key-0", "D0"],
        ["key-1", "D1"],
      ]),
    );
  });

  it("inserts many links within each source's limit in the order given, and reads and clears them by target", async () => {
    const store = storeOf();
    const array = anArray();
    const snapshotOf = (snapId: number, source: string) => ({
      snapId,
      sourceNativeId: source,
      name: `s${snapId}`,
      idempotencyKey: null,
      createdAt: 0,
      restore: null,
    });
    const link = (target: string, snapId: number, source: string) => ({
      targetNativeId: target,
      snapId,
      sourceNativeId: source,
      copyMode: "copy" as const,
      startedAt: 5,
      tracks: 8,
      copyTracks: 8,
      defineDurationMs: 1,
      copyStartedAt: target === "A1" ? null : 5,
      copyDurationMs: 3,
      copyDestinationNativeId: null,
    });
    const targets = ["A1", "A2", "A3", "B1", "B2"];
    await store.transaction(array, async (tx) => {
      await tx.insertDevices([device("SA"), device("SB"), ...targets.map((id) => device(id))]);
      await tx.insertSnapshot(snapshotOf(1, "SA"));
      await tx.insertSnapshot(snapshotOf(2, "SB"));
      await tx.insertLink(link("A1", 1, "SA"));
      await tx.putOwnTracks("A2", new Map([[0, bytes(1)]]));
      await tx.putOwnTracks("B1", new Map([[0, bytes(2)]]));
      await tx.putOwnTracks("SA", new Map([[0, bytes(3)]]));
    });

    const inserted = await store.transaction(array, async (tx) => {
      await tx.lockDevices(["SA", "SB"]);
      return tx.insertLinksWithinLimit(
        [link("B2", 2, "SB"), link("A3", 1, "SA"), link("A2", 1, "SA"), link("B1", 2, "SB")],
        2,
      );
    });

    // SA had one link already: room for A3 only, the first of its links asked for.
    expect([...inserted].sort()).toEqual(["A3", "B1", "B2"]);
    const links = await store.transaction(array, (tx) => tx.linksOfTargets(["A1", "A2", "A3", "B1", "SA"]));
    expect([...links.keys()].sort()).toEqual(["A1", "A3", "B1"]);
    expect(links.get("A1")).toEqual(link("A1", 1, "SA"));
    expect(links.get("B1")).toEqual(link("B1", 2, "SB"));

    await store.transaction(array, (tx) => tx.deleteOwnTracksOfDevices(["A2", "B1"]));
    const own = await store.transaction(array, async (tx) =>
      Promise.all(["A2", "B1", "SA"].map((id) => tx.ownTrackNumbers(id))),
    );
    expect(own).toEqual([[], [], [0]]);
  });

  it("spends each planned failure exactly once, even under concurrency", async () => {
    const store = storeOf();
    const array = anArray();
    await store.transaction(array, async (tx) => {
      await tx.addFault({ operation: "link", count: 3, message: "first", retryable: true });
      await tx.addFault({ operation: "link", count: 2, message: "second", retryable: false });
      await tx.addFault({ operation: "unlink", count: 1, message: "other kind", retryable: false });
    });

    const taken = await Promise.all(
      Array.from({ length: 8 }, () => store.transaction(array, (tx) => tx.takeFault("link"))),
    );

    expect(taken.map((hit) => hit.error?.message ?? null).sort()).toEqual(
      ["first", "first", "first", "second", "second", null, null, null].sort(),
    );
    expect((await store.transaction(array, (tx) => tx.faults())).map((f) => f.operation)).toEqual(["unlink"]);
  });

  it("delays the next N operations of a kind, or every one until cleared, alongside error faults", async () => {
    const store = storeOf();
    const array = anArray();
    expect(await store.hasFaults(array)).toBe(false);
    await store.transaction(array, async (tx) => {
      await tx.addFault({ operation: "link", count: 1, latencyMs: 300 });
      await tx.addFault({ operation: "status", count: null, latencyMs: 50 });
      await tx.addFault({ operation: "link", count: 1, message: "boom", retryable: true });
    });
    const take = (operation: "link" | "status") => store.transaction(array, (tx) => tx.takeFault(operation));

    expect(await take("link")).toEqual({ error: { message: "boom", retryable: true }, latencyMs: 300 });
    expect(await take("link")).toEqual({ error: null, latencyMs: 0 });
    for (let i = 0; i < 3; i += 1) expect(await take("status")).toEqual({ error: null, latencyMs: 50 });
    expect(await store.transaction(array, (tx) => tx.faults())).toMatchObject([
      { operation: "status", count: null, remaining: null, latencyMs: 50 },
    ]);
    expect(await store.hasFaults(array)).toBe(true);
    await store.transaction(array, (tx) => tx.clearFaults());
    expect(await store.hasFaults(array)).toBe(false);
    expect(await take("status")).toEqual({ error: null, latencyMs: 0 });
  });

  it("keeps the first stall of a kind of job until the stalls are cleared", async () => {
    const store = storeOf();
    const array = anArray();
    await store.transaction(array, async (tx) => {
      await tx.stallJobs("copy", 100);
      await tx.stallJobs("copy", 200);
      await tx.stallJobs("restore", 300);
    });
    const expected = new Map([
      ["copy", 100],
      ["restore", 300],
    ]);
    expect(await store.transaction(array, (tx) => tx.stalls())).toEqual(expected);
    expect(await store.transaction(array, (tx) => tx.clearStalls())).toEqual(expected);
    expect((await store.transaction(array, (tx) => tx.stalls())).size).toBe(0);
  });

  it("keeps own tracks per device and drops them with the device", async () => {
    const store = storeOf();
    const array = anArray();
    await store.transaction(array, async (tx) => {
      await tx.insertDevice(device("D"));
      await tx.putOwnTracks(
        "D",
        new Map([
          [7, bytes(1, 2)],
          [3, bytes()],
          [9, bytes(9)],
        ]),
      );
      await tx.putOwnTracks("D", new Map([[7, bytes(5)]]));
      await tx.deleteOwnTracks("D", [9]);
    });
    await store.transaction(array, async (tx) => {
      expect(await tx.ownTrackNumbers("D")).toEqual([3, 7]);
      const own = await tx.ownTracks("D", [3, 7, 8]);
      expect([...own.keys()].sort()).toEqual([3, 7]);
      expect([...(own.get(7) ?? [])]).toEqual([5]);
      expect(own.get(3)?.length).toBe(0);
      expect((await tx.trackUsage()).devices.get("D")).toEqual({ tracks: 2, bytes: 1 });
      await tx.deleteDevice("D");
    });
    expect(await store.transaction(array, (tx) => tx.ownTrackNumbers("D"))).toEqual([]);
  });

  it("reads a track preserved by the oldest of the snapshots asked, keeps the first entry, hands over on termination", async () => {
    const store = storeOf();
    const array = anArray();
    const snapshot = (snapId: number) => ({
      snapId,
      sourceNativeId: "S",
      name: "s",
      idempotencyKey: null,
      createdAt: 0,
      restore: null,
    });
    await store.transaction(array, async (tx) => {
      await tx.insertDevice(device("S"));
      for (const snapId of [1, 2, 3]) await tx.insertSnapshot(snapshot(snapId));
      await tx.preserveTracks(
        2,
        new Map([
          [0, bytes(2)],
          [1, null],
        ]),
      );
      await tx.preserveTracks(2, new Map([[0, bytes(99)]]));
      await tx.preserveTracks(
        3,
        new Map([
          [0, bytes(3)],
          [5, bytes(3)],
        ]),
      );
    });
    await store.transaction(array, async (tx) => {
      const read = await tx.preservedTracks([2, 3], [0, 1, 5, 6]);
      expect([...(read.get(0) ?? [])]).toEqual([2]);
      expect(read.get(1)).toBeNull();
      expect([...(read.get(5) ?? [])]).toEqual([3]);
      expect(read.has(6)).toBe(false);
      expect(await tx.preservedTrackNumbers([1, 2, 3])).toEqual([0, 1, 5]);
      await tx.handOverPreservedTracks(3, 2);
      await tx.deleteSnapshot(3);
    });
    await store.transaction(array, async (tx) => {
      const read = await tx.preservedTracks([2], [0, 5]);
      expect([...(read.get(0) ?? [])]).toEqual([2]);
      expect([...(read.get(5) ?? [])]).toEqual([3]);
      expect((await tx.trackUsage()).snapshots.get(2)).toEqual({ tracks: 3, bytes: 2 });
    });
  });

  it("shares the clock setting with every transaction", async () => {
    const store = storeOf();
    await store.saveClockSetting({ profile: "instant", speed: null });
    expect(await store.transaction(anArray(), (tx) => tx.clockSetting())).toEqual({ profile: "instant", speed: null });
    await store.saveClockSetting({ profile: null, speed: 2.5 });
    expect(await store.transaction(anArray(), (tx) => tx.clockSetting())).toEqual({ profile: null, speed: 2.5 });
    await store.saveClockSetting(null);
    expect(await store.transaction(anArray(), (tx) => tx.clockSetting())).toBeNull();
  });

  it("finds devices by idempotency key and by parent", async () => {
    const store = storeOf();
    const array = anArray();
    await store.transaction(array, async (tx) => {
      await tx.lockArray();
      await tx.insertDevice(device("P", "key-p"));
      await tx.insertDevice({ ...device("C"), kind: "snapshot-mount-point", parentNativeId: "P" });
    });
    await store.transaction(array, async (tx) => {
      expect((await tx.deviceByIdempotencyKey("key-p"))?.nativeId).toBe("P");
      expect(await tx.deviceByIdempotencyKey("key-x")).toBeNull();
      expect((await tx.childDevices("P")).map((d) => d.nativeId)).toEqual(["C"]);
    });
  });
});

describe("the simulated arrays' migration", () => {
  it("can run again, from several processes at once, without harm", async () => {
    await Promise.all([
      migrateSimulatedArrays(sim.dataSource, { schema: sim.schema }),
      migrateSimulatedArrays(sim.dataSource, { schema: sim.schema }),
    ]);
    const steps: { id: number }[] = await sim.dataSource.query(
      `SELECT id FROM "${sim.schema}".schema_migrations ORDER BY id`,
    );
    const ids = steps.map((s) => Number(s.id));
    expect(ids).toEqual(ids.map((_, i) => i + 1));
    expect(ids.length).toBeGreaterThanOrEqual(2);
  });

  it("refuses a schema name that is not a plain identifier", async () => {
    await expect(migrateSimulatedArrays(sim.dataSource, { schema: 'sim"; DROP TABLE x; --' })).rejects.toThrow(
      RangeError,
    );
  });
});
