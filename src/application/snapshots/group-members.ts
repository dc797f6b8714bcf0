import type { SessionSource } from "../../domain/snapshots/block-snapshot-session.js";
import type { SourceLinkBudget } from "../../domain/snapshots/source-link-budget.js";
import type { Volume } from "../../domain/storage/volume.js";
import type { DriverCapabilities } from "../ports/array-driver.js";
import type { SourceLinkUsage } from "../ports/repositories.js";
import type { TransactionScope } from "../ports/unit-of-work.js";

/** A volume as a session's source knows it. */
export function sessionSourceOf(volume: Volume): SessionSource {
  const { placement, capacityBytes } = volume.toState();
  const { projectId, tenantId, storageSystemId, storagePoolId, varrayId } = placement;
  return { volumeId: volume.id, projectId, tenantId, storageSystemId, storagePoolId, varrayId, capacityBytes };
}

/**
 * Locks every member's source row, in the order of their ids, and reads each one's usage under
 * its lock. Every operation that locks several sources takes them in this one order, so that two
 * of them cannot each hold one source the other waits for.
 */
export async function lockMemberSources(
  scope: TransactionScope,
  volumeIds: readonly string[],
): Promise<Map<string, SourceLinkUsage>> {
  const usage = new Map<string, SourceLinkUsage>();
  for (const id of [...new Set(volumeIds)].sort()) usage.set(id, await scope.sourceLocks.lockForLinking(id));
  return usage;
}

/** Each member's link budget, from its usage under lock and the family's capabilities. */
export function memberBudgets(
  usage: ReadonlyMap<string, SourceLinkUsage>,
  capabilities: DriverCapabilities,
): Map<string, SourceLinkBudget> {
  return new Map(
    [...usage].map(([volumeId, used]) => [
      volumeId,
      {
        sourceVolumeName: used.sourceVolumeName,
        maxLinkedTargets: capabilities.maxLinkedTargetsPerSource,
        linkedOrLinkingTargets: used.linkedOrLinkingTargets,
        labelsInUse: used.labelsInUse,
        family: capabilities.family,
        supportsCopyMode: capabilities.supportsCopyMode,
      },
    ]),
  );
}
