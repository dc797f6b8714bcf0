import { InvariantViolation } from "../shared/service-error.js";

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
  readonly device: VolumeDevice | null;
  readonly inactive: boolean;
  readonly creationTime: number;
  readonly version: number;
}

/** A block volume the controller manages. It has a device once the array provisioned it. */
export class Volume {
  private constructor(private state: VolumeState) {}

  static create(fields: {
    id: string;
    name: string;
    placement: VolumePlacement;
    capacityBytes: number;
    now: number;
  }): Volume {
    if (fields.capacityBytes <= 0) throw new InvariantViolation("a volume needs a positive capacity");
    return new Volume({
      id: fields.id,
      name: fields.name,
      placement: fields.placement,
      capacityBytes: fields.capacityBytes,
      device: null,
      inactive: false,
      creationTime: fields.now,
      version: 0,
    });
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

  toState(): VolumeState {
    return this.state;
  }
}
