import type { CopyMode } from "../../../domain/snapshots/copy-mode.js";
import type { LinkState } from "../../../domain/snapshots/link-state.js";
import type { LinkTaskTally } from "../../ports/repositories.js";

/** A nocopy link is complete once established; a copy link only once the array says copied. */
export function isLinkComplete(copyMode: CopyMode, link: LinkState): boolean {
  return copyMode === "copy" ? link.state === "copied" : link.state === "linked" || link.state === "copied";
}

/**
 * A link task's progress in percent: the mean of its targets' shares, where a target's share
 * is 100 once synchronized, its copied percentage while a copy-mode link copies, and 0 before.
 */
export function linkTaskProgress(tally: LinkTaskTally): number {
  if (tally.targets === 0) return 0;
  return (100 * tally.synchronized + tally.copyingPercentSum) / tally.targets;
}
