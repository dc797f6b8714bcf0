import { ServiceCode } from "../shared/service-code.js";
import { InvariantViolation, ServiceError } from "../shared/service-error.js";
import { ViprErrors } from "../shared/vipr-errors.js";
import { groupTargetNames } from "./group-target-names.js";
import type { LinkTargetsRequest } from "./link-targets-request.js";
import { LinkedTarget } from "./linked-target.js";
import type { GroupLinkTargetsContext, SessionMember, SessionSource } from "./session-parts.js";
import { checkArraySnapshotName, comparableLabels } from "./snapshot-label.js";
import { checkRoomAtSource, requireCopyMode, type SourceLinkBudget } from "./source-link-budget.js";

/**
 * The checks and targets of a group session's link, in the order of one volume's link: a count
 * of 0, the room at every member's source (in naming order, the first without room refused),
 * the copy mode, each set's name against the names in use at every member's source, the
 * family's copy mode. Then `count` sets of targets, one per member each
 * ({@link groupTargetNames}).
 */
export function prepareGroupTargets(
  sessionId: string,
  firstVolumeId: string,
  members: readonly SessionMember[],
  request: LinkTargetsRequest,
  context: GroupLinkTargetsContext,
): LinkedTarget[] {
  if (request.count === 0 && !context.withSessionCreation) {
    throw new ServiceError(
      ServiceCode.PARAMETER_INVALID,
      "Invalid request to link 0 new targets to a snapshot session.",
    );
  }
  const budgetOf = (volumeId: string): SourceLinkBudget => {
    const budget = context.budgets.get(volumeId);
    if (!budget) throw new InvariantViolation(`no link budget for member ${volumeId}`);
    return budget;
  };
  const named = members.map(({ source }) => ({
    source,
    volumeId: source.volumeId,
    volumeName: budgetOf(source.volumeId).sourceVolumeName,
  }));
  const names = groupTargetNames(named, Math.max(0, request.count), request.targetName);
  const ordered = names.slice(0, named.length).map((name) => budgetOf(name.volumeId));
  if (request.count > 0) for (const budget of ordered) checkRoomAtSource(request.count, budget);
  const copyMode = requireCopyMode(request.copyMode);
  const taken = new Map(named.map((m) => [m.volumeId, comparableLabels(budgetOf(m.volumeId).labelsInUse)]));
  for (const name of names) checkArraySnapshotName(name.snapsetLabel, taken.get(name.volumeId) ?? new Set());
  const first = budgetOf(firstVolumeId);
  if (copyMode === "copy" && !first.supportsCopyMode) throw ViprErrors.operationNotSupported(first.family);

  const sourceOf = new Map(named.map((m) => [m.volumeId, m.source]));
  return names.map((name) => {
    const source = sourceOf.get(name.volumeId) as SessionSource;
    return LinkedTarget.prepareOf(source, {
      id: context.newTargetId(),
      label: name.label,
      snapsetLabel: name.snapsetLabel,
      sessionId: sessionId,
      copyMode,
      linkTaskId: context.linkTaskId,
      creationTime: context.now,
    });
  });
}
