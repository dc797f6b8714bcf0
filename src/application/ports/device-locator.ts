import type { StorageSystemRecord } from "./storage-catalog.js";

/** Where a controller resource lives on its array. */
export interface LocatedDevice {
  readonly system: StorageSystemRecord;
  /** The array's id of the device; null while it is not provisioned yet. */
  readonly nativeId: string | null;
  readonly inactive: boolean;
}

/**
 * Finds the array and device behind the controller's ids, for the simulator's own API (`/sim`).
 * Read-only; nothing is locked.
 */
export interface DeviceLocator {
  /** The storage system with that id (inactive ones too), or null. */
  storageSystem(id: string): Promise<StorageSystemRecord | null>;
  /** The device of a volume or of a linked target (`BlockSnapshot`) with that id, or null. */
  device(id: string): Promise<LocatedDevice | null>;
}

export const DEVICE_LOCATOR = Symbol("DeviceLocator");
