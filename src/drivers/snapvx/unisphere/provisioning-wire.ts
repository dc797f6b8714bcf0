import type { ResultIterator } from "./unisphere-wire.js";

/* Provisioning: storage groups and volumes (`/{ver}/sloprovisioning/…`): see unisphere-wire.ts. */

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

/** `GET /{ver}/sloprovisioning/symmetrix/{sym}/volume[?storageGroupId=|volume_identifier=]`. */
export type VolumeIterator = ResultIterator<{ readonly volumeId: string }>;
