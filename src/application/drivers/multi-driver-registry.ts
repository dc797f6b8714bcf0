import type { ArrayDriver } from "../ports/array-driver.js";
import type { DriverRegistry } from "../ports/driver-registry.js";

/** The registry of the drivers a process was built with (one per family, multi-bound). */
export class MultiDriverRegistry implements DriverRegistry {
  private readonly drivers: ReadonlyMap<string, ArrayDriver>;

  /** Raises when two drivers claim the same `system_type`. */
  constructor(drivers: readonly ArrayDriver[]) {
    const bySystemType = new Map<string, ArrayDriver>();
    for (const driver of drivers) {
      if (bySystemType.has(driver.systemType)) {
        throw new Error(`two array drivers serve system_type ${driver.systemType}`);
      }
      bySystemType.set(driver.systemType, driver);
    }
    this.drivers = bySystemType;
  }

  forSystemType(systemType: string): ArrayDriver {
    const driver = this.drivers.get(systemType);
    if (!driver) {
      const known = [...this.drivers.keys()].join(", ") || "none";
      throw new Error(`no array driver serves system_type ${systemType} (known: ${known})`);
    }
    return driver;
  }

  systemTypes(): readonly string[] {
    return [...this.drivers.keys()];
  }
}
