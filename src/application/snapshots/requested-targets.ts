import { isUrnOfType } from "../../domain/shared/urn.js";
import { ViprErrors } from "../../domain/shared/vipr-errors.js";
import type { LinkedTarget } from "../../domain/snapshots/linked-target.js";
import type { TargetLookup } from "../../domain/snapshots/requested-target.js";
import { canSeeTenant } from "../../domain/tenancy/access-policy.js";
import type { Caller } from "../../domain/tenancy/caller.js";
import type { TransactionScope } from "../ports/unit-of-work.js";

/**
 * Loads the targets a request names (ids that are BlockSnapshot URNs), for the session's checks,
 * in one read: a body may name thousands, and one read per id held the transaction for seconds.
 */
export async function loadRequestedTargets(scope: TransactionScope, ids: readonly string[]): Promise<TargetLookup> {
  const wanted = [...new Set(ids)].filter((id) => isUrnOfType(id, "BlockSnapshot"));
  const found = new Map<string, LinkedTarget>(
    (await scope.targets.findByIds(wanted)).map((target) => [target.id, target]),
  );
  return (id) => found.get(id) ?? null;
}

/**
 * 403/3000 when a request names a target of a tenant the caller may not see: the session's
 * checks would otherwise answer with facts about it (its session, its source volume).
 */
export function requireVisibleTargets(caller: Caller, findTarget: TargetLookup, ids: readonly string[]): void {
  for (const id of ids) {
    const target = findTarget(id);
    if (target && !canSeeTenant(caller, target.tenantId)) throw ViprErrors.insufficientPermissions(caller.userName);
  }
}

/** The session's `linked_targets`: active targets whose link completed. */
export async function linkedTargetIdsOf(scope: TransactionScope, sessionId: string): Promise<string[]> {
  const targets = await scope.targets.findActiveBySession(sessionId);
  return targets.filter((target) => target.isLinked).map((target) => target.id);
}
