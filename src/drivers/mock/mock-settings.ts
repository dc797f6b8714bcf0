import { booleanSetting, InvalidArraySetting, positiveIntegerSetting } from "../simulation/settings.js";

/** "Unlimited" unless configured. */
export const MOCK_UNLIMITED = 65536;

/**
 * A mock storage system's `settings`:
 * - `maxLinkedTargetsPerSource` (default 65536): links per source volume, over all its snapshots;
 * - `maxSnapshotsPerSource` (default 65536);
 * - `supportsCopyMode` (default true);
 * - `ticks` (default 0): how many clock ticks (100 ms at speed 1, none on the `instant` clock) a
 *   copy or a restore takes; 0 finishes them at once. Links always come back defined.
 */
export interface MockSettings {
  readonly maxLinkedTargetsPerSource: number;
  readonly maxSnapshotsPerSource: number;
  readonly supportsCopyMode: boolean;
  readonly ticks: number;
}

export const MOCK_SETTING_KEYS = ["maxLinkedTargetsPerSource", "maxSnapshotsPerSource", "supportsCopyMode", "ticks"];

/** Raises InvalidArraySetting naming the key of a bad value. */
export function parseMockSettings(settings: Readonly<Record<string, unknown>>): MockSettings {
  return {
    maxLinkedTargetsPerSource: positiveIntegerSetting(settings, "maxLinkedTargetsPerSource", MOCK_UNLIMITED),
    maxSnapshotsPerSource: positiveIntegerSetting(settings, "maxSnapshotsPerSource", MOCK_UNLIMITED),
    supportsCopyMode: booleanSetting(settings, "supportsCopyMode", true),
    ticks: ticksSetting(settings),
  };
}

function ticksSetting(settings: Readonly<Record<string, unknown>>): number {
  const value = settings.ticks;
  if (value === undefined || value === null) return 0;
  if (typeof value === "number" && Number.isSafeInteger(value) && value >= 0 && value <= 36_000) return value;
  throw new InvalidArraySetting("ticks", value, "a whole number from 0 to 36000");
}
