import type { DriverCapabilities } from "../../application/ports/array-driver.js";
import type { ArrayFamily } from "./array-family.js";
import { InMemoryArrayStateStore } from "./in-memory-array-state-store.js";
import { SimulationClock } from "./simulation-clock.js";

/**
 * What a family's driver declares it can do for a system of the given settings: the same
 * `capabilities` the API consults, asked of a driver on an empty in-memory array.
 */
export function declaredCapabilities(
  family: ArrayFamily,
  settings: Readonly<Record<string, unknown>> = {},
): DriverCapabilities {
  const driver = family.createDriver({
    store: new InMemoryArrayStateStore(),
    clock: new SimulationClock({ profile: "instant" }),
  });
  return driver.capabilities({
    id: `urn:storageos:StorageSystem:${family.systemType}:vdc1`,
    name: family.systemType,
    systemType: family.systemType,
    nativeId: family.seed.serialNumber,
    settings,
  });
}
