/*
 * SnapVX on storage groups (`/{ver}/replication/symmetrix/{sym}/storagegroup/{sg}/snapshot…`):
 * see unisphere-wire.ts.
 */

/** `GET …/snapshot`. */
export interface StorageGroupSnapshotNames {
  readonly name: readonly string[];
  readonly snapshot_names_and_counts: readonly {
    readonly name: string;
    readonly snapshot_count: number;
    readonly newest_timestamp_utc: number;
  }[];
}

/** `POST …/snapshot`. */
export interface CreateStorageGroupSnapshotRequest {
  readonly snapshotName: string;
  readonly timeToLive?: number | string;
  readonly secure?: number | string;
  readonly timeInHours?: boolean | string;
  readonly bothSides?: boolean | string;
  readonly executionOption?: string;
}

/** `GET …/snapshot/{name}/snapid`: newest first. */
export interface StorageGroupSnapIds {
  readonly snapids: readonly number[];
}

/** `GET …/snapshot/{name}/generation`: 0 is the newest. */
export interface StorageGroupGenerations {
  readonly generations: readonly number[];
}

/** The target group named in a link, relink or unlink: snap id forms say `storage_group_name`, generation forms their own key. */
export interface StorageGroupLinkParam {
  readonly storage_group_name?: string;
  readonly linkStorageGroupName?: string;
  readonly relinkStorageGroupName?: string;
  readonly unlinkStorageGroupName?: string;
  readonly copy?: boolean | string;
  readonly remote?: boolean | string;
  readonly force?: boolean | string;
  readonly symforce?: boolean | string;
  readonly exact?: boolean | string;
}

/** `PUT …/snapshot/{name}/snapid/{id}` (or `/generation/{n}`): one action at a time. */
export interface ModifyStorageGroupSnapshotRequest {
  readonly action: "Link" | "Relink" | "Unlink" | "Restore" | string;
  readonly link?: StorageGroupLinkParam;
  readonly relink?: StorageGroupLinkParam;
  readonly unlink?: StorageGroupLinkParam;
  readonly restore?: { readonly force?: boolean | string; readonly remote?: boolean | string };
  readonly executionOption?: string;
}

export interface LinkedStorageGroup {
  readonly name: string;
  readonly source_volume_name: string;
  readonly linked_volume_name: string;
  readonly tracks: number;
  readonly track_size: number;
  readonly percentageCopied: number;
  readonly defined: boolean;
  readonly background_define_in_progress: boolean;
  readonly copy: boolean;
  readonly state: string;
}

/** `GET …/snapshot/{name}/snapid/{id}`: snake_case. */
export interface StorageGroupSnapshot {
  readonly name: string;
  readonly generation: number;
  readonly snapid?: number;
  readonly timestamp: string;
  readonly timestamp_utc: number;
  /** The states of the snapshot's devices and links: `Established`, `Linked`, `CopyInProg`, `Copied`, `RestoreInProg`, `Restored`. */
  readonly state: readonly string[];
  readonly num_source_volumes: number;
  readonly num_storage_group_volumes: number;
  readonly source_volume: readonly { readonly name: string; readonly capacity: number; readonly capacity_gb: number }[];
  readonly tracks: number;
  readonly time_to_live_expiry_date: string;
  readonly expired: boolean;
  readonly linked: boolean;
  readonly restored: boolean;
  readonly persistent: boolean;
  readonly linked_storage_group_names: readonly string[];
  readonly linked_storage_group: readonly LinkedStorageGroup[];
}

/** `GET …/snapshot/{name}/generation/{n}`: camelCase. */
export interface StorageGroupSnapshotGeneration {
  readonly name: string;
  readonly generation: number;
  readonly timestamp: string;
  readonly state: readonly string[];
  readonly isLinked: boolean;
  readonly isRestored: boolean;
  readonly isExpired: boolean;
  readonly timeToLiveExpiryDate: string;
  readonly numSourceVolumes: number;
  readonly numStorageGroupVolumes: number;
  readonly linkedStorageGroup: readonly {
    readonly name: string;
    readonly percentageCopied: number;
    readonly defined: boolean;
    readonly linkedVolumeName: string;
    readonly sourceVolumeName: string;
  }[];
}

/** `GET /{ver}/replication/symmetrix/{sym}/storagegroup/{sg}`. */
export interface StorageGroupReplication {
  readonly name: string;
  readonly numSnapVXSnapshots: number;
  readonly snapVXSnapshots: readonly string[];
  readonly isLinkTarget: boolean;
  readonly rdf: boolean;
  readonly capacityGB: number;
  readonly numDevicesNonGk: number;
}
