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
