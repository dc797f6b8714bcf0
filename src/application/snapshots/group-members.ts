import type { SessionSource } from "../../domain/snapshots/block-snapshot-session.js";
import type { LinkedTarget } from "../../domain/snapshots/linked-target.js";
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

/**
 * A group session's targets act by set: each target named stands for every linked target of its
 * session with its snapset label (one per member), in the order named, each once. A volume's
 * session's targets stand for themselves.
 */
export async function wholeSets<T extends { readonly target: LinkedTarget }>(
  scope: TransactionScope,
  named: readonly T[],
  isGroupSession: (sessionId: string) => boolean,
): Promise<(T & { readonly target: LinkedTarget })[]> {
  const linkedOf = new Map<string, LinkedTarget[]>();
  const seen = new Set<string>();
  const expanded: T[] = [];
  for (const item of named) {
    const { sessionId, snapsetLabel } = item.target;
    let set: LinkedTarget[] = [item.target];
    if (isGroupSession(sessionId)) {
      if (!linkedOf.has(sessionId)) {
        linkedOf.set(
          sessionId,
          (await scope.targets.findActiveBySession(sessionId)).filter((t) => t.isLinked),
        );
      }
      set = (linkedOf.get(sessionId) ?? []).filter((t) => t.snapsetLabel === snapsetLabel);
      if (!set.some((t) => t.id === item.target.id)) set = [item.target, ...set];
    }
    for (const target of set) {
      if (seen.has(target.id)) continue;
      seen.add(target.id);
      expanded.push({ ...item, target });
    }
  }
  return expanded;
}
