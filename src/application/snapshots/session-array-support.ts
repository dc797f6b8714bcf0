import { InvariantViolation } from "../../domain/shared/service-error.js";
import { ViprErrors } from "../../domain/shared/vipr-errors.js";
import type { LinkedTarget } from "../../domain/snapshots/linked-target.js";
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
 * 405/1007 when the array refuses snapshot-session operations (a family configured as CoprHD 3.6
 * has it), at the point the real controller asks its family: after the session (or source)
 * was found active and the request read, before who asks and what is asked are checked.
 */
export function requireSessionOperationsTaken(capabilities: DriverCapabilities): void {
  if (capabilities.snapshotSessionsRefusedFor !== null) {
    throw ViprErrors.operationNotSupported(capabilities.snapshotSessionsRefusedFor);
  }
}

/**
 * 405/1007 `Operation not supported for {family}.` when a copy-mode target is to be relinked on a
 * family that cannot relink one: refused before the task exists, where the real controller's
 * platform code refuses what its array cannot do (docs/api/snapshot-sessions.md, "Relink targets").
 */
export function requireCopyTargetsRelinkable(capabilities: DriverCapabilities, targets: readonly LinkedTarget[]): void {
  if (!capabilities.relinksCopyLinks && targets.some((target) => target.copyMode === "copy")) {
    throw ViprErrors.operationNotSupported(capabilities.family);
  }
}

/** 405/1007 when the family cannot restore a source from a copy-mode target (docs/api/snapshots.md). */
export function requireRestorableFromTarget(capabilities: DriverCapabilities, target: LinkedTarget): void {
  if (!capabilities.restoresFromCopyTargets && target.copyMode === "copy") {
    throw ViprErrors.operationNotSupported(capabilities.family);
  }
}

/**
 * 405/1007 `Operation not supported for {family}.` when a group session is asked of an array that
 * cannot take its members' snapshots at one instant (docs/support-matrix.md): refused before the
 * task exists, as the real controller refuses what its array cannot do.
 */
export function requireSnapshotsAtOneInstant(capabilities: DriverCapabilities): void {
  if (!capabilities.establishesSnapshotsAtOneInstant) throw ViprErrors.operationNotSupported(capabilities.family);
}
