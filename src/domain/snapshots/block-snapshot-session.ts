import { javaHashMapOrder } from "../shared/java-hash-map-order.js";
import { ServiceCode } from "../shared/service-code.js";
import { InvariantViolation, ServiceError } from "../shared/service-error.js";
import { ViprErrors } from "../shared/vipr-errors.js";
import { prepareGroupTargets } from "./group-link-targets.js";
import type { LinkTargetsRequest } from "./link-targets-request.js";
import { LinkedTarget } from "./linked-target.js";
import { distinctIds, requireRequestedTarget, type TargetLookup } from "./requested-target.js";
import type {
  ArraySnapshot,
  GroupLinkTargetsContext,
  LinkTargetsContext,
  SessionMember,
  SessionSource,
} from "./session-parts.js";
import { checkTargetNames, linkedTargetName } from "./snapshot-label.js";
import { checkRoomAtSource, requireCopyMode } from "./source-link-budget.js";

export type { ArraySnapshot, GroupLinkTargetsContext, LinkTargetsContext, SessionMember, SessionSource };

export interface SessionState {
  readonly id: string;
  readonly label: string;
  /** The source volume; for a group session, its first member (in the order targets are named). */
  readonly source: SessionSource;
  readonly arraySnapshot: ArraySnapshot | null;
  /** The consistency group a group session was taken of; absent or null for one volume's session. */
  readonly consistencyGroupId?: string | null;
  /** A group session's members, every volume of the group; absent for one volume's session. */
  readonly members?: readonly SessionMember[];
  readonly inactive: boolean;
  readonly creationTime: number;
  readonly version: number;
}

/** One target of an unlink request. */
export interface UnlinkTargetRequest {
  readonly id: string;
  readonly deleteTarget: boolean;
}

export interface UnlinkDecision {
  readonly target: LinkedTarget;
  readonly deleteTarget: boolean;
}

export interface UnlinkContext {
  /** The session's linked targets: active, link complete (its `linked_targets`). */
  readonly linkedTargetIds: readonly string[];
  readonly findTarget: TargetLookup;
}

export interface RelinkContext {
  readonly findTarget: TargetLookup;
  /** The session a target is currently linked to, by id; null when there is none. */
  readonly findSession: (id: string) => BlockSnapshotSession | null;
}

/** What deactivate looks at besides the session itself. */
export interface SessionChangeContext {
  /** The session's label when it has another task queued or pending; null when it has none. */
  readonly pendingTaskOn: string | null;
  /** The session's active targets, linked or being linked. */
  readonly activeTargets: readonly LinkedTarget[];
}

/** `FULL` terminates the array snapshot first; `VIPR_ONLY` only forgets the session. */
export type DeactivationType = "FULL" | "VIPR_ONLY";

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

  /**
   * A session of a consistency group: one snapshot of every member, taken as one instant. Its
   * `source` is the first member, in the order the members' targets are named.
   */
  static createForGroup(fields: {
    id: string;
    label: string;
    consistencyGroupId: string;
    members: readonly SessionSource[];
    now: number;
  }): BlockSnapshotSession {
    const [first] = fields.members;
    if (!first) throw new InvariantViolation(`group session ${fields.id} has no member`);
    return new BlockSnapshotSession({
      id: fields.id,
      label: fields.label,
      source: first,
      arraySnapshot: null,
      consistencyGroupId: fields.consistencyGroupId,
      members: fields.members.map((source) => ({ source, arraySnapshot: null })),
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

  /** The consistency group of a group session; null for one volume's session. */
  get consistencyGroupId(): string | null {
    return this.state.consistencyGroupId ?? null;
  }

  get isGroupSession(): boolean {
    return this.consistencyGroupId !== null;
  }

  /** The volumes the session is a snapshot of: a group session's members, else its source alone. */
  get members(): readonly SessionMember[] {
    return this.state.members ?? [{ source: this.state.source, arraySnapshot: this.state.arraySnapshot }];
  }

  /**
   * Checks a link request in the real controller's order (inactive session, count, source-wide
   * limit, copy mode, then each target's name: its length, then whether it is in use) and
   * prepares the new targets; coprsim's own family check comes last. A count below 1 prepares
   * none: 0 is refused unless the targets are asked for with the session's creation, a negative
   * count is accepted as asking for none. A refusal throws a {@link ServiceError} and prepares
   * nothing (docs/api/snapshot-sessions.md, "Link targets").
   */
  linkTargets(request: LinkTargetsRequest, context: LinkTargetsContext): LinkedTarget[] {
    const { budget } = context;
    if (this.isGroupSession) throw new InvariantViolation(`group session ${this.state.id} links per member`);
    this.requireActive();
    if (request.count === 0 && !context.withSessionCreation) {
      throw new ServiceError(
        ServiceCode.PARAMETER_INVALID,
        "Invalid request to link 0 new targets to a snapshot session.",
      );
    }
    if (request.count > 0) checkRoomAtSource(request.count, budget);
    const copyMode = requireCopyMode(request.copyMode);
    const names = Array.from({ length: Math.max(0, request.count) }, (_, i) =>
      linkedTargetName(request.targetName, i + 1),
    );
    checkTargetNames(names, budget.labelsInUse);
    if (copyMode === "copy" && !budget.supportsCopyMode) throw ViprErrors.operationNotSupported(budget.family);

    const { source } = this.state;
    return names.map((label) =>
      LinkedTarget.prepareOf(source, {
        id: context.newTargetId(),
        label,
        sessionId: this.state.id,
        copyMode,
        linkTaskId: context.linkTaskId,
        creationTime: context.now,
      }),
    );
  }

  /**
   * {@link linkTargets} for a group session: `count` sets of targets, one target per member in
   * each, checked in the same order (docs/api/snapshot-sessions.md, "Group sessions"). All the
   * targets are prepared, or none.
   */
  linkMemberTargets(request: LinkTargetsRequest, context: GroupLinkTargetsContext): LinkedTarget[] {
    if (!this.isGroupSession) throw new InvariantViolation(`session ${this.state.id} is not a group session`);
    this.requireActive();
    return prepareGroupTargets(this.state.id, this.state.source.volumeId, this.members, request, context);
  }

  get isInactive(): boolean {
    return this.state.inactive;
  }

  /**
   * Checks an unlink request in the real controller's order (inactive session, a session
   * without linked targets, then each target: not a URN, unknown, inactive, not linked to this
   * session). The controller collects the targets in a Java HashMap, so they are checked, and
   * returned, in that map's order, each once (the last `delete_target` given wins).
   */
  unlinkTargets(requests: readonly UnlinkTargetRequest[], context: UnlinkContext): UnlinkDecision[] {
    this.requireActive();
    if (context.linkedTargetIds.length === 0) {
      throw ServiceError.of(
        ServiceCode.BAD_REQUEST_BODY,
        "Snapshot session {0} does not have any linked targets.",
        this.state.id,
      );
    }
    const linked = new Set(context.linkedTargetIds);
    const deleteById = new Map<string, boolean>();
    for (const request of requests) deleteById.set(request.id, request.deleteTarget);
    return javaHashMapOrder([...deleteById.keys()]).map((id) => {
      const target = requireRequestedTarget(id, context.findTarget);
      if (!linked.has(id)) {
        throw ServiceError.of(
          ServiceCode.BAD_REQUEST_BODY,
          "Target {0} is not linked to snapshot session {1}.",
          id,
          this.state.id,
        );
      }
      return { target, deleteTarget: deleteById.get(id) ?? false };
    });
  }

  /**
   * Checks a relink request to this session: each target must be linked to an active session,
   * all of them to sessions of one source, and that source must be this session's.
   */
  relinkTargets(ids: readonly string[], context: RelinkContext): LinkedTarget[] {
    this.requireActive();
    let currentSource: string | null = null;
    const targets = distinctIds(ids).map((id) => {
      const target = requireRequestedTarget(id, context.findTarget);
      const session = context.findSession(target.sessionId);
      if (!target.isLinked || !session || session.isInactive) {
        throw ServiceError.of(
          ServiceCode.BAD_REQUEST_BODY,
          "The requested target {0} cannot be re-linked as it is not currently linked to an active snapshot session.",
          id,
        );
      }
      if (currentSource === null) currentSource = session.source.volumeId;
      else if (currentSource !== session.source.volumeId) {
        throw new ServiceError(
          ServiceCode.BAD_REQUEST_BODY,
          "All requested targets must be linked to active snapshot sessions of the same source.",
        );
      }
      return target;
    });
    if (currentSource !== null && currentSource !== this.state.source.volumeId) {
      throw ServiceError.of(
        ServiceCode.BAD_REQUEST_BODY,
        "The target snapshot session must have the same source, {0}, as the snapshot sessions to which the targets are currently linked.",
        currentSource,
      );
    }
    return targets;
  }

  /**
   * Checks that the session's image may be restored onto its source: the session active, and no
   * task pending on the source volume (400/1056, naming it). The session's own operations do
   * not refuse a restore, which waits its turn behind them; whether the array then restores
   * (an array may refuse while a copy-mode link of the snapshot is still copying) the restore's
   * workflow finds out (docs/api/snapshot-sessions.md, "Restore").
   */
  restore(context: { readonly pendingTaskOnSource: string | null }): void {
    this.requireActive();
    if (context.pendingTaskOnSource !== null) throw ViprErrors.pendingTask(context.pendingTaskOnSource);
  }

  /**
   * Checks that the session may be deactivated (active, nothing else pending, no linked
   * targets). `VIPR_ONLY` marks it inactive at once; `FULL` leaves that to the workflow that
   * terminates the array snapshot. Returns whether the session is already inactive.
   */
  deactivate(type: DeactivationType, context: SessionChangeContext): boolean {
    this.requireActive();
    if (context.pendingTaskOn !== null) throw ViprErrors.pendingTask(context.pendingTaskOn);
    if (context.activeTargets.length > 0) {
      // ViPR's pattern, whose lone quote its message formatter drops: "…cant be deleted…".
      throw ServiceError.of(
        ServiceCode.BAD_REQUEST_BODY,
        "The snapshot session can't be deleted because it has active linked targets.",
      );
    }
    if (type === "VIPR_ONLY") this.markInactive();
    return this.state.inactive;
  }

  markEstablished(arraySnapshot: ArraySnapshot): void {
    if (this.state.inactive) throw new InvariantViolation(`session ${this.state.id} is inactive`);
    if (this.isGroupSession) throw new InvariantViolation(`group session ${this.state.id} is established per member`);
    this.state = { ...this.state, arraySnapshot };
  }

  /**
   * A group session's member has its snapshot on the array. The first member's is also the
   * session's own `arraySnapshot`, as a volume's session shows its snapshot.
   */
  markMemberEstablished(volumeId: string, arraySnapshot: ArraySnapshot): void {
    if (this.state.inactive) throw new InvariantViolation(`session ${this.state.id} is inactive`);
    const members = this.state.members;
    if (!members?.some((m) => m.source.volumeId === volumeId)) {
      throw new InvariantViolation(`volume ${volumeId} is no member of session ${this.state.id}`);
    }
    this.state = {
      ...this.state,
      members: members.map((m) => (m.source.volumeId === volumeId ? { ...m, arraySnapshot } : m)),
      arraySnapshot: volumeId === this.state.source.volumeId ? arraySnapshot : this.state.arraySnapshot,
    };
  }

  /** The snapshot of one source volume of the session: a member's, or a volume's session's own. */
  snapshotOf(volumeId: string): ArraySnapshot | null {
    return this.members.find((member) => member.source.volumeId === volumeId)?.arraySnapshot ?? null;
  }

  /** Whether every member's snapshot (the session's own, for a volume's session) is on the array. */
  get isEstablished(): boolean {
    return this.members.every((member) => member.arraySnapshot !== null);
  }

  /** The session is gone: its snapshot terminated, never established, or forgotten. */
  markInactive(): void {
    this.state = { ...this.state, inactive: true };
  }

  toState(): SessionState {
    return this.state;
  }

  /** 404/2001 when the session is inactive: the first check of every operation on it after the filter and the body. */
  requireActive(): void {
    if (this.state.inactive) throw ViprErrors.entityInURLIsInactive(this.state.id);
  }
}
