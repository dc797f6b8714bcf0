import type { CopyMode } from "../../../domain/snapshots/copy-mode.js";
import type { LinkState } from "../../../domain/snapshots/link-state.js";
import type { LinkedTargetState } from "../../../domain/snapshots/linked-target.js";

/** A nocopy link is complete once established; a copy link only once the array says copied. */
export function isLinkComplete(copyMode: CopyMode, link: LinkState): boolean {
  return copyMode === "copy" ? link.state === "copied" : link.state === "linked" || link.state === "copied";
}

/** A target's share of its task's progress, in percent. */
export function targetProgress(target: LinkedTargetState): number {
  if (target.replicaState === "SYNCHRONIZED") return 100;
  if (target.copyMode === "copy") return target.linkState.percentCopied;
  return 0;
}
