/*
 * The JSON of Unisphere for PowerMax REST as far as coprsim speaks it, on either side: the
 * array client (unisphere-array-client.ts) sends the requests and reads the answers, the
 * simulated arrays' surface (src/drivers/snapvx/surface) answers them. Field names are the
 * API's own (a mix of camelCase and snake_case, as the API has them); docs/unisphere.md lists
 * the requests with their shapes. Booleans arrive as JSON booleans or as the strings "true" /
 * "false" (clients send both): see {@link isTrue}.
 */

/** Base path of every request. */
export const UNISPHERE_BASE_PATH = "/univmax/restapi";

/** `executionOption` of a request that should answer 202 with a job instead of waiting. */
export const ASYNCHRONOUS = "ASYNCHRONOUS";

/** `GET /version`. */
export interface UnisphereVersion {
  /** `V10.3.0.0`: a letter (V release, T test, X development) and the dotted version. */
  readonly version: string;
  readonly api_version?: string;
  readonly supported_api_versions?: readonly string[];
}

/** `GET /{ver}/system/symmetrix/{sym}`. 5978 arrays say `ucode`, 6079 ones `microcode`. */
export interface SymmetrixSystem {
  readonly symmetrixId: string;
  readonly model: string;
  readonly ucode?: string;
  readonly microcode?: string;
  readonly local?: boolean;
  readonly device_count?: number;
  readonly default_fba_srp?: string;
}

/** `GET /{ver}/system/symmetrix` and `GET /{ver}/sloprovisioning/symmetrix`. */
export interface SymmetrixIdList {
  readonly symmetrixId: readonly string[];
}

/** `GET /{ver}/replication/capabilities/symmetrix`. */
export interface ReplicationCapabilities {
  readonly symmetrixCapability: readonly {
    readonly symmetrixId: string;
    readonly snapVxCapable: boolean;
    readonly rdfCapable: boolean;
  }[];
}

export type JobStatus = "UNSCHEDULED" | "SCHEDULED" | "RUNNING" | "SUCCEEDED" | "FAILED";

/** The statuses a client waits through (compared without case): anything else but SUCCEEDED failed. */
export const UNFINISHED_JOB_STATUSES: readonly string[] = [
  "created",
  "unscheduled",
  "scheduled",
  "running",
  "validating",
  "validated",
];

/** An asynchronous job: the 202 answer of a request with `executionOption: ASYNCHRONOUS`, and `GET /{ver}/system/job/{id}`. */
export interface UnisphereJob {
  readonly jobId: string;
  readonly name: string;
  readonly symmetrixId: string;
  readonly status: JobStatus;
  readonly username: string;
  readonly last_modified_date: string;
  readonly last_modified_date_milliseconds: number;
  readonly scheduled_date: string;
  readonly scheduled_date_milliseconds: number;
  readonly completed_date?: string;
  readonly completed_date_milliseconds?: number;
  readonly task: readonly JobTask[];
  readonly resourceLink: string;
  /** `Succeeded`, or the array's text of what failed. */
  readonly result: string;
}

export interface JobTask {
  readonly execution_order: number;
  readonly description: string;
}

/** What a job's task says when it made volumes (clients take the device ids from it). */
export const CREATING_VOLUMES = "Creating new Volumes";
export const POPULATING_STORAGE_GROUP = "Populating Storage Group(s) with volumes";

/** Every refusal's body. */
export interface UnisphereErrorBody {
  readonly message: string;
}

/* --- provisioning: storage groups and volumes (`sloprovisioning`) --- */

export type CapacityUnit = "MB" | "GB" | "TB" | "CYL";

export interface VolumeIdentifier {
  readonly identifier_name?: string;
  readonly volumeIdentifierChoice: "identifier_name" | "identifier_name_plus_volume_id" | "none";
}

export interface VolumeAttributes {
  /** A number, as text. */
  readonly volume_size: string;
  readonly capacityUnit: CapacityUnit;
  readonly num_of_vols: number;
  readonly volumeIdentifier?: VolumeIdentifier;
}

/** `POST /{ver}/sloprovisioning/symmetrix/{sym}/storagegroup`. */
export interface CreateStorageGroupRequest {
  /** `SRP_1`, or `None` for a group outside any SRP. */
  readonly srpId: string;
  readonly storageGroupId: string;
  readonly emulation?: string;
  readonly sloBasedStorageGroupParam?: readonly {
    readonly sloId?: string;
    readonly workloadSelection?: string;
    readonly volumeAttributes?: readonly VolumeAttributes[];
    readonly noCompression?: boolean | string;
  }[];
  readonly executionOption?: string;
}

/** `PUT /{ver}/sloprovisioning/symmetrix/{sym}/storagegroup/{sg}`: one action at a time. */
export interface EditStorageGroupRequest {
  readonly executionOption?: string;
  readonly editStorageGroupActionParam: {
    readonly expandStorageGroupParam?: {
      readonly addVolumeParam?: {
        readonly volumeAttributes: readonly VolumeAttributes[];
        readonly emulation?: string;
        readonly create_new_volumes?: boolean | string;
      };
      readonly addSpecificVolumeParam?: { readonly volumeId: readonly string[] };
    };
    readonly removeVolumeParam?: { readonly volumeId: readonly string[] };
  };
}

/** `GET /{ver}/sloprovisioning/symmetrix/{sym}/storagegroup/{sg}`. */
export interface StorageGroup {
  readonly storageGroupId: string;
  readonly slo?: string;
  readonly srp?: string;
  readonly workload?: string;
  readonly num_of_vols: number;
  readonly num_of_child_sgs: number;
  readonly num_of_parent_sgs: number;
  readonly num_of_masking_views: number;
  readonly num_of_snapshots: number;
  readonly cap_gb: number;
  readonly device_emulation: string;
  readonly type: string;
  readonly unprotected: boolean;
}

/** `GET /{ver}/sloprovisioning/symmetrix/{sym}/storagegroup`. */
export interface StorageGroupList {
  readonly storageGroupId: readonly string[];
}

/** `GET /{ver}/sloprovisioning/symmetrix/{sym}/volume/{dev}`. */
export interface Volume {
  readonly volumeId: string;
  readonly type: string;
  readonly emulation: string;
  readonly cap_gb: number;
  readonly cap_mb: number;
  readonly cap_cyl: number;
  readonly status: string;
  readonly volume_identifier?: string;
  readonly wwn: string;
  readonly effective_wwn: string;
  readonly has_effective_wwn: boolean;
  readonly allocated_percent: number;
  readonly num_of_storage_groups: number;
  readonly num_of_front_end_paths: number;
  readonly storageGroupId?: readonly string[];
  readonly snapvx_source: boolean;
  readonly snapvx_target: boolean;
  readonly reserved: boolean;
  readonly pinned: boolean;
  readonly encapsulated: boolean;
  readonly mobility_id_enabled: boolean;
}

/** A list answered as an iterator: the first page, and how to fetch the others. */
export interface ResultIterator<T> {
  readonly id: string;
  readonly count: number;
  readonly maxPageSize: number;
  readonly expirationTime: number;
  readonly resultList: IteratorPage<T>;
}

/** `GET /common/Iterator/{id}/page?from=&to=` (1-based, inclusive). */
export interface IteratorPage<T> {
  readonly result: readonly T[];
  readonly from: number;
  readonly to: number;
}

/** `GET /{ver}/sloprovisioning/symmetrix/{sym}/volume[?storageGroupId=|volume_identifier=]`. */
export type VolumeIterator = ResultIterator<{ readonly volumeId: string }>;

/* --- SnapVX on devices (`/private/{ver}/replication/symmetrix/{sym}/…`) --- */

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

/* --- SnapVX on storage groups (`/{ver}/replication/symmetrix/{sym}/storagegroup/{sg}/snapshot…`) --- */

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

/** A boolean of a request: JSON `true`, or the text `true` in any case (Cinder sends text, gopowermax booleans). */
export function isTrue(value: unknown): boolean {
  return value === true || (typeof value === "string" && value.toLowerCase() === "true");
}
