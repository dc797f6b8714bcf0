import type { ArrayDriver } from "./array-driver.js";

/** Finds the driver of a storage system's family. */
export interface DriverRegistry {
  /** Throws when no driver serves the family: storage systems are registered only for known families. */
  forSystemType(systemType: string): ArrayDriver;
  systemTypes(): readonly string[];
}

export const DRIVER_REGISTRY = Symbol("DriverRegistry");
