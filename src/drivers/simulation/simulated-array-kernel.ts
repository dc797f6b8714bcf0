import type { CopyMode } from "../../domain/snapshots/copy-mode.js";
import type {
  ArrayCounters,
  ArrayDevices,
  ArrayReplicationGroups,
  ArraySnapshots,
  ArrayStateTransaction,
  SimDevice,
  SimLink,
  SimSnapshot,
  SimStalls,
} from "./array-state-store.js";
import { type LinkProgress, linkProgress, restoreProgress, TRACK_BYTES, tracksOf } from "./link-progress.js";
import type { JobTiming, SimulationClock } from "./simulation-clock.js";
import { VolumeContent } from "./volume-content.js";

/**
 * How long a family's passes last. A define pass is the family's own (absent: a link comes back
 * defined); a copy pass — a link's, a relink's, a restore's — over `tracks` of an image of
 * `imageBytes` (the source's capacity).
 */
export interface PassTiming {
  readonly defineMs?: (imageBytes: number, timing: JobTiming) => number;
  copyMs(tracks: number, imageBytes: number, timing: JobTiming): number;
}

/** Copy passes at the clock profile's copy rate, for as many bytes as the tracks hold (at most the image). */
export const PASSES_AT_PROFILE_RATES: PassTiming = {
  defineMs: (imageBytes, timing) => timing.defineDurationMs(imageBytes),
  copyMs: (tracks, imageBytes, timing) => timing.copyDurationMs(Math.min(tracks * TRACK_BYTES, imageBytes)),
};

/** Copy passes of a whole device lasting `ticks` of the clock; a pass over fewer tracks takes that share of them. */
export function passesInTicks(ticks: number): PassTiming {
  return { copyMs: (tracks, imageBytes, timing) => share(tracks, tracksOf(imageBytes), timing.ticksMs(ticks)) };
}

/** A pass over `tracks` of a device's `of` takes that share of a whole pass's `durationMs`. */
export function share(tracks: number, of: number, durationMs: number): number {
  return Math.ceil((durationMs * Math.min(tracks, of)) / Math.max(1, of));
}

/** A target to join to a snapshot of `sourceNativeId`. */
export interface LinkToMake {
  readonly targetNativeId: string;
  readonly snapId: number;
  readonly sourceNativeId: string;
  readonly copyMode: CopyMode;
}

/** A snapshot to take of a source, once per idempotency key. */
export interface SnapshotToTake {
  readonly sourceNativeId: string;
  readonly name: string;
  readonly idempotencyKey: string;
}

/**
 * The mechanics every simulated array shares, on one array transaction: devices, snapshots,
 * links (link, relink, unlink) and their copy progress, restores, each over the data plane
 * ({@link VolumeContent}). A family's simulator finds and locks what an operation names, makes
 * its own checks in its own order with its own words, and hands the state change to the kernel
 * with what differs for the family: its refusals, limits and {@link PassTiming}.
 */
export class SimulatedArrayKernel {
  constructor(private readonly clock: SimulationClock) {}

  now(): number {
    return this.clock.now();
  }

  /** Where the link stands now. */
  progressOf(link: SimLink, stalls: SimStalls): LinkProgress {
    return linkProgress(link, this.clock.now(), stalls);
  }

  /** The device, locked; `missing` is raised when there is none. */
  async lockedDevice(tx: ArrayDevices, nativeId: string, missing: (nativeId: string) => Error): Promise<SimDevice> {
    const device = (await tx.lockDevices([nativeId])).get(nativeId);
    if (!device) throw missing(nativeId);
    return device;
  }

  /**
   * Deletes the device unless it is in a session (linked, or the source of a snapshot, and so of
   * any link): `inSession` is raised then. False when there is no such device.
   */
  async deleteUnusedDevice(tx: ArrayStateTransaction, nativeId: string, inSession: () => Error): Promise<boolean> {
    if (!(await tx.lockDevices([nativeId])).has(nativeId)) return false;
    if ((await tx.linkOfTarget(nativeId)) !== null || (await tx.snapshotsOfSource(nativeId)).length > 0) {
      throw inSession();
    }
    await tx.deleteDevice(nativeId);
    return true;
  }

  /**
   * Puts the devices in the replication group `groupName`, made if absent: a device already in it
   * stays, once. All or nothing: a device missing (`deviceMissing`) or in another group
   * (`inAnotherGroup`, as the arrays keep a device consistent with one group) adds none.
   */
  async addToReplicationGroup(
    tx: ArrayDevices & ArrayReplicationGroups,
    groupName: string,
    nativeIds: readonly string[],
    rules: { deviceMissing(nativeId: string): Error; inAnotherGroup(nativeId: string, groupName: string): Error },
  ): Promise<void> {
    const devices = await tx.lockDevices(nativeIds);
    const missing = nativeIds.find((nativeId) => !devices.has(nativeId));
    if (missing !== undefined) throw rules.deviceMissing(missing);
    for (const [nativeId, group] of await tx.replicationGroupsOf(nativeIds)) {
      if (group !== groupName) throw rules.inAnotherGroup(nativeId, group);
    }
    await tx.addToReplicationGroup(groupName, nativeIds);
  }

  /**
   * Takes a snapshot of the source (locked here, which serializes the count against the limit),
   * or finds the one taken with the same key; `ofSource` lists the source's snapshots, oldest
   * first, when one was taken (null when found).
   */
  async takeSnapshot(
    tx: ArrayCounters & ArrayDevices & ArraySnapshots,
    wanted: SnapshotToTake,
    rules: { maxPerSource: number; deviceMissing(nativeId: string): Error; limitReached(nativeId: string): Error },
  ): Promise<{ snapshot: SimSnapshot; ofSource: readonly SimSnapshot[] | null }> {
    await this.lockedDevice(tx, wanted.sourceNativeId, rules.deviceMissing);
    const existing = await tx.snapshotByIdempotencyKey(wanted.idempotencyKey);
    if (existing) return { snapshot: existing, ofSource: null };
    const ofSource = await tx.snapshotsOfSource(wanted.sourceNativeId);
    if (ofSource.length >= rules.maxPerSource) throw rules.limitReached(wanted.sourceNativeId);
    const snapshot: SimSnapshot = {
      snapId: await tx.nextNumber("snapshot"),
      sourceNativeId: wanted.sourceNativeId,
      name: wanted.name,
      idempotencyKey: wanted.idempotencyKey,
      createdAt: this.clock.now(),
      restore: null,
    };
    await tx.insertSnapshot(snapshot);
    return { snapshot, ofSource: [...ofSource, snapshot] };
  }

  /**
   * {@link takeSnapshot} for several sources in the one transaction, at one clock instant: every
   * source is locked first (in the store's fixed order), so no write to any of them falls between
   * two of the snapshots. All or nothing: a missing source or a limit reached raises before any
   * is taken. A snapshot already taken with its key is found (and left as it was).
   */
  async takeSnapshotsAtOneInstant(
    tx: ArrayCounters & ArrayDevices & ArraySnapshots,
    wanted: readonly SnapshotToTake[],
    rules: { maxPerSource: number; deviceMissing(nativeId: string): Error; limitReached(nativeId: string): Error },
  ): Promise<{ snapshot: SimSnapshot; ofSource: readonly SimSnapshot[] }[]> {
    const sources = await tx.lockDevices(wanted.map((w) => w.sourceNativeId));
    const missing = wanted.find((w) => !sources.has(w.sourceNativeId));
    if (missing) throw rules.deviceMissing(missing.sourceNativeId);
    const found = await Promise.all(wanted.map((w) => tx.snapshotByIdempotencyKey(w.idempotencyKey)));
    const toTake = wanted.filter((_w, index) => !found[index]);
    for (const w of toTake) {
      const taken = (await tx.snapshotsOfSource(w.sourceNativeId)).length;
      const alsoNow = toTake.filter((other) => other.sourceNativeId === w.sourceNativeId).length;
      if (taken + alsoNow > rules.maxPerSource) throw rules.limitReached(w.sourceNativeId);
    }
    const snapIds = toTake.length > 0 ? await tx.nextNumbers("snapshot", toTake.length) : [];
    const now = this.clock.now();
    const results: { snapshot: SimSnapshot; ofSource: readonly SimSnapshot[] }[] = [];
    let next = 0;
    for (const [index, w] of wanted.entries()) {
      let snapshot = found[index];
      if (!snapshot) {
        const snapId = snapIds[next++];
        if (snapId === undefined) throw new Error("the array's counter gave fewer numbers than asked");
        snapshot = {
          snapId,
          sourceNativeId: w.sourceNativeId,
          name: w.name,
          idempotencyKey: w.idempotencyKey,
          createdAt: now,
          restore: null,
        };
        await tx.insertSnapshot(snapshot);
      }
      results.push({ snapshot, ofSource: await tx.snapshotsOfSource(w.sourceNativeId) });
    }
    return results;
  }

  /**
   * Removes a snapshot whose source the caller locked: refused while it has links or (where the
   * family keeps restore sessions) a restore session; the next older snapshot of the source takes
   * over the tracks it preserved.
   */
  async removeSnapshot(
    tx: ArrayStateTransaction,
    snapshot: SimSnapshot,
    refuse: { linked(): Error; restoring?: () => Error },
  ): Promise<void> {
    if ((await tx.linksOfSnapshot(snapshot.snapId)).length > 0) throw refuse.linked();
    if (snapshot.restore && refuse.restoring) throw refuse.restoring();
    await new VolumeContent(tx).forgetSnapshot(snapshot.snapId, snapshot.sourceNativeId);
    await tx.deleteSnapshot(snapshot.snapId);
  }

  /** The link record of a new link, its define and copy passes starting `now`. */
  newLink(wanted: LinkToMake, imageBytes: number, passes: PassTiming, now: number, timing?: JobTiming): SimLink {
    const tracks = tracksOf(imageBytes);
    const copy = wanted.copyMode === "copy";
    return {
      targetNativeId: wanted.targetNativeId,
      snapId: wanted.snapId,
      sourceNativeId: wanted.sourceNativeId,
      copyMode: wanted.copyMode,
      startedAt: now,
      tracks,
      copyTracks: tracks,
      defineDurationMs: passes.defineMs && timing ? passes.defineMs(imageBytes, timing) : 0,
      copyStartedAt: copy ? now : null,
      copyDurationMs: copy && timing ? passes.copyMs(tracks, imageBytes, timing) : 0,
      copyDestinationNativeId: null,
    };
  }

  /** Whether making links of these modes needs the clock's timing (read in the transaction). */
  needsTiming(copyModes: readonly CopyMode[], passes: PassTiming): boolean {
    return passes.defineMs !== undefined || copyModes.includes("copy");
  }

  /**
   * Links one target, checked and locked by the caller with the source: the target presents the
   * snapshot's image from now on.
   */
  async link(tx: ArrayStateTransaction, wanted: LinkToMake, source: SimDevice, passes: PassTiming): Promise<SimLink> {
    const timing = this.needsTiming([wanted.copyMode], passes) ? await this.clock.timing(tx) : undefined;
    const link = this.newLink(wanted, source.capacityBytes, passes, this.clock.now(), timing);
    await new VolumeContent(tx).presentImage(link);
    await tx.insertLink(link);
    return link;
  }

  /**
   * Moves (or refreshes) the link to `toSnapId`: the target's own writes are dropped, a nocopy
   * link is defined again, a copy link copies the tracks that differ between the two images and
   * those the target was written at, plus any it had not copied yet.
   */
  async relink(
    tx: ArrayStateTransaction,
    link: SimLink,
    toSnapId: number,
    source: SimDevice,
    passes: PassTiming,
  ): Promise<SimLink> {
    const now = this.clock.now();
    const copy = link.copyMode === "copy";
    const timing = this.needsTiming([link.copyMode], passes) ? await this.clock.timing(tx) : undefined;
    const copiedTracks = copy ? linkProgress(link, now, await tx.stalls()).copiedTracks : link.tracks;
    const copyTracks = await new VolumeContent(tx).relinkDifference(link, toSnapId, copiedTracks);
    const moved: SimLink = {
      ...link,
      snapId: toSnapId,
      startedAt: now,
      defineDurationMs: passes.defineMs && timing ? passes.defineMs(source.capacityBytes, timing) : 0,
      copyTracks,
      copyStartedAt: copy ? now : null,
      copyDurationMs: copy && timing ? passes.copyMs(copyTracks, source.capacityBytes, timing) : 0,
    };
    await tx.updateLink(moved);
    return moved;
  }

  /**
   * Removes the link of a target the caller locked; refused (`unsettled`) without `force` while
   * a copy link is copying or a nocopy link defining. The target stays as a device of its own: a
   * copied copy-mode target with the whole image, a nocopy target with its own writes only, a
   * copy stopped by force with the tracks it reached.
   */
  async unlink(
    tx: ArrayStateTransaction,
    target: SimDevice,
    link: SimLink,
    options: { force: boolean; unsettled(): Error },
  ): Promise<void> {
    const progress = linkProgress(link, this.clock.now(), await tx.stalls());
    const settled = link.copyMode === "copy" ? progress.copied : progress.defined;
    if (!settled && !options.force) throw options.unsettled();
    await new VolumeContent(tx).unlink(target, link, progress);
  }

  /** Whether any of the links is a copy link still copying (a restore waits for them). */
  someStillCopying(links: readonly SimLink[], stalls: SimStalls): boolean {
    const now = this.clock.now();
    return links.some((link) => link.copyMode === "copy" && !linkProgress(link, now, stalls).copied);
  }

  /** The source's snapshot that has a restore session, if one has: a source is restored from one at a time. */
  async restoringSnapshotOf(tx: ArraySnapshots, sourceNativeId: string): Promise<SimSnapshot | undefined> {
    return (await tx.snapshotsOfSource(sourceNativeId)).find((snapshot) => snapshot.restore !== null);
  }

  /**
   * Starts the restore session of the snapshot onto its source (checked and locked by the
   * caller): the source reads the snapshot's image at once — or, `fromTarget`, what that linked
   * target reads — and the restore pass copies the tracks that took.
   */
  async startRestore(
    tx: ArrayStateTransaction,
    snapshot: SimSnapshot,
    source: SimDevice,
    passes: PassTiming,
    fromTarget?: SimLink,
  ): Promise<SimSnapshot> {
    const now = this.clock.now();
    const content = new VolumeContent(tx);
    const tracks = fromTarget ? await content.restoreFromTarget(fromTarget) : await content.restore(snapshot);
    const durationMs = passes.copyMs(tracks, source.capacityBytes, await this.clock.timing(tx));
    const started: SimSnapshot = {
      ...snapshot,
      restore: {
        startedAt: now,
        durationMs,
        tracks,
        ...(fromTarget ? { fromTargetNativeId: fromTarget.targetNativeId } : {}),
      },
    };
    await tx.updateSnapshot(started);
    return started;
  }

  /** Ends the snapshot's restore session (its source locked by the caller); `inProgress` is raised until its pass is over. */
  async endRestore(tx: ArrayStateTransaction, snapshot: SimSnapshot, inProgress: () => Error): Promise<void> {
    if (snapshot.restore && !restoreProgress(snapshot.restore, this.clock.now(), await tx.stalls()).restored) {
      throw inProgress();
    }
    await tx.updateSnapshot({ ...snapshot, restore: null });
  }
}
