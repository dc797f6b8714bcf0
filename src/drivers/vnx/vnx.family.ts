import type { ArrayFamily } from "../simulation/array-family.js";
import { VNX_FAMILY } from "./simulated-vnx-array.js";
import { createVnxDriver, VNX_REGISTRATION, VNX_SYSTEM_TYPE } from "./vnx.driver.js";
import { VNX_SNAPSHOT_SESSION_MODES } from "./vnx-settings.js";

/** VNX for Block with VNX Snapshots: snapshot mount points as targets, LUN migrations as copies. */
export const VNX: ArrayFamily<typeof VNX_SYSTEM_TYPE> = {
  systemType: VNX_SYSTEM_TYPE,
  title: "VNX for Block with VNX Snapshots",
  names: ["vnxblock", "vnx", "clariion", "naviseccli"],
  createDriver: createVnxDriver,
  simulatedFamily: VNX_FAMILY,
  registration: VNX_REGISTRATION,
  settingFields: [
    { key: "maxSnapshotMountPointsPerSource", wireName: "max_snapshot_mount_points_per_source", kind: "integer" },
    { key: "migrationRate", wireName: "migration_rate", kind: "text" },
    { key: "snapshotSessions", wireName: "snapshot_sessions", kind: "text" },
  ],
  settingsSummary:
    "VNX's mount point limit, migration rate, and `snapshot_sessions`: `refused` makes it refuse every " +
    "snapshot-session operation with 405/1007 as CoprHD 3.6 does",
  registrationExample: {
    name: "vnx-coprhd",
    summary: "a VNX that refuses snapshot sessions, as CoprHD 3.6 has VNX",
    settings: { snapshotSessions: "refused" },
  },
  seed: {
    serialNumber: "CLARIION+APM00140000001",
    variables: [
      {
        variable: "COPRSIM_VNX_SNAPSHOT_SESSIONS",
        key: "snapshotSessions",
        values: VNX_SNAPSHOT_SESSION_MODES,
        description:
          "`refused`: the seeded `vnxblock` system refuses snapshot sessions as CoprHD 3.6 does (`supported` sets it back)",
      },
    ],
  },
  capabilityVariants: [{ label: "`snapshot_sessions: refused`", settings: { snapshotSessions: "refused" } }],
};
