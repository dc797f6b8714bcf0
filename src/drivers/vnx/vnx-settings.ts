import { oneOfSetting, positiveIntegerSetting } from "../simulation/settings.js";
import { MIGRATION_RATES, type MigrationRate } from "../simulation/simulation-clock.js";

export const VNX_DEFAULT_SMPS_PER_SOURCE = 256;

/** `supported`: coprsim's VNX snapshot sessions; `refused`: refused as CoprHD 3.6 refuses them. */
export const VNX_SNAPSHOT_SESSION_MODES = ["supported", "refused"] as const;
export type VnxSnapshotSessionMode = (typeof VNX_SNAPSHOT_SESSION_MODES)[number];

/**
 * A VNX storage system's `settings`:
 * - `maxSnapshotMountPointsPerSource` (default 256): snapshot mount points per primary LUN,
 *   which is also the most targets one source can have linked;
 * - `migrationRate` (`low|medium|high|asap`, default `high`): the LUN migration rate of copy-mode links;
 * - `snapshotSessions` (`supported|refused`, default `supported`): whether the system takes
 *   snapshot-session operations (coprsim's VNX sessions), or refuses every one of them with
 *   405/1007 `Operation not supported for VNX.` as CoprHD 3.6 does (docs/arrays.md).
 */
export interface VnxSettings {
  readonly maxSnapshotMountPointsPerSource: number;
  readonly migrationRate: MigrationRate;
  readonly snapshotSessions: VnxSnapshotSessionMode;
}

export const VNX_SETTING_KEYS = ["maxSnapshotMountPointsPerSource", "migrationRate", "snapshotSessions"];

/** Raises InvalidArraySetting naming the key of a bad value. */
export function parseVnxSettings(settings: Readonly<Record<string, unknown>>): VnxSettings {
  return {
    maxSnapshotMountPointsPerSource: positiveIntegerSetting(
      settings,
      "maxSnapshotMountPointsPerSource",
      VNX_DEFAULT_SMPS_PER_SOURCE,
    ),
    migrationRate: oneOfSetting(settings, "migrationRate", MIGRATION_RATES, "high"),
    snapshotSessions: oneOfSetting(settings, "snapshotSessions", VNX_SNAPSHOT_SESSION_MODES, "supported"),
  };
}
