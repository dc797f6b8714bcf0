import type { SimLink, SimRestore } from "./array-state-store.js";
import { passFraction } from "./simulation-clock.js";

/** SnapVX track: 128 KiB. Progress is reported in whole percent of tracks. */
export const TRACK_BYTES = 128 * 1024;

/** ⌈bytes / 128 KiB⌉. */
export function tracksOf(bytes: number): number {
  return Math.ceil(bytes / TRACK_BYTES);
}

export interface LinkProgress {
  /** The define pass is over. */
  readonly defined: boolean;
  readonly copiedTracks: number;
  /** Whole percent of tracks copied: 100 only when every track is. */
  readonly percentCopied: number;
  /** A copy pass exists and is over. */
  readonly copied: boolean;
}

/** Where a link stands at `now`, derived from its start times and durations. */
export function linkProgress(link: SimLink, now: number): LinkProgress {
  const defined = passFraction(link.startedAt, link.defineDurationMs, now) >= 1;
  if (link.copyStartedAt === null) return { defined, copiedTracks: 0, percentCopied: 0, copied: false };
  const copiedTracks = Math.floor(link.tracks * passFraction(link.copyStartedAt, link.copyDurationMs, now));
  const percentCopied = link.tracks === 0 ? 100 : Math.floor((copiedTracks * 100) / link.tracks);
  return { defined, copiedTracks, percentCopied, copied: copiedTracks >= link.tracks };
}

export interface RestoreProgress {
  readonly restoredTracks: number;
  /** Whole percent of the restore's tracks copied back: 100 only when every one is. */
  readonly percentRestored: number;
  readonly restored: boolean;
}

/** Where a restore pass stands at `now`. */
export function restoreProgress(restore: SimRestore, now: number): RestoreProgress {
  const restoredTracks = Math.floor(restore.tracks * passFraction(restore.startedAt, restore.durationMs, now));
  const restored = restoredTracks >= restore.tracks;
  const percentRestored = restored ? 100 : Math.floor((restoredTracks * 100) / restore.tracks);
  return { restoredTracks, percentRestored, restored };
}
