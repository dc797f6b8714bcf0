import { isUrnOfType, urnType } from "../shared/urn.js";
import { ViprErrors } from "../shared/vipr-errors.js";
import type { LinkedTarget } from "./linked-target.js";

/** Finds a linked target by id, as loaded for the request; null when there is no such target. */
export type TargetLookup = (id: string) => LinkedTarget | null;

/**
 * A target named in a request body, checked as the real controller checks body ids: not a URN
 * at all 400/1002, no such target (also a URN of another type) 400/1004, inactive 400/1006.
 */
export function requireRequestedTarget(id: string, find: TargetLookup): LinkedTarget {
  if (urnType(id) === undefined) throw ViprErrors.invalidUri(id);
  const target = isUrnOfType(id, "BlockSnapshot") ? find(id) : null;
  if (!target) throw ViprErrors.unableToFindEntity(id);
  if (target.isInactive) throw ViprErrors.entityInRequestIsInactive(id);
  return target;
}

/** Ids in the order first given, each once (the real controller collects them in a map). */
export function distinctIds(ids: readonly string[]): string[] {
  return [...new Set(ids)];
}
