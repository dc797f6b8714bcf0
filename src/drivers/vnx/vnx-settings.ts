import { oneOfSetting, positiveIntegerSetting } from "../simulation/settings.js";
import { MIGRATION_RATES, type MigrationRate } from "../simulation/simulation-clock.js";

export const VNX_DEFAULT_SMPS_PER_SOURCE = 256;

/**
 * A VNX storage system's `settings`:
 * - `maxSnapshotMountPointsPerSource` (default 256): snapshot mount points per primary LUN,
 *   which is also the most targets one source can have linked;
 * - `migrationRate` (`low|medium|high|asap`, default `high`): the LUN migration rate of copy-mode links.
 */
export interface VnxSettings {
  readonly maxSnapshotMountPointsPerSource: number;
  readonly migrationRate: MigrationRate;
}

export const VNX_SETTING_KEYS = ["maxSnapshotMountPointsPerSource", "migrationRate"];

/** Raises InvalidArraySetting naming the key of a bad value. */
export function parseVnxSettings(settings: Readonly<Record<string, unknown>>): VnxSettings {
  return {
    maxSnapshotMountPointsPerSource: positiveIntegerSetting(
      settings,
      "maxSnapshotMountPointsPerSource",
      VNX_DEFAULT_SMPS_PER_SOURCE,
    ),
    migrationRate: oneOfSetting(settings, "migrationRate", MIGRATION_RATES, "high"),
  };
}
