import { createHash } from "node:crypto";
import { ArrayOperationError } from "../../../application/ports/array-operation-error.js";
import { type CreateDeviceSpec, SYMMETRIX_MESSAGES, type SymDevice, SymmetrixError } from "../snapvx-array-client.js";
import type {
  CreateStorageGroupRequest,
  EditStorageGroupRequest,
  StorageGroup,
  Volume,
  VolumeAttributes,
  VolumeIterator,
} from "./provisioning-wire.js";
import { CREATING_VOLUMES, type UnisphereJob } from "./system-wire.js";
import { encode, type UnisphereConnection } from "./unisphere-connection.js";
import type { ArrayRef } from "./unisphere-discovery.js";
import { ASYNCHRONOUS } from "./unisphere-wire.js";

/** The service level of the storage groups coprsim provisions in (docs/unisphere.md, "What coprsim assumes"). */
export const SERVICE_LEVEL = "Diamond";
/** Storage groups coprsim makes, one per device: `csim_<20 hex of the device's key>_<identifier>`. */
const OWN_GROUP = /^csim_[0-9a-f]{20}_/;
/** Unisphere's refusal of a storage group name that is taken. */
const GROUP_EXISTS = /storage group resource already exists/i;

const MiB = 1024 ** 2;

/**
 * The array client's devices (`/{ver}/sloprovisioning/…`): each device is made in a storage
 * group of its own, named after the controller's idempotency key, in the system's SRP at
 * service level {@link SERVICE_LEVEL}; a repeated call finds the group and its device.
 * Deleting a device takes it out of its groups, deletes coprsim's own group and then the device.
 */
export class UnisphereDevices {
  /** The storage group of each device this client made or looked up, by `<symmetrix id>:<device>`. */
  private readonly groupOfDevice = new Map<string, string>();

  constructor(private readonly connection: UnisphereConnection) {}

  async createDevice(array: ArrayRef, spec: CreateDeviceSpec): Promise<SymDevice> {
    const { symmetrixId, version, provisioning } = array;
    const group = storageGroupName(spec.identifier, spec.idempotencyKey);
    const volume = volumeAttributes(spec.identifier, spec.capacityBytes);
    const request: CreateStorageGroupRequest = {
      srpId: spec.srpId,
      storageGroupId: group,
      emulation: "FBA",
      sloBasedStorageGroupParam: [{ sloId: SERVICE_LEVEL, workloadSelection: "None", volumeAttributes: [volume] }],
      executionOption: ASYNCHRONOUS,
    };
    const created = await this.connection.send("POST", `${provisioning}/storagegroup`, {
      body: request,
      accept: [409],
    });
    let deviceId: string | null = null;
    let repeated = created.status === 409;
    if (!repeated) {
      try {
        const job = await this.connection.finished(version, created);
        deviceId = deviceIdOfJob(job) ?? (await this.volumesOfGroup(provisioning, group))[0] ?? null;
      } catch (error) {
        // A concurrent repeat may have made the group between the array's check and its job.
        if (!(error instanceof ArrayOperationError && GROUP_EXISTS.test(error.message))) throw error;
        repeated = true;
      }
    }
    if (repeated) {
      // A repeat: the group is there; its device too, unless the first call stopped half-way.
      deviceId = (await this.volumesOfGroup(provisioning, group))[0] ?? null;
      if (deviceId === null) deviceId = await this.addVolume(version, provisioning, group, volume);
    }
    if (deviceId === null) {
      throw new ArrayOperationError(
        `Storage group ${group} was created on array ${symmetrixId} without its volume`,
        true,
      );
    }
    this.groupOfDevice.set(`${symmetrixId}:${deviceId}`, group);
    const device = await this.device(array, deviceId);
    if (!device) throw new SymmetrixError("device-not-found", SYMMETRIX_MESSAGES.deviceNotFound(deviceId));
    return device;
  }

  async deleteDevice(array: ArrayRef, deviceId: string): Promise<void> {
    const { symmetrixId, version, provisioning } = array;
    const volume = await this.volume(provisioning, deviceId);
    if (!volume) throw new SymmetrixError("device-not-found", SYMMETRIX_MESSAGES.deviceNotFound(deviceId));
    if (volume.snapvx_source || volume.snapvx_target) {
      throw new SymmetrixError("device-in-session", SYMMETRIX_MESSAGES.deviceInSession(deviceId));
    }
    for (const group of volume.storageGroupId ?? []) {
      const remove: EditStorageGroupRequest = {
        executionOption: ASYNCHRONOUS,
        editStorageGroupActionParam: { removeVolumeParam: { volumeId: [deviceId] } },
      };
      await this.connection.finished(
        version,
        await this.connection.send("PUT", `${provisioning}/storagegroup/${encode(group)}`, { body: remove }),
      );
      if (OWN_GROUP.test(group)) {
        const left = await this.connection.send("GET", `${provisioning}/storagegroup/${encode(group)}`, {
          accept: [404],
        });
        if (left.status !== 404 && (left.body as StorageGroup).num_of_vols === 0) {
          await this.connection.send("DELETE", `${provisioning}/storagegroup/${encode(group)}`, { accept: [404] });
        }
      }
    }
    this.groupOfDevice.delete(`${symmetrixId}:${deviceId}`);
    const deleted = await this.connection.send("DELETE", `${provisioning}/volume/${encode(deviceId)}`, {
      accept: [404],
    });
    if (deleted.status === 404)
      throw new SymmetrixError("device-not-found", SYMMETRIX_MESSAGES.deviceNotFound(deviceId));
  }

  async device(array: ArrayRef, deviceId: string): Promise<SymDevice | null> {
    const volume = await this.volume(array.provisioning, deviceId);
    return volume ? symDevice(volume) : null;
  }

  /** The storage group a device is in: the one coprsim made for it, else its first. */
  async groupOf(array: ArrayRef, deviceId: string): Promise<string> {
    const key = `${array.symmetrixId}:${deviceId}`;
    const known = this.groupOfDevice.get(key);
    if (known) return known;
    const volume = await this.volume(array.provisioning, deviceId);
    if (!volume) throw new SymmetrixError("device-not-found", SYMMETRIX_MESSAGES.deviceNotFound(deviceId));
    const groups = volume.storageGroupId ?? [];
    const group = groups.find((g) => OWN_GROUP.test(g)) ?? groups[0];
    if (!group) {
      throw new ArrayOperationError(
        `Device ${deviceId} is in no storage group: Unisphere relinks storage groups only`,
        false,
      );
    }
    this.groupOfDevice.set(key, group);
    return group;
  }

  private async volume(provisioning: string, deviceId: string): Promise<Volume | null> {
    const answer = await this.connection.send("GET", `${provisioning}/volume/${encode(deviceId)}`, { accept: [404] });
    return answer.status === 404 ? null : (answer.body as Volume);
  }

  private async volumesOfGroup(provisioning: string, group: string): Promise<string[]> {
    const answer = await this.connection.send("GET", `${provisioning}/volume`, { query: { storageGroupId: group } });
    const list = answer.body as Partial<VolumeIterator>;
    return (list.resultList?.result ?? []).map((v) => v.volumeId);
  }

  private async addVolume(
    version: string,
    provisioning: string,
    group: string,
    volume: VolumeAttributes,
  ): Promise<string | null> {
    const body: EditStorageGroupRequest = {
      executionOption: ASYNCHRONOUS,
      editStorageGroupActionParam: {
        expandStorageGroupParam: { addVolumeParam: { volumeAttributes: [volume], emulation: "FBA" } },
      },
    };
    const job = await this.connection.finished(
      version,
      await this.connection.send("PUT", `${provisioning}/storagegroup/${encode(group)}`, { body }),
    );
    return deviceIdOfJob(job) ?? (await this.volumesOfGroup(provisioning, group))[0] ?? null;
  }
}

/** `csim_<20 hex of the key's SHA-256>_<identifier>`: the same name for a repeated call, at most 57 characters. */
export function storageGroupName(identifier: string, idempotencyKey: string): string {
  const hash = createHash("sha256").update(idempotencyKey).digest("hex").slice(0, 20);
  return `csim_${hash}_${identifier.replace(/[^A-Za-z0-9_-]/g, "_").slice(0, 31)}`;
}

/** A capacity in whole MB (MiB, as Unisphere counts them), rounded up. */
function volumeAttributes(identifier: string, capacityBytes: number): VolumeAttributes {
  return {
    volume_size: String(Math.max(1, Math.ceil(capacityBytes / MiB))),
    capacityUnit: "MB",
    num_of_vols: 1,
    volumeIdentifier:
      identifier === ""
        ? { volumeIdentifierChoice: "none" }
        : { identifier_name: identifier, volumeIdentifierChoice: "identifier_name" },
  };
}

/** The device id a job's task names (`Creating new Volumes … [00123]`), or null. */
function deviceIdOfJob(job: UnisphereJob | null): string | null {
  for (const task of job?.task ?? []) {
    if (!task.description.includes(CREATING_VOLUMES)) continue;
    const match = /\[([0-9A-Fa-f]{5})[\],]/.exec(task.description);
    if (match?.[1]) return match[1].toUpperCase();
  }
  return null;
}

function symDevice(volume: Volume): SymDevice {
  return {
    deviceId: volume.volumeId,
    wwn: volume.effective_wwn || volume.wwn,
    identifier: volume.volume_identifier ?? "",
    capacityBytes: Math.round(volume.cap_mb * MiB),
    cylinders: volume.cap_cyl,
  };
}
