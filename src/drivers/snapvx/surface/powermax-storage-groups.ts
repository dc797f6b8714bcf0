import { randomUUID } from "node:crypto";
import type { SimOperation } from "../../simulation/array-state-store.js";
import { SYMMETRIX_MESSAGES, type SymDevice } from "../snapvx-array-client.js";
import type { PowerMaxArray } from "./powermax-arrays.js";
import { UnisphereRefusal } from "./unisphere-refusal.js";
import type { NewJob, StoredJob, StoredStorageGroup, UnisphereSurfaceStore } from "./unisphere-surface-store.js";

/** A device to create: its identifier (name) and capacity. */
export interface NewVolume {
  readonly identifier: string;
  readonly capacityBytes: number;
}

export interface NewStorageGroup {
  readonly name: string;
  readonly srp: string;
  readonly serviceLevel: string;
  readonly workload: string;
  readonly volumes: readonly NewVolume[];
}

/** The one SRP of a simulated array: the pool coprsim registers it with. */
export const SIMULATED_SRP = "SRP_1";
export const SERVICE_LEVELS = ["Diamond", "Platinum", "Gold", "Silver", "Bronze", "Optimized", "None"];

/**
 * The devices and storage groups of one simulated PowerMax, as Unisphere provisions them: devices
 * come from the simulated array (the same one the controller's in-process driver uses), storage
 * groups from the surface's store. {@link SimulatedPowerMax} adds SnapVX on top.
 */
export class PowerMaxStorageGroups {
  constructor(
    readonly array: PowerMaxArray,
    protected readonly store: UnisphereSurfaceStore,
    /** False on microcode before 5978.669: snapshots are addressed by generation only. */
    readonly snapIds: boolean,
  ) {}

  protected get system() {
    return this.array.system;
  }

  protected get arrayId(): string {
    return this.array.system.nativeId;
  }

  recordJob(job: Omit<NewJob, "arrayId">): Promise<StoredJob> {
    return this.store.recordJob({ ...job, arrayId: this.arrayId });
  }

  /** Meets the faults planned for this kind of operation (`/sim` faults): a delay, an error. */
  meet(operation: SimOperation): Promise<void> {
    return this.array.faults.check(this.arrayId, operation);
  }

  /**
   * The kind of operation a link or unlink of these devices (link source, target) is: a
   * `restore` when one of them links a source onto a snapshot of its own linked target, or
   * unlinks it (how a source is restored from its linked target), else `ordinary`.
   */
  async linkOperation(
    pairs: readonly (readonly [source: string, target: string])[],
    ordinary: "link" | "unlink",
  ): Promise<SimOperation> {
    for (const [source, target] of pairs) {
      const linkOfSource = await this.array.snapvx.linkState(this.system, source);
      if (linkOfSource?.sourceDeviceId === target) return "restore";
    }
    return ordinary;
  }

  /** {@link linkOperation} of two storage groups' devices, rank by rank (a group yet to be made: `ordinary`). */
  async groupLinkOperation(name: string, targetGroup: string, ordinary: "link" | "unlink"): Promise<SimOperation> {
    const exist = await Promise.all([name, targetGroup].map((g) => this.store.storageGroup(this.arrayId, g)));
    if (exist.some((group) => group === null)) return ordinary;
    const [{ devices: sources }, { devices: targets }] = await Promise.all([
      this.storageGroup(name),
      this.storageGroup(targetGroup),
    ]);
    const pairs = sources.flatMap((d, i) => {
      const target = targets[i];
      return target ? [[d.deviceId, target.deviceId] as const] : [];
    });
    return this.linkOperation(pairs, ordinary);
  }

  /* --- devices --- */

  async device(deviceId: string): Promise<SymDevice> {
    const device = await this.array.snapvx.device(this.system, deviceId);
    if (!device) throw new UnisphereRefusal(404, SYMMETRIX_MESSAGES.deviceNotFound(deviceId));
    return device;
  }

  async volume(deviceId: string) {
    const device = await this.device(deviceId);
    const [groups, snapshots, link] = await Promise.all([
      this.store.storageGroupsOf(this.arrayId, [deviceId]),
      this.array.snapvx.snapshotsOf(this.system, deviceId),
      this.array.snapvx.linkState(this.system, deviceId),
    ]);
    return { device, groups: groups.get(deviceId) ?? [], source: snapshots.length > 0, target: link !== null };
  }

  /** Ids of the array's devices, ascending, narrowed by a storage group and by an identifier. */
  async volumeIds(filters: { storageGroupId?: string; volumeIdentifier?: string }): Promise<string[]> {
    let devices: { deviceId: string; identifier: string }[];
    if (filters.storageGroupId !== undefined) {
      const group = await this.store.storageGroup(this.arrayId, filters.storageGroupId);
      devices = group ? await this.existingDevices(group.deviceIds) : [];
    } else {
      const view = await this.array.simulator.view(this.system);
      devices = view.devices.map((d) => ({ deviceId: d.nativeId, identifier: d.label }));
    }
    return devices
      .filter((d) => filters.volumeIdentifier === undefined || d.identifier === filters.volumeIdentifier)
      .map((d) => d.deviceId)
      .sort();
  }

  /** A device in no storage group and in no SnapVX session. */
  async deleteVolume(deviceId: string): Promise<void> {
    await this.device(deviceId);
    const groups = (await this.store.storageGroupsOf(this.arrayId, [deviceId])).get(deviceId) ?? [];
    if (groups.length > 0) {
      throw new UnisphereRefusal(
        400,
        `Device ${deviceId} cannot be deleted because it is in storage group(s) ${groups.join(", ")}`,
      );
    }
    await this.array.snapvx.deleteDevice(this.system, deviceId);
  }

  /* --- storage groups --- */

  storageGroupNames(): Promise<string[]> {
    return this.store.storageGroupNames(this.arrayId);
  }

  /** The group and its devices that still exist, ascending. */
  async storageGroup(name: string): Promise<{ group: StoredStorageGroup; devices: SymDevice[] }> {
    const group = await this.store.storageGroup(this.arrayId, name);
    if (!group) throw new UnisphereRefusal(404, `Storage group ${name} was not found`);
    const devices: SymDevice[] = [];
    for (const deviceId of group.deviceIds) {
      const device = await this.array.snapvx.device(this.system, deviceId);
      if (device) devices.push(device);
    }
    return { group, devices };
  }

  async hasStorageGroup(name: string): Promise<boolean> {
    return (await this.store.storageGroup(this.arrayId, name)) !== null;
  }

  /** Creates the group, then its new volumes; returns their device ids. */
  async createStorageGroup(spec: NewStorageGroup): Promise<string[]> {
    const created = await this.store.createStorageGroup(this.arrayId, {
      name: spec.name,
      srp: spec.srp,
      serviceLevel: spec.serviceLevel,
      workload: spec.workload,
      createdAt: Date.now(),
    });
    if (!created) throw storageGroupExists();
    return this.addNewVolumes(spec.name, spec.volumes);
  }

  async addNewVolumes(name: string, volumes: readonly NewVolume[]): Promise<string[]> {
    const group = await this.store.storageGroup(this.arrayId, name);
    if (!group) throw new UnisphereRefusal(404, `Storage group ${name} was not found`);
    const srpId = group.srp === "None" ? SIMULATED_SRP : group.srp;
    const deviceIds: string[] = [];
    for (const volume of volumes) {
      const device = await this.array.snapvx.createDevice(this.system, {
        srpId,
        identifier: volume.identifier,
        capacityBytes: volume.capacityBytes,
        idempotencyKey: `unisphere:${randomUUID()}`,
      });
      deviceIds.push(device.deviceId);
      await this.store.addToStorageGroup(this.arrayId, name, [device.deviceId]);
    }
    return deviceIds;
  }

  async addVolumes(name: string, deviceIds: readonly string[]): Promise<void> {
    await this.storageGroup(name);
    for (const deviceId of deviceIds) await this.device(deviceId);
    await this.store.addToStorageGroup(this.arrayId, name, deviceIds);
  }

  async removeVolumes(name: string, deviceIds: readonly string[]): Promise<void> {
    const { group } = await this.storageGroup(name);
    const strangers = deviceIds.filter((id) => !group.deviceIds.includes(id));
    if (strangers.length > 0) {
      throw new UnisphereRefusal(400, `Device(s) ${strangers.join(", ")} are not in storage group ${name}`);
    }
    await this.store.removeFromStorageGroup(this.arrayId, name, deviceIds);
  }

  async deleteStorageGroup(name: string): Promise<void> {
    const { devices } = await this.storageGroup(name);
    if (devices.length > 0) {
      throw new UnisphereRefusal(
        400,
        `Storage group ${name} cannot be deleted because it contains ${devices.length} volume(s)`,
      );
    }
    await this.store.deleteStorageGroup(this.arrayId, name);
  }

  private async existingDevices(deviceIds: readonly string[]) {
    const devices: { deviceId: string; identifier: string }[] = [];
    for (const deviceId of deviceIds) {
      const device = await this.array.snapvx.device(this.system, deviceId);
      if (device) devices.push({ deviceId, identifier: device.identifier });
    }
    return devices;
  }
}

export function storageGroupExists(): UnisphereRefusal {
  return new UnisphereRefusal(409, "The requested storage group resource already exists");
}
