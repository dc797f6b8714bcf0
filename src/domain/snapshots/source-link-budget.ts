import { ServiceCode } from "../shared/service-code.js";
import { ServiceError } from "../shared/service-error.js";
import { type CopyMode, isCopyMode } from "./copy-mode.js";

/**
 * What a link request needs to know about the session's source volume, read while the
 * source is locked so that concurrent requests cannot both spend the same room.
 */
export interface SourceLinkBudget {
  readonly sourceVolumeName: string;
  /** The array family's maximum number of linked targets per source (docs/support-matrix.md). */
  readonly maxLinkedTargets: number;
  /** Targets linked or being linked to any active session of the source. */
  readonly linkedOrLinkingTargets: number;
  /** Labels of the source's active sessions and active linked targets. */
  readonly labelsInUse: readonly string[];
  readonly family: string;
  readonly supportsCopyMode: boolean;
}

/** 400/1008 when `count` more targets do not fit in the room the source has left. */
export function checkRoomAtSource(count: number, budget: SourceLinkBudget): void {
  const free = Math.max(0, budget.maxLinkedTargets - budget.linkedOrLinkingTargets);
  if (count > free) {
    throw ServiceError.of(
      ServiceCode.PARAMETER_INVALID,
      "The requested linked_targets count {0} would exceed the maximum allowed for the block snapshot sessions of source {1}. Try a value less than or equal to {2}.",
      count,
      budget.sourceVolumeName,
      free,
    );
  }
}

/** The requested copy mode, or 400/1008 when it is neither `copy` nor `nocopy`. */
export function requireCopyMode(copyMode: string | null): CopyMode {
  if (copyMode === null || !isCopyMode(copyMode)) {
    throw ServiceError.of(
      ServiceCode.PARAMETER_INVALID,
      'The copy_mode {0} is not a valid value. The value must be either "copy" or "nocopy".',
      String(copyMode),
    );
  }
  return copyMode;
}
