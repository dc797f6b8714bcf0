import { createHash } from "node:crypto";
import type { ArrayStateTransaction, SimDevice, SimLink } from "./array-state-store.js";
import { type LinkProgress, TRACK_BYTES } from "./link-progress.js";

/*
 * The data plane of the simulated arrays: what each device reads, track by track (128 KiB).
 *
 * - A device's own tracks are what was written to it.
 * - A snapshot is redirect-on-write: the first write to a source track after the newest snapshot
 *   was taken preserves the track's previous content in that snapshot. Snapshot S reads, per
 *   track, the entry preserved by the oldest snapshot of the source not older than S, and where
 *   none did, the source's current content.
 * - A linked target reads its own tracks, and elsewhere its snapshot's image.
 * - Anything else reads as zeros.
 * - Whatever changes what a device reads (a write, a restore, a link, relink or unlink of it as a
 *   target) first preserves what it read for the device's own newest snapshot.
 * - A read that comes back to a device it went through (a source linked, to be restored, to a
 *   snapshot of its own linked target) finds nothing more there: all the device read before its
 *   link was preserved for its snapshots, which the read passed on its way.
 * Storage thus grows with the tracks written, never with capacity × targets.
 */

const ZERO_TRACK = new Uint8Array(TRACK_BYTES);
/** Tracks read or written per round trip. */
const BATCH_TRACKS = 64;
/** Cascades (a target linked to a snapshot of a target …) deeper than this are refused. */
const MAX_DEPTH = 16;

/** The devices a read went through on its way, from the one asked. */
type ReadPath = ReadonlySet<string>;
const NO_PATH: ReadPath = new Set();

/** A track's content: null reads as zeros. */
type Track = Uint8Array | null;

/** Drops trailing zeros: storage follows the bytes written. */
function trimmed(data: Uint8Array): Uint8Array {
  let end = data.length;
  while (end > 0 && data[end - 1] === 0) end -= 1;
  return end === data.length ? data : data.subarray(0, end);
}

function isZero(data: Uint8Array): boolean {
  for (let i = 0; i < data.length; i += 1) if (data[i] !== 0) return false;
  return true;
}

function batches<T>(items: readonly T[], size = BATCH_TRACKS): T[][] {
  const result: T[][] = [];
  for (let i = 0; i < items.length; i += size) result.push(items.slice(i, i + size));
  return result;
}

function union(...lists: readonly number[][]): number[] {
  return [...new Set(lists.flat())].sort((a, b) => a - b);
}

/** The data plane inside one array transaction. */
export class VolumeContent {
  constructor(private readonly tx: ArrayStateTransaction) {}

  /** What the device reads at the given tracks (absent: zeros). */
  async readTracks(nativeId: string, tracks: readonly number[], path = NO_PATH): Promise<Map<number, Track>> {
    const through = pathThrough(path, nativeId);
    if (!through) return new Map();
    const result = new Map<number, Track>(await this.tx.ownTracks(nativeId, tracks));
    const missing = tracks.filter((t) => !result.has(t));
    if (missing.length > 0) {
      const link = await this.tx.linkOfTarget(nativeId);
      if (link) for (const [t, data] of await this.readImage(link, missing, through)) result.set(t, data);
    }
    return result;
  }

  /** What the link's snapshot reads at the given tracks. */
  async readImage(
    link: Pick<SimLink, "snapId" | "sourceNativeId">,
    tracks: readonly number[],
    path = NO_PATH,
  ): Promise<Map<number, Track>> {
    const result = await this.tx.preservedTracks(await this.snapshotsFrom(link), tracks);
    const missing = tracks.filter((t) => !result.has(t));
    if (missing.length > 0) {
      for (const [t, data] of await this.readTracks(link.sourceNativeId, missing, path)) result.set(t, data);
    }
    return result;
  }

  /** Tracks that may read other than zeros, ascending. */
  async contentTrackNumbers(nativeId: string, path = NO_PATH): Promise<number[]> {
    const through = pathThrough(path, nativeId);
    if (!through) return [];
    const own = await this.tx.ownTrackNumbers(nativeId);
    const link = await this.tx.linkOfTarget(nativeId);
    return link ? union(own, await this.imageTrackNumbers(link, through)) : own;
  }

  async imageTrackNumbers(link: Pick<SimLink, "snapId" | "sourceNativeId">, path = NO_PATH): Promise<number[]> {
    const preserved = await this.tx.preservedTrackNumbers(await this.snapshotsFrom(link));
    return union(preserved, await this.contentTrackNumbers(link.sourceNativeId, path));
  }

  /** Reads `length` bytes at `offset`; the caller keeps them within the device. */
  async read(nativeId: string, offset: number, length: number): Promise<Uint8Array> {
    const out = new Uint8Array(length);
    if (length === 0) return out;
    const first = Math.floor(offset / TRACK_BYTES);
    const last = Math.floor((offset + length - 1) / TRACK_BYTES);
    const numbers = Array.from({ length: last - first + 1 }, (_, i) => first + i);
    for (const batch of batches(numbers)) {
      for (const [track, data] of await this.readTracks(nativeId, batch)) {
        if (data === null) continue;
        const trackStart = track * TRACK_BYTES;
        const from = Math.max(offset, trackStart);
        const to = Math.min(offset + length, trackStart + data.length);
        if (to > from) out.set(data.subarray(from - trackStart, to - trackStart), from - offset);
      }
    }
    return out;
  }

  /**
   * Writes bytes at `offset`, preserving the previous content of each track for the source's
   * newest snapshot first (once per track and snapshot). Partial tracks are read, merged, written.
   */
  async write(device: SimDevice, offset: number, bytes: Uint8Array): Promise<void> {
    if (bytes.length === 0) return;
    const first = Math.floor(offset / TRACK_BYTES);
    const last = Math.floor((offset + bytes.length - 1) / TRACK_BYTES);
    const numbers = Array.from({ length: last - first + 1 }, (_, i) => first + i);
    for (const batch of batches(numbers)) {
      const partial = batch.filter((t) => t * TRACK_BYTES < offset || (t + 1) * TRACK_BYTES > offset + bytes.length);
      const current = await this.readTracks(device.nativeId, partial);
      const tracks = new Map<number, Uint8Array>();
      for (const track of batch) {
        const trackStart = track * TRACK_BYTES;
        const data = new Uint8Array(Math.min(TRACK_BYTES, device.capacityBytes - trackStart));
        const before = current.get(track);
        if (before) data.set(before.subarray(0, data.length));
        const from = Math.max(offset, trackStart);
        const to = Math.min(offset + bytes.length, trackStart + data.length);
        data.set(bytes.subarray(from - offset, to - offset), from - trackStart);
        tracks.set(track, data);
      }
      await this.replaceTracks(device.nativeId, tracks);
    }
  }

  /**
   * Replaces whole tracks of a device (null: zeros), preserving what they read before for the
   * source's newest snapshot where it has not preserved them yet.
   */
  async replaceTracks(nativeId: string, tracks: ReadonlyMap<number, Track>): Promise<void> {
    await this.preserveBeforeChange(nativeId, [...tracks.keys()]);
    // An unlinked device reads zeros where it has no own track: zeros need no row there.
    const linked = (await this.tx.linkOfTarget(nativeId)) !== null;
    const put = new Map<number, Uint8Array>();
    const dropped: number[] = [];
    for (const [track, data] of tracks) {
      if (data === null || isZero(data)) {
        if (linked) put.set(track, new Uint8Array(0));
        else dropped.push(track);
      } else {
        put.set(track, trimmed(data));
      }
    }
    await this.tx.putOwnTracks(nativeId, put);
    await this.tx.deleteOwnTracks(nativeId, dropped);
  }

  /**
   * Before the device reads something else at these tracks: what it reads now, preserved for its
   * newest snapshot where that has not preserved them yet (a device that is no snapshot source:
   * nothing to do).
   */
  async preserveBeforeChange(nativeId: string, numbers: readonly number[]): Promise<void> {
    const newest = (await this.tx.snapshotsOfSource(nativeId)).at(-1);
    if (!newest || numbers.length === 0) return;
    const already = await this.tx.preservedTracks([newest.snapId], numbers);
    const unpreserved = numbers.filter((t) => !already.has(t));
    for (const batch of batches(unpreserved)) {
      const before = await this.readTracks(nativeId, batch);
      await this.tx.preserveTracks(newest.snapId, new Map(batch.map((t) => [t, trimmedOrNull(before.get(t) ?? null)])));
    }
  }

  /**
   * A new link presents the snapshot's image: what the target held before is gone (preserved
   * first for the target's own snapshots, where it is a source too). Call it before the link is
   * recorded.
   */
  async presentImage(link: Pick<SimLink, "snapId" | "sourceNativeId" | "targetNativeId">): Promise<void> {
    const target = link.targetNativeId;
    if ((await this.tx.snapshotsOfSource(target)).length > 0) {
      const changing = union(await this.contentTrackNumbers(target), await this.imageTrackNumbers(link));
      await this.preserveBeforeChange(target, changing);
    }
    await this.discardOwnTracks(target);
  }

  /** Drops what was written to the device. */
  async discardOwnTracks(nativeId: string): Promise<void> {
    await this.tx.deleteOwnTracks(nativeId);
  }

  /**
   * Copies the link's image into the target's own tracks (where it has none), before the link
   * goes: the target becomes an independent copy. `belowTrack` limits it to the tracks a copy
   * stopped mid-way had reached.
   */
  async materialize(link: SimLink, belowTrack = Number.POSITIVE_INFINITY): Promise<void> {
    const own = new Set(await this.tx.ownTrackNumbers(link.targetNativeId));
    const numbers = (await this.imageTrackNumbers(link)).filter((t) => !own.has(t) && t < belowTrack);
    for (const batch of batches(numbers)) {
      const image = await this.readImage(link, batch);
      const put = new Map<number, Uint8Array>();
      for (const [track, data] of image) if (data !== null && data.length > 0) put.set(track, trimmed(data));
      await this.tx.putOwnTracks(link.targetNativeId, put);
    }
  }

  /**
   * Removes the link; the target stays as a device of its own: a copied copy-mode target with
   * the whole image (`complete`), a nocopy target with its own writes only (`pointers-only`), a
   * copy stopped mid-way with the tracks it reached (`incomplete`).
   */
  async unlink(target: SimDevice, link: SimLink, progress: LinkProgress): Promise<void> {
    const copy = link.copyMode === "copy";
    if (!copy || !progress.copied) await this.preserveBeforeChange(target.nativeId, await this.imageTrackNumbers(link));
    if (copy) await this.materialize(link, progress.copied ? undefined : progress.copiedTracks);
    await this.tx.deleteLink(link.targetNativeId);
    await this.tx.updateDevice({
      ...target,
      content: !copy ? "pointers-only" : progress.copied ? "complete" : "incomplete",
    });
  }

  /**
   * For a relink to `toSnapId`: drops the target's own writes and returns how many tracks a copy
   * pass must copy — those differing between the two images, those the target was written at,
   * and those not copied yet (`copiedTracks` of the link's `tracks`).
   */
  async relinkDifference(link: SimLink, toSnapId: number, copiedTracks: number): Promise<number> {
    const differing = union(
      await this.tracksWrittenBetween(link.sourceNativeId, link.snapId, toSnapId),
      await this.tx.ownTrackNumbers(link.targetNativeId),
    );
    await this.preserveBeforeChange(link.targetNativeId, differing);
    await this.discardOwnTracks(link.targetNativeId);
    return Math.min(link.tracks, differing.length + link.tracks - copiedTracks);
  }

  /** Tracks written to the source between two of its snapshots (either order), and so differing between their images. */
  async tracksWrittenBetween(sourceNativeId: string, snapA: number, snapB: number): Promise<number[]> {
    if (snapA === snapB) return [];
    const [from, to] = snapA < snapB ? [snapA, snapB] : [snapB, snapA];
    const between = (await this.tx.snapshotsOfSource(sourceNativeId))
      .filter((s) => s.snapId >= from && s.snapId < to)
      .map((s) => s.snapId);
    return this.tx.preservedTrackNumbers(between);
  }

  /** Tracks written to the source since the snapshot was taken: those a restore copies back. */
  async tracksWrittenSince(link: Pick<SimLink, "snapId" | "sourceNativeId">): Promise<number[]> {
    return this.tx.preservedTrackNumbers(await this.snapshotsFrom(link));
  }

  /** Makes the source read the snapshot's image again; returns how many tracks that took. */
  async restore(snapshot: Pick<SimLink, "snapId" | "sourceNativeId">): Promise<number> {
    const numbers = await this.tracksWrittenSince(snapshot);
    for (const batch of batches(numbers)) {
      await this.replaceTracks(snapshot.sourceNativeId, await this.readImageComplete(snapshot, batch));
    }
    return numbers.length;
  }

  /**
   * Makes the source of the target's snapshot read what the target reads now (its own writes over
   * the snapshot's image); the snapshots of the source keep their images. Returns how many tracks
   * that took: those the target was written at and those written to the source since the snapshot.
   */
  async restoreFromTarget(link: SimLink): Promise<number> {
    const numbers = union(await this.tx.ownTrackNumbers(link.targetNativeId), await this.tracksWrittenSince(link));
    for (const batch of batches(numbers)) {
      const image = await this.readTracks(link.targetNativeId, batch);
      await this.replaceTracks(link.sourceNativeId, new Map(batch.map((t) => [t, image.get(t) ?? null])));
    }
    return numbers.length;
  }

  /** Before a snapshot goes, the next older snapshot of its source takes over what it preserved. */
  async forgetSnapshot(snapId: number, sourceNativeId: string): Promise<void> {
    const older = (await this.tx.snapshotsOfSource(sourceNativeId)).filter((s) => s.snapId < snapId).at(-1);
    await this.tx.handOverPreservedTracks(snapId, older?.snapId ?? null);
  }

  /**
   * The device's tracks that hold something, ascending, with what they hold: enough to digest
   * its content outside the transaction ({@link sha256OfContent}).
   */
  async heldTracks(device: SimDevice): Promise<HeldTrack[]> {
    const trackCount = Math.ceil(device.capacityBytes / TRACK_BYTES);
    const numbers = (await this.contentTrackNumbers(device.nativeId)).filter((t) => t < trackCount);
    const held: HeldTrack[] = [];
    for (const batch of batches(numbers)) {
      const content = await this.readTracks(device.nativeId, batch);
      for (const track of batch) {
        const data = content.get(track);
        if (data && data.length > 0) held.push({ track, data });
      }
    }
    return held;
  }

  private async readImageComplete(
    link: Pick<SimLink, "snapId" | "sourceNativeId">,
    tracks: readonly number[],
  ): Promise<Map<number, Track>> {
    const image = await this.readImage(link, tracks);
    return new Map(tracks.map((t) => [t, image.get(t) ?? null]));
  }

  /** The snapshot and the newer ones of its source: where its image's preserved tracks are. */
  private async snapshotsFrom(link: Pick<SimLink, "snapId" | "sourceNativeId">): Promise<number[]> {
    return (await this.tx.snapshotsOfSource(link.sourceNativeId))
      .filter((s) => s.snapId >= link.snapId)
      .map((s) => s.snapId);
  }
}

export interface HeldTrack {
  readonly track: number;
  readonly data: Uint8Array;
}

/** Zero tracks hashed between two yields to the event loop (64 MiB): a big digest does not stall the process. */
const TRACKS_PER_SLICE = 512;

/**
 * SHA-256 (hex) of `capacityBytes` of content: the held tracks, zeros elsewhere. Costs a pass
 * over the whole capacity (about a second per GiB), yielding to the event loop as it goes.
 */
export async function sha256OfContent(capacityBytes: number, held: readonly HeldTrack[]): Promise<string> {
  const hash = createHash("sha256");
  let position = 0;
  let sinceYield = 0;
  const advanceTo = async (end: number) => {
    while (position < end) {
      const size = Math.min(TRACK_BYTES - (position % TRACK_BYTES), end - position);
      hash.update(ZERO_TRACK.subarray(0, size));
      position += size;
      sinceYield += 1;
      if (sinceYield >= TRACKS_PER_SLICE) {
        sinceYield = 0;
        await new Promise((resolve) => setImmediate(resolve));
      }
    }
  };
  for (const { track, data } of held) {
    const start = track * TRACK_BYTES;
    await advanceTo(start);
    const bytes = data.subarray(0, Math.min(data.length, capacityBytes - start));
    hash.update(bytes);
    position = start + bytes.length;
  }
  await advanceTo(capacityBytes);
  return hash.digest("hex");
}

/** The path on through the device; null when the read came back to it. */
function pathThrough(path: ReadPath, nativeId: string): ReadPath | null {
  if (path.has(nativeId)) return null;
  if (path.size >= MAX_DEPTH) throw new Error(`linked targets cascade deeper than ${MAX_DEPTH} on ${nativeId}`);
  return new Set(path).add(nativeId);
}

function trimmedOrNull(data: Track): Track {
  if (data === null || isZero(data)) return null;
  return trimmed(data);
}
