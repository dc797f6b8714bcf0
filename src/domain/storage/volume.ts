import { ServiceCode } from "../shared/service-code.js";
import { InvariantViolation, ServiceError } from "../shared/service-error.js";
import { ViprErrors } from "../shared/vipr-errors.js";

/** Where a volume lives, chosen when it is created. */
export interface VolumePlacement {
  readonly projectId: string;
  readonly tenantId: string;
  readonly storageSystemId: string;
  readonly storagePoolId: string;
  readonly varrayId: string;
  readonly vpoolId: string;
}

export interface VolumeDevice {
  readonly nativeId: string;
  readonly wwn: string;
  readonly deviceLabel: string;
}

export interface VolumeState {
  readonly id: string;
  readonly name: string;
  readonly placement: VolumePlacement;
  readonly capacityBytes: number;
  /** The consistency group the volume was made in, if any. */
  readonly consistencyGroupId: string | null;
  readonly device: VolumeDevice | null;
  readonly inactive: boolean;
  readonly creationTime: number;
  readonly version: number;
}

export interface VolumeDeactivationContext {
  readonly pendingTask: boolean;
  readonly activeSessions: number;
  readonly linkedTargets: number;
}

/** A block volume the controller manages. It has a device once the array provisioned it. */
export class Volume {
  private constructor(private state: VolumeState) {}

  static create(fields: {
    id: string;
    name: string;
    placement: VolumePlacement;
    capacityBytes: number;
    consistencyGroupId?: string | null;
    now: number;
  }): Volume {
    if (fields.capacityBytes <= 0) throw new InvariantViolation("a volume needs a positive capacity");
    return new Volume({
      id: fields.id,
      name: fields.name,
      placement: fields.placement,
      capacityBytes: fields.capacityBytes,
      consistencyGroupId: fields.consistencyGroupId ?? null,
      device: null,
      inactive: false,
      creationTime: fields.now,
      version: 0,
    });
  }

  /**
   * A volume for a device that already exists on the array: a linked target that was unlinked
   * without being deleted becomes one (new id, the target's name and device).
   */
  static adopt(fields: {
    id: string;
    name: string;
    placement: VolumePlacement;
    capacityBytes: number;
    device: VolumeDevice;
    now: number;
  }): Volume {
    const volume = Volume.create(fields);
    volume.recordProvisioned(fields.device);
    return volume;
  }

  static rehydrate(state: VolumeState): Volume {
    return new Volume(state);
  }

  get id(): string {
    return this.state.id;
  }

  get tenantId(): string {
    return this.state.placement.tenantId;
  }

  get name(): string {
    return this.state.name;
  }

  get consistencyGroupId(): string | null {
    return this.state.consistencyGroupId;
  }

  get device(): VolumeDevice | null {
    return this.state.device;
  }

  get isActive(): boolean {
    return !this.state.inactive;
  }

  recordProvisioned(device: VolumeDevice): void {
    if (this.state.inactive) throw new InvariantViolation(`volume ${this.state.id} is inactive`);
    this.state = { ...this.state, device };
  }

  /** Provisioning failed: the volume never existed on the array. */
  abandon(): void {
    this.state = { ...this.state, inactive: true };
  }

  /**
   * Checks that the volume may be deleted: active (404/2001), no task of it pending (400/1056),
   * no active snapshot session and no linked target (400/1013).
   */
  checkDeactivation(context: VolumeDeactivationContext): void {
    if (this.state.inactive) throw ViprErrors.entityInURLIsInactive(this.state.id);
    if (context.pendingTask) throw ViprErrors.pendingTask(this.state.name);
    if (context.activeSessions > 0) {
      throw ServiceError.of(
        ServiceCode.BAD_REQUEST_BODY,
        "The volume {0} can''t be deleted because it has active snapshot sessions.",
        this.state.name,
      );
    }
    if (context.linkedTargets > 0) {
      throw ServiceError.of(
        ServiceCode.BAD_REQUEST_BODY,
        "The volume {0} can''t be deleted because it has active linked targets.",
        this.state.name,
      );
    }
  }

  /** The volume is gone (its device deleted, or forgotten by the controller only). */
  markDeleted(): void {
    this.state = { ...this.state, inactive: true };
  }

  toState(): VolumeState {
    return this.state;
  }
}
