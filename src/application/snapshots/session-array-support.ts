import { InvariantViolation } from "../../domain/shared/service-error.js";
import { ViprErrors } from "../../domain/shared/vipr-errors.js";
import type { DriverCapabilities } from "../ports/array-driver.js";
import type { DriverRegistry } from "../ports/driver-registry.js";
import type { TransactionScope } from "../ports/unit-of-work.js";

/** What the array a session (or its source) lives on can do. */
export async function capabilitiesOfSystem(
  scope: TransactionScope,
  drivers: DriverRegistry,
  storageSystemId: string,
): Promise<DriverCapabilities> {
  const system = await scope.catalog.findStorageSystem(storageSystemId);
  if (!system) throw new InvariantViolation(`unknown storage system ${storageSystemId}`);
  return drivers.forSystemType(system.systemType).capabilities(system);
}

/**
 * 405/1007 when the array refuses snapshot-session operations (a VNX configured as CoprHD 3.6
 * has it), at the point the real controller asks its family: after the session (or source)
 * was found active and the request read, before who asks and what is asked are checked.
 */
export function requireSessionOperationsTaken(capabilities: DriverCapabilities): void {
  if (capabilities.snapshotSessionsRefusedFor !== null) {
    throw ViprErrors.operationNotSupported(capabilities.snapshotSessionsRefusedFor);
  }
}
