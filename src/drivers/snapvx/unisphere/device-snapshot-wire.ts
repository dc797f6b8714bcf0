/* SnapVX on devices (`/private/{ver}/replication/symmetrix/{sym}/…`): see unisphere-wire.ts. */

export interface DeviceName {
  readonly name: string;
}

/** `POST /private/{ver}/replication/symmetrix/{sym}/snapshot/{name}`. */
export interface CreateVolumeSnapshotRequest {
  readonly deviceNameListSource: readonly DeviceName[];
  readonly bothSides?: boolean | string;
  readonly star?: boolean | string;
  readonly force?: boolean | string;
  readonly timeToLive?: number;
  readonly timeInHours?: boolean | string;
  readonly executionOption?: string;
}

/** `PUT /private/{ver}/replication/symmetrix/{sym}/snapshot/{name}`: sources and targets pair by index. */
export interface ModifyVolumeSnapshotRequest {
  readonly deviceNameListSource: readonly DeviceName[];
  readonly deviceNameListTarget: readonly DeviceName[];
  /** `Restore` names each source as its own target. */
  readonly action: "Link" | "Unlink" | "Restore";
  readonly copy?: boolean | string;
  readonly star?: boolean | string;
  readonly force?: boolean | string;
  readonly exact?: boolean | string;
  readonly remote?: boolean | string;
  readonly symforce?: boolean | string;
  /** On arrays with snap ids (5978.669 and later). */
  readonly snap_id?: number;
  /** On older arrays, or when `snap_id` is left out: 0 (the newest) by default. */
  readonly generation?: number | string;
  readonly executionOption?: string;
}

/** `DELETE /private/{ver}/replication/symmetrix/{sym}/snapshot/{name}` (a body on a DELETE). */
export interface DeleteVolumeSnapshotRequest {
  readonly deviceNameListSource: readonly DeviceName[];
  readonly snap_id?: number;
  readonly generation?: number | string;
  /** Ends the restore session rather than the snapshot. */
  readonly restore?: boolean | string;
  readonly symforce?: boolean | string;
  readonly force?: boolean | string;
  readonly executionOption?: string;
}

/** One link of a snapshot, seen from its source (`linkedDevices`) or from its target (`snapshotLnks`). */
export interface LinkedDevice {
  readonly targetDevice: string;
  readonly timestamp: string;
  /** `Linked` (nocopy), `CopyInProg`, `Copied`; for a restore session (target = source): `RestoreInProg`, `Restored`. */
  readonly state: string;
  readonly trackSize: number;
  readonly tracks: number;
  readonly percentageCopied: number;
  readonly linked: boolean;
  readonly restored: boolean;
  readonly defined: boolean;
  readonly copy: boolean;
  readonly destage: boolean;
  readonly modified: boolean;
  readonly linkSourceName?: string;
  readonly snapshot_name?: string;
  readonly generation?: number;
  /** The linked snapshot's snap id (coprsim's surface gives it in `snapshotLnks`; clients read the source's when absent). */
  readonly snap_id?: number;
}

export interface VolumeSnapshotSource {
  readonly snapshotName: string;
  readonly generation: number;
  /** Absent on arrays without snap ids. */
  readonly snap_id?: number;
  /** When the snapshot was taken, as text. */
  readonly timestamp: string;
  /** When the snapshot was taken, epoch milliseconds. */
  readonly timestamp_utc?: number;
  readonly state: string;
  readonly expired: boolean;
  readonly secured: boolean;
  readonly isRestored: boolean;
  readonly ttl: number;
  readonly linkedDevices: readonly LinkedDevice[];
}

/** `GET /private/{ver}/replication/symmetrix/{sym}/volume/{dev}/snapshot`. */
export interface VolumeSnapshots {
  readonly deviceName: string;
  readonly snapshotSrcs: readonly VolumeSnapshotSource[];
  readonly snapshotLnks: readonly LinkedDevice[];
}

/** `GET /private/{ver}/replication/symmetrix/{sym}/volume/{dev}/snapshot/{name}`: its generations, newest first. */
export interface VolumeNamedSnapshot {
  readonly deviceName: string;
  readonly snapshotName: string;
  readonly snapshotSrc: readonly VolumeSnapshotSource[];
  readonly snapshotLnk: readonly LinkedDevice[];
}
