import type { SimLink, SimRestore, SimStalls } from "./array-state-store.js";
import { NO_STALLS, stalledPassFraction } from "./fault-plan.js";

/** A track: 128 KiB. Progress is reported in whole percent of tracks; volume data is kept per track. */
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

/**
 * Where a link stands at `now`, derived from its start times and durations. A copy pass copies
 * `copyTracks` of the image's tracks; the others were copied before it (a relink copies only
 * the difference).
 */
export function linkProgress(link: SimLink, now: number, stalls: SimStalls = NO_STALLS): LinkProgress {
  const defined = stalledPassFraction(link.startedAt, link.defineDurationMs, now, stalls.get("define")) >= 1;
  if (link.copyStartedAt === null) return { defined, copiedTracks: 0, percentCopied: 0, copied: false };
  const fraction = stalledPassFraction(link.copyStartedAt, link.copyDurationMs, now, stalls.get("copy"));
  const copyTracks = Math.min(link.copyTracks, link.tracks);
  const copied = fraction >= 1;
  const copiedTracks = copied ? link.tracks : link.tracks - copyTracks + Math.floor(copyTracks * fraction);
  const percentCopied = copied ? 100 : Math.min(99, Math.floor((copiedTracks * 100) / Math.max(1, link.tracks)));
  return { defined: defined || copied, copiedTracks, percentCopied, copied };
}

export interface RestoreProgress {
  readonly restoredTracks: number;
  /** Whole percent of the restore's tracks copied back: 100 only when every one is. */
  readonly percentRestored: number;
  readonly restored: boolean;
}

/** Where a restore pass stands at `now`. */
export function restoreProgress(restore: SimRestore, now: number, stalls: SimStalls = NO_STALLS): RestoreProgress {
  const fraction = stalledPassFraction(restore.startedAt, restore.durationMs, now, stalls.get("restore"));
  const restored = fraction >= 1;
  const restoredTracks = restored ? restore.tracks : Math.floor(restore.tracks * fraction);
  const percentRestored = restored
    ? 100
    : Math.min(99, Math.floor((restoredTracks * 100) / Math.max(1, restore.tracks)));
  return { restoredTracks, percentRestored, restored };
}
