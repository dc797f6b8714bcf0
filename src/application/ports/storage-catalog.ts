/** A registered array, as drivers and handlers need it. */
export interface StorageSystemRecord {
  readonly id: string;
  readonly name: string;
  readonly systemType: string;
  /** The array's own identifier (serial number). */
  readonly nativeId: string;
  readonly settings: Readonly<Record<string, unknown>>;
}

export interface StoragePoolRecord {
  readonly id: string;
  readonly name: string;
  readonly storageSystemId: string;
  readonly nativeId: string;
}

export interface VirtualPoolRecord {
  readonly id: string;
  readonly name: string;
  readonly systemType: string;
  readonly varrayIds: readonly string[];
  readonly maxSnapshots: number;
  /** Volumes of the pool may be made in a consistency group. */
  readonly multiVolumeConsistency: boolean;
}

export interface VirtualArrayRecord {
  readonly id: string;
  readonly name: string;
}

/** Read access to the physical and virtual storage configuration. */
export interface StorageCatalog {
  findStorageSystem(id: string): Promise<StorageSystemRecord | null>;
  findStoragePool(id: string): Promise<StoragePoolRecord | null>;
  findVirtualPool(id: string): Promise<VirtualPoolRecord | null>;
  findVirtualArray(id: string): Promise<VirtualArrayRecord | null>;
  /** Pools of the given family reachable from the varray, for placing a new volume. */
  findPoolsFor(systemType: string, varrayId: string): Promise<StoragePoolRecord[]>;
}
