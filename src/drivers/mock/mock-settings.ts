import { booleanSetting, positiveIntegerSetting } from "../simulation/settings.js";

/** "Unlimited" unless configured. */
export const MOCK_UNLIMITED = 65536;

/**
 * A mock storage system's `settings`:
 * - `maxLinkedTargetsPerSource` (default 65536): links per source volume, over all its snapshots;
 * - `maxSnapshotsPerSource` (default 65536);
 * - `supportsCopyMode` (default true).
 */
export interface MockSettings {
  readonly maxLinkedTargetsPerSource: number;
  readonly maxSnapshotsPerSource: number;
  readonly supportsCopyMode: boolean;
}

/** Raises InvalidArraySetting naming the key of a bad value. */
export function parseMockSettings(settings: Readonly<Record<string, unknown>>): MockSettings {
  return {
    maxLinkedTargetsPerSource: positiveIntegerSetting(settings, "maxLinkedTargetsPerSource", MOCK_UNLIMITED),
    maxSnapshotsPerSource: positiveIntegerSetting(settings, "maxSnapshotsPerSource", MOCK_UNLIMITED),
    supportsCopyMode: booleanSetting(settings, "supportsCopyMode", true),
  };
}
