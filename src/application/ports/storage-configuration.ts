/** A storage system being registered, with the one pool the simulated array offers. */
export interface NewStorageSystem {
  readonly id: string;
  readonly name: string;
  readonly systemType: string;
  /** The array's serial number; the simulated array's state is kept under it. */
  readonly nativeId: string;
  readonly settings: Readonly<Record<string, unknown>>;
  readonly pool: { readonly id: string; readonly name: string; readonly nativeId: string };
  /** The virtual arrays the pool serves; empty: every virtual array. */
  readonly varrayIds: readonly string[];
  readonly creationTime: number;
}

export interface NewVirtualArray {
  readonly id: string;
  readonly name: string;
  readonly creationTime: number;
}

export interface NewVirtualPool {
  readonly id: string;
  readonly name: string;
  readonly systemType: string;
  readonly varrayIds: readonly string[];
  readonly maxSnapshots: number;
  readonly multiVolumeConsistency: boolean;
  readonly creationTime: number;
}

/** Why an addition was refused; checked and written under one lock, so two racing additions cannot both pass. */
export type StorageAddition = "added" | "name-taken" | "serial-taken";

/** Changes to the physical and virtual storage configuration (SYSTEM_ADMIN's). */
export interface StorageConfiguration {
  /** Adds the system and its pool, unless an active system has the name (case-insensitive) or the serial number. */
  addStorageSystem(system: NewStorageSystem): Promise<StorageAddition>;
  /** Adds the virtual array unless an active one has the name. */
  addVirtualArray(varray: NewVirtualArray): Promise<StorageAddition>;
  /** Adds the virtual pool unless an active one has the name. */
  addVirtualPool(vpool: NewVirtualPool): Promise<StorageAddition>;
}

export const STORAGE_CONFIGURATION = Symbol("StorageConfiguration");
