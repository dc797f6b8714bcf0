import type { StorageSystemRecord } from "../../application/ports/storage-catalog.js";
import { ArrayRefusal } from "../simulation/array-refusal.js";
import type { MigrationRate } from "../simulation/simulation-clock.js";

/*
 * A VNX for Block array as its CLI (naviseccli `lun`, `snap`, `migrate`) presents it: pool
 * LUNs, VNX Snapshots, snapshot mount points (SMPs) and LUN migrations. Today the simulated
 * array implements it. The array is addressed by its storage system record (serial = native id).
 */

export type VnxLunType = "normal" | "snap";
export type VnxLunState = "Initializing" | "Ready" | "Faulted";

export interface VnxLun {
  /** Decimal LUN number: `17`. */
  readonly lunId: string;
  readonly name: string;
  /** The LUN's unique id (WWN), 32 hex digits. */
  readonly wwn: string;
  readonly poolId: string;
  readonly capacityBytes: number;
  /** `snap`: a snapshot mount point. */
  readonly type: VnxLunType;
  readonly state: VnxLunState;
  /** An SMP's primary LUN; null for a normal LUN. */
  readonly primaryLunId: string | null;
  /** The snapshot attached to an SMP; null when none. */
  readonly attachedSnapshotId: string | null;
}

export interface VnxSnapshot {
  /** The simulator's stable id of the snapshot (decimal). */
  readonly snapshotId: string;
  readonly name: string;
  readonly primaryLunId: string;
  readonly state: "Ready";
  readonly creationTime: number;
}

/**
 * A running LUN migration. When it ends (`MIGRATED`) the session disappears and the
 * destination takes over the source's identity: LUN id, WWN and name stay the source's.
 */
export interface VnxMigration {
  readonly sourceLunId: string;
  readonly destinationLunId: string;
  readonly state: "MIGRATING";
  readonly percentComplete: number;
  readonly timeRemainingSeconds: number;
}

export type VnxErrorReason =
  | "already-attached"
  | "attached-to-other-snapshot"
  | "not-attached"
  | "invalid-lun-type"
  | "snapshot-of-other-lun"
  | "snapshot-attached"
  | "lun-has-smps"
  | "lun-has-snapshots"
  | "lun-in-use"
  | "smp-migrating"
  | "destination-not-available"
  | "not-migratable"
  | "not-migrating"
  | "smp-limit"
  | "snapshot-limit"
  | "lun-not-found"
  | "snapshot-not-found"
  | "link-not-fully-copied"
  | "not-a-snapshot-mount-point"
  | "lun-in-other-consistency-group";

/** The array's error texts; those marked so are the real array's (docs/arrays.md, "VNX (`vnxblock`)"), to the letter. */
export const VNX_MESSAGES = {
  /** Real. */ alreadyAttached: "0x716d8055",
  /** Real. */ notAttached: "Snapshot mount point is not currently attached.",
  /** Real. */ invalidLunType: "Cannot attach the snapshot. Invalid LUN type.",
  /** Real. */ snapshotAttached: "0x716d8003",
  /** Real. */ lunHasSmps: "0x716d801a",
  /** Real. */ lunHasSnapshots: "The LUN cannot be destroyed because it still has snapshots",
  /** Real. */ lunInUse: "Cannot unbind LUN because it's being used by a feature of the Storage System",
  /** Real. */ destinationNotAvailable: "The destination LUN is not available for migration",
  // The simulator's own wording where arrays.md gives none:
  attachedToOtherSnapshot: "Cannot attach the snapshot. The snapshot mount point already has a snapshot attached.",
  snapshotOfOtherLun: "Cannot attach the snapshot. The snapshot is not of the primary LUN of the snapshot mount point.",
  smpMigrating: "Cannot detach the snapshot. The snapshot mount point is being migrated.",
  notMigratable: (lunId: string) => `LUN ${lunId} cannot be migrated: only an attached snapshot mount point can.`,
  notMigrating: (lunId: string) => `LUN ${lunId} is not being migrated.`,
  smpLimit: (lunId: string, limit: number) =>
    `Cannot create the snapshot mount point. LUN ${lunId} already has the maximum of ${limit} snapshot mount points.`,
  snapshotLimit: (lunId: string, limit: number) =>
    `Cannot create the snapshot. LUN ${lunId} already has the maximum of ${limit} snapshots.`,
  lunNotFound: (lunId: string) => `LUN ${lunId} does not exist.`,
  lunInOtherConsistencyGroup: (lunId: string, group: string) =>
    `LUN ${lunId} is already a member of the consistency group ${group}.`,
  snapshotNotFound: (snapshotId: string) => `Snapshot ${snapshotId} does not exist.`,
  /** A restore while a copy-mode link still migrates, refused in SnapVX's words (docs/api/snapshot-sessions.md, "Restore"). */
  linkNotFullyCopied: "Link must be fully copied for this operation to proceed",
  notASnapshotMountPoint: (lunId: string) =>
    `LUN ${lunId} is not a snapshot mount point: a LUN is restored from a snapshot, not from another LUN.`,
} as const;

/** The array refused an operation; `message` is the array's text, `reason` says which refusal. */
export class VnxError extends ArrayRefusal<VnxErrorReason> {
  override readonly name = "VnxError";
}

/** Every method raises {@link VnxError} for the array's refusals. */
export interface VnxArrayClient {
  /** `lun -create`: a thin pool LUN. With an idempotency key already used, returns that LUN. */
  createLun(
    system: StorageSystemRecord,
    spec: { poolId: string; name: string; capacityBytes: number; idempotencyKey: string },
  ): Promise<VnxLun>;
  /** `lun -destroy`: refused while it has SMPs, snapshots, an attached snapshot or a migration. */
  destroyLun(system: StorageSystemRecord, lunId: string): Promise<void>;
  /** Null when there is no such LUN. */
  getLun(system: StorageSystemRecord, lunId: string): Promise<VnxLun | null>;
  /**
   * `snap -group -create` / `-addmember`: the LUNs into the consistency group, made if absent.
   * LUNs already in it stay, once; a LUN in another group: `lun-in-other-consistency-group`.
   */
  addToConsistencyGroup(system: StorageSystemRecord, spec: { name: string; lunIds: readonly string[] }): Promise<void>;
  /** `snap -create`: at most 256 per LUN. With an idempotency key already used, returns that snapshot. */
  createSnapshot(
    system: StorageSystemRecord,
    spec: { primaryLunId: string; name: string; idempotencyKey: string },
  ): Promise<VnxSnapshot>;
  /**
   * `snap -create -res <group> -resType CG`: a snapshot of every LUN of a consistency group at one
   * instant, one per LUN under the group snapshot's name, in one operation (a refusal of any takes
   * none). Idempotent per member key as `createSnapshot` is.
   */
  createConsistencyGroupSnapshot(
    system: StorageSystemRecord,
    spec: { name: string; members: readonly { primaryLunId: string; idempotencyKey: string }[] },
  ): Promise<VnxSnapshot[]>;
  /** `snap -destroy`: refused while attached. */
  destroySnapshot(system: StorageSystemRecord, snapshotId: string): Promise<void>;
  /**
   * `lun -create -type snap -primaryLun`: an SMP of the primary LUN's size; at most the
   * storage system's `maxSnapshotMountPointsPerSource` per primary LUN.
   */
  createSnapshotMountPoint(
    system: StorageSystemRecord,
    spec: { primaryLunId: string; name: string; idempotencyKey: string },
  ): Promise<VnxLun>;
  /** `snap -attach`: immediate; one snapshot per SMP. The same snapshot again: `already-attached`. */
  attachSnapshot(system: StorageSystemRecord, request: { smpId: string; snapshotId: string }): Promise<void>;
  /**
   * `snap -restore`: the primary LUN reads the snapshot's image again, at once (VNX has no
   * restore session). Refused while an SMP the snapshot is attached to is being migrated.
   */
  restoreSnapshot(system: StorageSystemRecord, snapshotId: string): Promise<void>;
  /**
   * `snap -restore` of an SMP's primary LUN from the snapshot attached to the SMP, which holds
   * what was written through the SMP: the LUN reads what the SMP reads, at once. Refused while
   * the SMP is being migrated (`link-not-fully-copied`), for a LUN that is no SMP (a migrated one
   * among them), and for an SMP without a snapshot attached.
   */
  restoreFromSnapshotMountPoint(system: StorageSystemRecord, smpId: string): Promise<void>;
  /** `snap -list` for one snapshot: null when there is no such snapshot. */
  getSnapshot(system: StorageSystemRecord, snapshotId: string): Promise<VnxSnapshot | null>;
  /** `snap -detach`: refused while the SMP is being migrated. */
  detachSnapshot(system: StorageSystemRecord, smpId: string): Promise<void>;
  /** `migrate -start`: the destination must be a ready, unused normal LUN at least as large. */
  startMigration(
    system: StorageSystemRecord,
    request: { sourceLunId: string; destinationLunId: string; rate: MigrationRate },
  ): Promise<void>;
  /** `migrate -list` for one source: null when it is not being migrated (or the migration ended). */
  migration(system: StorageSystemRecord, sourceLunId: string): Promise<VnxMigration | null>;
  /** `migrate -cancel`: the source stays as it was, the destination is left for the caller to destroy. */
  cancelMigration(system: StorageSystemRecord, sourceLunId: string): Promise<void>;
}
