import { ServiceCode } from "../shared/service-code.js";
import { InvariantViolation, ServiceError } from "../shared/service-error.js";
import { ViprErrors } from "../shared/vipr-errors.js";
import { isCopyMode } from "./copy-mode.js";
import type { LinkTargetsRequest } from "./link-targets-request.js";
import { LinkedTarget } from "./linked-target.js";
import { comparableLabel, linkedTargetName, MAX_LINKED_TARGET_NAME_LENGTH } from "./snapshot-label.js";
import type { SourceLinkBudget } from "./source-link-budget.js";

/** The source volume a session was taken of, as the session needs to know it. */
export interface SessionSource {
  readonly volumeId: string;
  readonly projectId: string;
  readonly tenantId: string;
  readonly storageSystemId: string;
  readonly storagePoolId: string;
  readonly varrayId: string;
  readonly capacityBytes: number;
}

/** The array snapshot behind the session, once established. */
export interface ArraySnapshot {
  readonly nativeId: string;
  readonly deviceLabel: string;
}

export interface SessionState {
  readonly id: string;
  readonly label: string;
  readonly source: SessionSource;
  readonly arraySnapshot: ArraySnapshot | null;
  readonly inactive: boolean;
  readonly creationTime: number;
  readonly version: number;
}

export interface LinkTargetsContext {
  readonly budget: SourceLinkBudget;
  readonly linkTaskId: string;
  readonly now: number;
  readonly newTargetId: () => string;
}

/**
 * ViPR's BlockSnapshotSession: a point-in-time snapshot of one source volume to which target
 * volumes are linked. It decides whether a link may happen; the source-wide linked-target
 * limit is enforced here, from a budget read under the source's lock.
 */
export class BlockSnapshotSession {
  private constructor(private state: SessionState) {}

  static create(fields: { id: string; label: string; source: SessionSource; now: number }): BlockSnapshotSession {
    return new BlockSnapshotSession({
      id: fields.id,
      label: fields.label,
      source: fields.source,
      arraySnapshot: null,
      inactive: false,
      creationTime: fields.now,
      version: 0,
    });
  }

  static rehydrate(state: SessionState): BlockSnapshotSession {
    return new BlockSnapshotSession(state);
  }

  get id(): string {
    return this.state.id;
  }

  get tenantId(): string {
    return this.state.source.tenantId;
  }

  get label(): string {
    return this.state.label;
  }

  get source(): SessionSource {
    return this.state.source;
  }

  get arraySnapshot(): ArraySnapshot | null {
    return this.state.arraySnapshot;
  }

  /**
   * Checks a link request in the contract's order (inactive session, count, source-wide
   * limit, copy mode, target names, family support) and prepares the new targets.
   * A refusal throws a {@link ServiceError} and prepares nothing.
   */
  linkTargets(request: LinkTargetsRequest, context: LinkTargetsContext): LinkedTarget[] {
    const { budget } = context;
    if (this.state.inactive) throw ViprErrors.entityInURLIsInactive(this.state.id);
    this.checkCount(request.count);
    this.checkRoomAtSource(request.count, budget);
    const copyMode = request.copyMode;
    if (!isCopyMode(copyMode)) {
      throw ServiceError.of(
        ServiceCode.PARAMETER_INVALID,
        'The copy_mode {0} is not a valid value. The value must be either "copy" or "nocopy".',
        copyMode,
      );
    }
    const names = Array.from({ length: request.count }, (_, i) => linkedTargetName(request.targetName, i + 1));
    this.checkNames(names, budget.labelsInUse);
    if (copyMode === "copy" && !budget.supportsCopyMode) throw ViprErrors.operationNotSupported(budget.family);

    const { source } = this.state;
    return names.map((label) =>
      LinkedTarget.prepare({
        id: context.newTargetId(),
        label,
        sessionId: this.state.id,
        sourceVolumeId: source.volumeId,
        projectId: source.projectId,
        tenantId: source.tenantId,
        storageSystemId: source.storageSystemId,
        storagePoolId: source.storagePoolId,
        varrayId: source.varrayId,
        capacityBytes: source.capacityBytes,
        copyMode,
        linkTaskId: context.linkTaskId,
        creationTime: context.now,
      }),
    );
  }

  markEstablished(arraySnapshot: ArraySnapshot): void {
    if (this.state.inactive) throw new InvariantViolation(`session ${this.state.id} is inactive`);
    this.state = { ...this.state, arraySnapshot };
  }

  deactivate(): void {
    this.state = { ...this.state, inactive: true };
  }

  toState(): SessionState {
    return this.state;
  }

  private checkCount(count: number): void {
    if (count === 0) {
      throw ServiceError.of(
        ServiceCode.PARAMETER_INVALID,
        "Invalid request to link {0} new targets to a snapshot session.",
        count,
      );
    }
    if (count < 0) throw ViprErrors.parameterBelowMinimum("count", count, 1);
  }

  private checkRoomAtSource(count: number, budget: SourceLinkBudget): void {
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

  private checkNames(names: readonly string[], labelsInUse: readonly string[]): void {
    for (const name of names) {
      if (name.length > MAX_LINKED_TARGET_NAME_LENGTH) {
        throw ViprErrors.parameterTooLong("snapshotName", name, MAX_LINKED_TARGET_NAME_LENGTH);
      }
    }
    const taken = new Set(labelsInUse.map(comparableLabel));
    const duplicate = names.find((name) => taken.has(comparableLabel(name)));
    if (duplicate !== undefined) throw ViprErrors.duplicateLabel(duplicate);
  }
}
