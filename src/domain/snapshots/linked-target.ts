import { InvariantViolation } from "../shared/service-error.js";
import type { CopyMode } from "./copy-mode.js";
import { LINKING, type LinkState } from "./link-state.js";
import type { SessionSource } from "./session-parts.js";

export type ReplicaState = "PREPARED" | "SYNCHRONIZED";

/** Why a target's link failed, in the shape of a ViPR service error. */
export interface TargetFailure {
  readonly code: number;
  readonly description: string;
  readonly details: string;
  readonly retryable: boolean;
}

/** The array device behind a target once it is provisioned. */
export interface TargetDevice {
  readonly nativeId: string;
  readonly wwn: string;
  readonly deviceLabel: string;
}

export interface LinkedTargetState {
  readonly id: string;
  readonly label: string;
  /**
   * The name of the set the target was made in: the targets of a group link made for one
   * `<target_name>-<i>` share it. Absent for a target of one volume's session, whose set is
   * itself (its label).
   */
  readonly snapsetLabel?: string;
  readonly sessionId: string;
  readonly sourceVolumeId: string;
  readonly projectId: string;
  readonly tenantId: string;
  readonly storageSystemId: string;
  readonly storagePoolId: string;
  readonly varrayId: string;
  readonly capacityBytes: number;
  readonly copyMode: CopyMode;
  /** The task that is linking this target. */
  readonly linkTaskId: string;
  readonly replicaState: ReplicaState;
  readonly device: TargetDevice | null;
  readonly linkState: LinkState;
  readonly failure: TargetFailure | null;
  readonly inactive: boolean;
  readonly creationTime: number;
  readonly version: number;
}

export type NewLinkedTarget = Omit<
  LinkedTargetState,
  "replicaState" | "device" | "linkState" | "failure" | "inactive" | "version"
>;

/**
 * A target volume linked (or being linked) to a snapshot session: ViPR's BlockSnapshot.
 * It is `PREPARED` from the moment the link is accepted and `SYNCHRONIZED` once linked.
 */
export class LinkedTarget {
  private constructor(private state: LinkedTargetState) {}

  static prepare(fields: NewLinkedTarget): LinkedTarget {
    return new LinkedTarget({
      ...fields,
      replicaState: "PREPARED",
      device: null,
      linkState: LINKING,
      failure: null,
      inactive: false,
      version: 0,
    });
  }

  /** A target of `source`, placed where its source is and of its size. */
  static prepareOf(
    source: SessionSource,
    fields: Pick<
      NewLinkedTarget,
      "id" | "label" | "snapsetLabel" | "sessionId" | "copyMode" | "linkTaskId" | "creationTime"
    >,
  ): LinkedTarget {
    return LinkedTarget.prepare({
      ...fields,
      sourceVolumeId: source.volumeId,
      projectId: source.projectId,
      tenantId: source.tenantId,
      storageSystemId: source.storageSystemId,
      storagePoolId: source.storagePoolId,
      varrayId: source.varrayId,
      capacityBytes: source.capacityBytes,
    });
  }

  static rehydrate(state: LinkedTargetState): LinkedTarget {
    return new LinkedTarget(state);
  }

  get id(): string {
    return this.state.id;
  }

  get device(): TargetDevice | null {
    return this.state.device;
  }

  /** The name of the target's set (see {@link LinkedTargetState.snapsetLabel}). */
  get snapsetLabel(): string {
    return this.state.snapsetLabel ?? this.state.label;
  }

  get label(): string {
    return this.state.label;
  }

  get tenantId(): string {
    return this.state.tenantId;
  }

  /** The session the target is linked (or being linked) to. */
  get sessionId(): string {
    return this.state.sessionId;
  }

  get copyMode(): CopyMode {
    return this.state.copyMode;
  }

  get isInactive(): boolean {
    return this.state.inactive;
  }

  get isLinked(): boolean {
    return this.state.replicaState === "SYNCHRONIZED" && !this.state.inactive;
  }

  /** Linked, failed or rolled back: nothing more will happen to it in its link workflow. */
  get isSettled(): boolean {
    return this.isLinked || this.state.inactive || this.state.failure !== null;
  }

  recordProvisioned(device: TargetDevice): void {
    this.assertActive("record a device");
    if (this.state.device && this.state.device.nativeId !== device.nativeId) {
      throw new InvariantViolation(`target ${this.state.id} already has device ${this.state.device.nativeId}`);
    }
    this.state = { ...this.state, device };
  }

  recordLinkProgress(linkState: LinkState): void {
    this.assertActive("record link progress");
    this.state = { ...this.state, linkState };
  }

  markLinked(linkState: LinkState): void {
    this.assertActive("mark linked");
    if (!this.state.device) throw new InvariantViolation(`target ${this.state.id} is linked without a device`);
    this.state = { ...this.state, linkState, replicaState: "SYNCHRONIZED" };
  }

  recordFailure(failure: TargetFailure): void {
    if (this.isLinked) throw new InvariantViolation(`target ${this.state.id} failed after it was linked`);
    this.state = { ...this.state, failure, linkState: { ...this.state.linkState, state: "failed" } };
  }

  /** The link was undone and its device deleted: the record stays, inactive. */
  markRolledBack(): void {
    if (this.isLinked) throw new InvariantViolation(`target ${this.state.id} cannot be rolled back once linked`);
    this.state = { ...this.state, inactive: true };
  }

  /** The unlink has begun: the target stays linked, in its session's list, until {@link markUnlinked}. */
  beginUnlink(): void {
    this.assertLinked("unlink");
    this.state = { ...this.state, linkState: { ...this.state.linkState, state: "unlinking" } };
  }

  /** The link is gone from the array: the record stays, inactive, out of its session's list. */
  markUnlinked(): void {
    this.assertLinked("mark unlinked");
    this.state = { ...this.state, inactive: true };
  }

  /**
   * The controller forgets the target (a `VIPR_ONLY` deletion): inactive and out of its
   * session's list, whatever the array still holds for it.
   */
  forget(): void {
    this.state = { ...this.state, inactive: true };
  }

  /**
   * The array now links the target to another snapshot (or refreshed it to the same one); it
   * keeps its copy mode and stays linked, now in the given session's list.
   */
  relinkTo(sessionId: string, linkState: LinkState): void {
    this.assertLinked("relink");
    this.state = { ...this.state, sessionId, linkState };
  }

  toState(): LinkedTargetState {
    return this.state;
  }

  private assertLinked(action: string): void {
    if (!this.isLinked) throw new InvariantViolation(`cannot ${action} target ${this.state.id}: it is not linked`);
  }

  private assertActive(action: string): void {
    if (this.state.inactive) throw new InvariantViolation(`cannot ${action} on inactive target ${this.state.id}`);
  }
}
