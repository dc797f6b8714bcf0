import type { BlockConsistencyGroup } from "../../domain/consistency-groups/block-consistency-group.js";
import { ServiceCode } from "../../domain/shared/service-code.js";
import { ServiceError } from "../../domain/shared/service-error.js";
import { isValidUrn } from "../../domain/shared/urn.js";
import { ViprErrors } from "../../domain/shared/vipr-errors.js";
import type { DriverRegistry } from "../ports/driver-registry.js";
import type { StoragePoolRecord, VirtualPoolRecord } from "../ports/storage-catalog.js";
import type { TransactionScope } from "../ports/unit-of-work.js";
import { unknownInBody } from "../shared/resource-access.js";

/**
 * The consistency group new volumes are to be made in, checked as the real controller's
 * `BlockService.createVolume` checks it, in its order: a URI (400/1002), a group (400/1004),
 * active (400/1006), of the volumes' project (400/1008), a virtual pool with
 * `multi_volume_consistency` (400/1008), and, once the group is bound to a storage system, that
 * system reachable from the virtual array (400/1008). The group stays locked until commit, so
 * that it is not deleted, nor bound to another system, meanwhile.
 */
export async function consistencyGroupForNewVolumes(
  scope: TransactionScope,
  groupId: string,
  request: { readonly projectId: string; readonly vpool: VirtualPoolRecord; readonly varrayId: string },
): Promise<BlockConsistencyGroup> {
  if (!isValidUrn(groupId)) throw ViprErrors.invalidUri(groupId);
  const group = await scope.consistencyGroups.findLocked(groupId, "update");
  if (!group) throw unknownInBody(groupId);
  if (!group.isActive) throw ViprErrors.entityInRequestIsInactive(groupId);
  group.checkProjectOf(request.projectId);
  if (!request.vpool.multiVolumeConsistency) {
    throw ServiceError.of(
      ServiceCode.PARAMETER_INVALID,
      "Consistency group {0} was provided but multi_volume_consistency attribute in the virtual pool {1} is false",
      groupId,
      request.vpool.id,
    );
  }
  const boundTo = group.storageSystemId;
  if (boundTo !== null) {
    const reachable = await scope.catalog.findPoolsFor(await systemTypeOf(scope, boundTo), request.varrayId);
    if (!reachable.some((pool) => pool.storageSystemId === boundTo)) {
      throw ServiceError.of(
        ServiceCode.PARAMETER_INVALID,
        "The storage system that the consistency group {0} created on is not assigned to the virtual array {1}.",
        groupId,
        request.varrayId,
      );
    }
  }
  return group;
}

/**
 * The pools new volumes may be placed on, of those of the virtual pool's family reachable from
 * the virtual array: for a pool with `multi_volume_consistency`, only arrays that hold
 * consistency groups (the real controller's pool matching); in a group bound to a storage
 * system, only that system's.
 */
export async function placeablePools(
  scope: TransactionScope,
  drivers: DriverRegistry,
  pools: readonly StoragePoolRecord[],
  vpool: VirtualPoolRecord,
  group: BlockConsistencyGroup | null,
): Promise<StoragePoolRecord[]> {
  const placeable: StoragePoolRecord[] = [];
  for (const pool of pools) {
    if (group?.storageSystemId != null && pool.storageSystemId !== group.storageSystemId) continue;
    if (vpool.multiVolumeConsistency) {
      const system = await scope.catalog.findStorageSystem(pool.storageSystemId);
      if (!system || !drivers.forSystemType(system.systemType).capabilities(system).supportsConsistencyGroups) continue;
    }
    placeable.push(pool);
  }
  return placeable;
}

async function systemTypeOf(scope: TransactionScope, storageSystemId: string): Promise<string> {
  return (await scope.catalog.findStorageSystem(storageSystemId))?.systemType ?? "";
}
