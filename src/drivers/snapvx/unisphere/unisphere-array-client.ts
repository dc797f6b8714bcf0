import { createHash } from "node:crypto";
import { ArrayOperationError } from "../../../application/ports/array-operation-error.js";
import type { StorageSystemRecord } from "../../../application/ports/storage-catalog.js";
import {
  type CreateDeviceSpec,
  type SnapshotRef,
  type SnapVxArrayClient,
  type SnapVxLink,
  type SnapVxSnapshot,
  type SnapVxSnapshotState,
  SYMMETRIX_MESSAGES,
  type SymDevice,
  SymmetrixError,
} from "../snapvx-array-client.js";
import type {
  DeleteVolumeSnapshotRequest,
  LinkedDevice,
  ModifyVolumeSnapshotRequest,
  VolumeNamedSnapshot,
  VolumeSnapshotSource,
  VolumeSnapshots,
} from "./device-snapshot-wire.js";
import { apiVersionFor, microcodeHasSnapIds, symmetrixIdOf, unisphereRelease } from "./powermax-identity.js";
import type {
  CreateStorageGroupRequest,
  EditStorageGroupRequest,
  StorageGroup,
  Volume,
  VolumeAttributes,
  VolumeIterator,
} from "./provisioning-wire.js";
import type { ModifyStorageGroupSnapshotRequest } from "./storage-group-snapshot-wire.js";
import {
  CREATING_VOLUMES,
  type ReplicationCapabilities,
  type SymmetrixSystem,
  UNFINISHED_JOB_STATUSES,
  type UnisphereJob,
  type UnisphereVersion,
} from "./system-wire.js";
import {
  DEFAULT_HTTP_OPTIONS,
  type UnisphereEndpoint,
  UnisphereHttp,
  type UnisphereHttpOptions,
} from "./unisphere-http.js";
import { refusal } from "./unisphere-refusals.js";
import { ASYNCHRONOUS } from "./unisphere-wire.js";

export interface UnisphereClientOptions {
  readonly http: UnisphereHttpOptions;
  /** First wait before looking at a job again; doubled up to `maxJobPollIntervalMs`. */
  readonly jobPollIntervalMs: number;
  readonly maxJobPollIntervalMs: number;
  /** A job not finished after this long fails (retryable): the array may still finish it. */
  readonly jobTimeoutMs: number;
}

export const DEFAULT_CLIENT_OPTIONS: UnisphereClientOptions = {
  http: DEFAULT_HTTP_OPTIONS,
  jobPollIntervalMs: 100,
  maxJobPollIntervalMs: 3_000,
  jobTimeoutMs: 600_000,
};

/** The service level of the storage groups coprsim provisions in (docs/unisphere.md, "What coprsim assumes"). */
export const SERVICE_LEVEL = "Diamond";
/** Storage groups coprsim makes, one per device: `csim_<20 hex of the device's key>_<identifier>`. */
const OWN_GROUP = /^csim_[0-9a-f]{20}_/;
/** Unisphere's refusal of a storage group name that is taken. */
const GROUP_EXISTS = /storage group resource already exists/i;

/** What a client learns once about an array: whether it addresses snapshots by snap id. */
interface ArrayFacts {
  readonly snapIds: boolean;
}

const MiB = 1024 ** 2;

/**
 * The SnapVX array client over Unisphere for PowerMax REST (docs/unisphere.md): one instance
 * per Unisphere, for every array it manages (the storage system's serial number is the array's
 * Symmetrix id). It learns the API version from `GET /version` (100 for Unisphere 10.x, 92 for
 * 9.x) and from the array's microcode whether snapshots have snap ids.
 *
 * - Devices: each device is made in a storage group of its own, named after the controller's
 *   idempotency key, in the system's SRP at service level {@link SERVICE_LEVEL}; a repeated
 *   call finds the group and its device. Deleting a device takes it out of its groups, deletes
 *   coprsim's own group and then the device.
 * - SnapVX: on devices (`/private/{ver}/replication/…`), as Cinder's PowerMax driver does, by
 *   snap id or, on older microcode, by generation; a relink goes through the devices' storage
 *   groups, the only relink Unisphere offers. Establishing is idempotent by name: a snapshot of
 *   that name on the source is taken as this request's (the controller keeps session names
 *   unique per source).
 * - On microcode without snap ids, a snapshot's `snapId` here is its creation time in epoch
 *   milliseconds (stable, unlike its generation).
 *
 * Refusals become {@link SymmetrixError}s when their text is a known one (unisphere-refusals.ts).
 */
export class UnisphereArrayClient implements SnapVxArrayClient {
  private readonly http: UnisphereHttp;
  private apiVersion: Promise<string> | null = null;
  private readonly facts = new Map<string, Promise<ArrayFacts>>();
  /** The storage group of each device this client made or looked up, by `<symmetrix id>:<device>`. */
  private readonly groupOfDevice = new Map<string, string>();

  constructor(
    endpoint: UnisphereEndpoint,
    private readonly options: UnisphereClientOptions = DEFAULT_CLIENT_OPTIONS,
  ) {
    this.http = new UnisphereHttp(endpoint, options.http);
  }

  /** Closes the connections kept for reuse. */
  close(): void {
    this.http.close();
  }

  /* --- devices --- */

  async createDevice(system: StorageSystemRecord, spec: CreateDeviceSpec): Promise<SymDevice> {
    const { symmetrixId, version } = await this.arrayOf(system);
    const group = storageGroupName(spec.identifier, spec.idempotencyKey);
    const volume = volumeAttributes(spec.identifier, spec.capacityBytes);
    const request: CreateStorageGroupRequest = {
      srpId: spec.srpId,
      storageGroupId: group,
      emulation: "FBA",
      sloBasedStorageGroupParam: [{ sloId: SERVICE_LEVEL, workloadSelection: "None", volumeAttributes: [volume] }],
      executionOption: ASYNCHRONOUS,
    };
    const provisioning = `/${version}/sloprovisioning/symmetrix/${symmetrixId}`;
    const created = await this.send("POST", `${provisioning}/storagegroup`, { body: request, accept: [409] });
    let deviceId: string | null = null;
    let repeated = created.status === 409;
    if (!repeated) {
      try {
        const job = await this.finished(version, created);
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
    const device = await this.device(system, deviceId);
    if (!device) throw new SymmetrixError("device-not-found", SYMMETRIX_MESSAGES.deviceNotFound(deviceId));
    return device;
  }

  async deleteDevice(system: StorageSystemRecord, deviceId: string): Promise<void> {
    const { symmetrixId, version } = await this.arrayOf(system);
    const provisioning = `/${version}/sloprovisioning/symmetrix/${symmetrixId}`;
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
      await this.finished(
        version,
        await this.send("PUT", `${provisioning}/storagegroup/${encode(group)}`, { body: remove }),
      );
      if (OWN_GROUP.test(group)) {
        const left = await this.send("GET", `${provisioning}/storagegroup/${encode(group)}`, { accept: [404] });
        if (left.status !== 404 && (left.body as StorageGroup).num_of_vols === 0) {
          await this.send("DELETE", `${provisioning}/storagegroup/${encode(group)}`, { accept: [404] });
        }
      }
    }
    this.groupOfDevice.delete(`${symmetrixId}:${deviceId}`);
    const deleted = await this.send("DELETE", `${provisioning}/volume/${encode(deviceId)}`, { accept: [404] });
    if (deleted.status === 404)
      throw new SymmetrixError("device-not-found", SYMMETRIX_MESSAGES.deviceNotFound(deviceId));
  }

  async device(system: StorageSystemRecord, deviceId: string): Promise<SymDevice | null> {
    const { symmetrixId, version } = await this.arrayOf(system);
    const volume = await this.volume(`/${version}/sloprovisioning/symmetrix/${symmetrixId}`, deviceId);
    return volume ? symDevice(volume) : null;
  }

  /* --- snapshots --- */

  async establish(
    system: StorageSystemRecord,
    request: { sourceDeviceId: string; snapshotName: string; idempotencyKey: string },
  ): Promise<SnapVxSnapshot> {
    const array = await this.arrayOf(system);
    const { sourceDeviceId, snapshotName } = request;
    const existing = await this.namedSnapshots(array, sourceDeviceId, snapshotName);
    if (existing[0]) return snapVxSnapshot(sourceDeviceId, existing[0], array.facts);
    const body = {
      deviceNameListSource: [{ name: sourceDeviceId }],
      bothSides: "false",
      star: "false",
      force: "false",
    };
    await this.finished(
      array.version,
      await this.send("POST", `${array.replication}/snapshot/${encode(snapshotName)}`, { body }),
    );
    const [created] = await this.namedSnapshots(array, sourceDeviceId, snapshotName);
    if (!created)
      throw new SymmetrixError("snapshot-not-found", SYMMETRIX_MESSAGES.snapshotNotFound(snapshotName, sourceDeviceId));
    return snapVxSnapshot(sourceDeviceId, created, array.facts);
  }

  async terminate(system: StorageSystemRecord, snapshot: SnapshotRef): Promise<void> {
    await this.deleteSnapshot(system, snapshot, false);
  }

  async terminateRestore(system: StorageSystemRecord, snapshot: SnapshotRef): Promise<void> {
    await this.deleteSnapshot(system, snapshot, true);
  }

  async link(
    system: StorageSystemRecord,
    snapshot: SnapshotRef,
    request: { targetDeviceId: string; copy: boolean },
  ): Promise<void> {
    await this.modifySnapshot(system, snapshot, {
      action: "Link",
      target: request.targetDeviceId,
      copy: request.copy,
      symforce: false,
    });
  }

  async unlink(
    system: StorageSystemRecord,
    snapshot: SnapshotRef,
    request: { targetDeviceId: string; symforce: boolean },
  ): Promise<void> {
    await this.modifySnapshot(system, snapshot, {
      action: "Unlink",
      target: request.targetDeviceId,
      copy: false,
      symforce: request.symforce,
    });
  }

  async restore(system: StorageSystemRecord, snapshot: SnapshotRef): Promise<void> {
    await this.modifySnapshot(system, snapshot, {
      action: "Restore",
      target: snapshot.sourceDeviceId,
      copy: false,
      symforce: false,
    });
  }

  /**
   * The target's link as the target lists it; when that does not say the snapshot's snap id
   * (or the array has none), as its source lists it.
   */
  async linkState(system: StorageSystemRecord, targetDeviceId: string): Promise<SnapVxLink | null> {
    const array = await this.arrayOf(system);
    const ofTarget = await this.volumeSnapshots(array, targetDeviceId);
    const link = ofTarget?.snapshotLnks.find((l) => l.linkSourceName);
    const source = link?.linkSourceName;
    if (!link || !source) return null;
    if (array.facts.snapIds && typeof link.snap_id === "number" && link.snapshot_name) {
      const snapshot = { snapshotName: link.snapshot_name, snap_id: link.snap_id } as VolumeSnapshotSource;
      return snapVxLink(source, snapshot, { ...link, targetDevice: targetDeviceId }, array.facts);
    }
    const ofSource = await this.volumeSnapshots(array, source);
    for (const snapshot of ofSource?.snapshotSrcs ?? []) {
      const linked = snapshot.linkedDevices.find((d) => d.targetDevice === targetDeviceId && d.targetDevice !== source);
      if (linked) return snapVxLink(source, snapshot, linked, array.facts);
    }
    return null;
  }

  /**
   * Unisphere relinks a target from whichever snapshot it is linked to (refusing one that is
   * linked to none): `_from`, the snapshot the controller recorded for it, is not sent.
   */
  async relink(
    system: StorageSystemRecord,
    _from: SnapshotRef,
    to: SnapshotRef,
    request: { targetDeviceId: string },
  ): Promise<void> {
    const array = await this.arrayOf(system);
    const target = request.targetDeviceId;
    const [sourceGroup, targetGroup] = await Promise.all([
      this.groupOf(array, to.sourceDeviceId),
      this.groupOf(array, target),
    ]);
    const groupSnapshot = `/${array.version}/replication/symmetrix/${array.symmetrixId}/storagegroup/${encode(sourceGroup)}/snapshot/${encode(to.snapshotName)}`;
    if (array.facts.snapIds) {
      const body: ModifyStorageGroupSnapshotRequest = { action: "Relink", relink: { storage_group_name: targetGroup } };
      await this.finished(array.version, await this.send("PUT", `${groupSnapshot}/snapid/${to.snapId}`, { body }));
    } else {
      const generation = await this.generationOf(array, to);
      const body: ModifyStorageGroupSnapshotRequest = {
        action: "Relink",
        relink: { relinkStorageGroupName: targetGroup },
      };
      await this.finished(array.version, await this.send("PUT", `${groupSnapshot}/generation/${generation}`, { body }));
    }
  }

  async snapshot(system: StorageSystemRecord, ref: SnapshotRef): Promise<SnapVxSnapshot | null> {
    const array = await this.arrayOf(system);
    const view = await this.volumeSnapshots(array, ref.sourceDeviceId);
    const found = view?.snapshotSrcs.find(
      (s) => s.snapshotName === ref.snapshotName && identityOf(s, array.facts) === ref.snapId,
    );
    return found ? snapVxSnapshot(ref.sourceDeviceId, found, array.facts) : null;
  }

  async snapshotsOf(system: StorageSystemRecord, sourceDeviceId: string): Promise<SnapVxSnapshot[]> {
    const array = await this.arrayOf(system);
    const view = await this.volumeSnapshots(array, sourceDeviceId);
    if (!view) throw new SymmetrixError("device-not-found", SYMMETRIX_MESSAGES.deviceNotFound(sourceDeviceId));
    return view.snapshotSrcs
      .map((s) => snapVxSnapshot(sourceDeviceId, s, array.facts))
      .sort((a, b) => a.timestamp - b.timestamp || b.generation - a.generation);
  }

  async linksOf(system: StorageSystemRecord, sourceDeviceId: string): Promise<SnapVxLink[]> {
    const array = await this.arrayOf(system);
    const view = await this.volumeSnapshots(array, sourceDeviceId);
    if (!view) throw new SymmetrixError("device-not-found", SYMMETRIX_MESSAGES.deviceNotFound(sourceDeviceId));
    return view.snapshotSrcs.flatMap((snapshot) =>
      snapshot.linkedDevices
        .filter((linked) => linked.targetDevice !== sourceDeviceId)
        .map((linked) => snapVxLink(sourceDeviceId, snapshot, linked, array.facts)),
    );
  }

  /* --- requests --- */

  private async modifySnapshot(
    system: StorageSystemRecord,
    snapshot: SnapshotRef,
    change: { action: ModifyVolumeSnapshotRequest["action"]; target: string; copy: boolean; symforce: boolean },
  ): Promise<void> {
    const array = await this.arrayOf(system);
    const body: ModifyVolumeSnapshotRequest = {
      deviceNameListSource: [{ name: snapshot.sourceDeviceId }],
      deviceNameListTarget: [{ name: change.target }],
      action: change.action,
      ...(change.action === "Restore"
        ? {}
        : { copy: String(change.copy), exact: "false", remote: "false", symforce: String(change.symforce) }),
      star: "false",
      force: "false",
      ...(await this.selectorOf(array, snapshot)),
    };
    await this.finished(
      array.version,
      await this.send("PUT", `${array.replication}/snapshot/${encode(snapshot.snapshotName)}`, { body }),
    );
  }

  private async deleteSnapshot(system: StorageSystemRecord, snapshot: SnapshotRef, endRestore: boolean): Promise<void> {
    const array = await this.arrayOf(system);
    const body: DeleteVolumeSnapshotRequest = {
      deviceNameListSource: [{ name: snapshot.sourceDeviceId }],
      ...(await this.selectorOf(array, snapshot)),
      ...(endRestore ? { restore: true } : {}),
    };
    await this.finished(
      array.version,
      await this.send("DELETE", `${array.replication}/snapshot/${encode(snapshot.snapshotName)}`, { body }),
    );
  }

  /** `snap_id`, or on older microcode the snapshot's current generation. */
  private async selectorOf(
    array: ArrayRef,
    snapshot: SnapshotRef,
  ): Promise<{ snap_id: number } | { generation: number }> {
    if (array.facts.snapIds) return { snap_id: snapshot.snapId };
    return { generation: await this.generationOf(array, snapshot) };
  }

  private async generationOf(array: ArrayRef, snapshot: SnapshotRef): Promise<number> {
    const generations = await this.namedSnapshots(array, snapshot.sourceDeviceId, snapshot.snapshotName);
    const found = generations.find((s) => identityOf(s, array.facts) === snapshot.snapId);
    if (!found) {
      throw new SymmetrixError(
        "snapshot-not-found",
        SYMMETRIX_MESSAGES.snapshotNotFound(snapshot.snapshotName, snapshot.sourceDeviceId),
      );
    }
    return found.generation;
  }

  /** The source's generations of one snapshot name, newest first; none when there are none. */
  private async namedSnapshots(array: ArrayRef, deviceId: string, name: string): Promise<VolumeSnapshotSource[]> {
    const answer = await this.send("GET", `${array.replication}/volume/${encode(deviceId)}/snapshot/${encode(name)}`, {
      accept: [404],
    });
    if (answer.status === 404) return [];
    return [...((answer.body as VolumeNamedSnapshot).snapshotSrc ?? [])].sort((a, b) => a.generation - b.generation);
  }

  /** The device's snapshots and links; null for an unknown device. */
  private async volumeSnapshots(array: ArrayRef, deviceId: string): Promise<VolumeSnapshots | null> {
    const answer = await this.send("GET", `${array.replication}/volume/${encode(deviceId)}/snapshot`, {
      accept: [404],
    });
    if (answer.status === 404) return null;
    const view = answer.body as Partial<VolumeSnapshots>;
    return {
      deviceName: view.deviceName ?? deviceId,
      snapshotSrcs: (view.snapshotSrcs ?? []).map((s) => ({ ...s, linkedDevices: s.linkedDevices ?? [] })),
      snapshotLnks: view.snapshotLnks ?? [],
    };
  }

  private async volume(provisioning: string, deviceId: string): Promise<Volume | null> {
    const answer = await this.send("GET", `${provisioning}/volume/${encode(deviceId)}`, { accept: [404] });
    return answer.status === 404 ? null : (answer.body as Volume);
  }

  private async volumesOfGroup(provisioning: string, group: string): Promise<string[]> {
    const answer = await this.send("GET", `${provisioning}/volume`, { query: { storageGroupId: group } });
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
    const job = await this.finished(
      version,
      await this.send("PUT", `${provisioning}/storagegroup/${encode(group)}`, { body }),
    );
    return deviceIdOfJob(job) ?? (await this.volumesOfGroup(provisioning, group))[0] ?? null;
  }

  /** The storage group a device is in: the one coprsim made for it, else its first. */
  private async groupOf(array: ArrayRef, deviceId: string): Promise<string> {
    const key = `${array.symmetrixId}:${deviceId}`;
    const known = this.groupOfDevice.get(key);
    if (known) return known;
    const volume = await this.volume(`/${array.version}/sloprovisioning/symmetrix/${array.symmetrixId}`, deviceId);
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

  /**
   * One request; refusals become errors (a 404 too, unless accepted). A 202's job is the body;
   * see {@link finished}.
   */
  private async send(
    method: "GET" | "POST" | "PUT" | "DELETE",
    path: string,
    options: { body?: unknown; query?: Record<string, string>; accept?: readonly number[] } = {},
  ): Promise<{ status: number; body: unknown }> {
    const answer = await this.http.request(method, path, options);
    if (answer.status >= 200 && answer.status < 300) return answer;
    if (options.accept?.includes(answer.status)) return answer;
    const message = messageOf(answer.body) ?? `HTTP ${answer.status}`;
    if (answer.status === 401 || answer.status === 403) {
      throw new ArrayOperationError(
        `Unisphere at ${this.http.where} refused the credentials of the configured user (HTTP ${answer.status}: ${message})`,
        false,
      );
    }
    throw refusal(message, answer.status);
  }

  /**
   * Waits for the job of a 202 (nothing to wait for otherwise): polls `system/job/{id}` after
   * `jobPollIntervalMs`, doubling up to `maxJobPollIntervalMs`, until it succeeds, fails (its
   * `result` is the array's text of the refusal) or `jobTimeoutMs` has passed.
   */
  private async finished(version: string, answer: { status: number; body: unknown }): Promise<UnisphereJob | null> {
    if (answer.status !== 202) return null;
    let job = answer.body as UnisphereJob;
    const deadline = Date.now() + this.options.jobTimeoutMs;
    let wait = this.options.jobPollIntervalMs;
    while (UNFINISHED_JOB_STATUSES.includes(String(job.status).toLowerCase())) {
      if (Date.now() + wait > deadline) {
        throw new ArrayOperationError(
          `Job ${job.jobId} (${job.name}) did not finish within ${this.options.jobTimeoutMs / 1000} s on Unisphere at ${this.http.where}`,
          true,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, wait));
      wait = Math.min(wait * 2, this.options.maxJobPollIntervalMs);
      job = (await this.send("GET", `/${version}/system/job/${encode(job.jobId)}`)).body as UnisphereJob;
    }
    if (String(job.status).toLowerCase() !== "succeeded")
      throw refusal(job.result || `Job ${job.jobId} ${job.status}`, 400);
    return job;
  }

  /* --- discovery --- */

  /** The array's Symmetrix id, the API version and the array's facts, learnt once. */
  private async arrayOf(system: StorageSystemRecord): Promise<ArrayRef> {
    const symmetrixId = symmetrixIdOf(system.nativeId);
    if (!symmetrixId) {
      throw new ArrayOperationError(
        `Storage system ${system.name} has serial number ${system.nativeId}, not a 12-digit Symmetrix id`,
        false,
      );
    }
    const version = await this.discoveredApiVersion();
    let facts = this.facts.get(symmetrixId);
    if (!facts) {
      facts = this.discoverArray(version, symmetrixId);
      this.facts.set(symmetrixId, facts);
      facts.catch(() => this.facts.delete(symmetrixId));
    }
    return {
      symmetrixId,
      version,
      facts: await facts,
      replication: `/private/${version}/replication/symmetrix/${symmetrixId}`,
    };
  }

  private discoveredApiVersion(): Promise<string> {
    if (!this.apiVersion) {
      this.apiVersion = this.discoverApiVersion();
      this.apiVersion.catch(() => {
        this.apiVersion = null;
      });
    }
    return this.apiVersion;
  }

  private async discoverApiVersion(): Promise<string> {
    const { version } = (await this.send("GET", "/version")).body as UnisphereVersion;
    const release = unisphereRelease(String(version));
    const api = release ? apiVersionFor(release.major) : null;
    if (!api) {
      throw new ArrayOperationError(
        `Unisphere at ${this.http.where} is version ${String(version)}: coprsim talks to Unisphere 9.2 to 10.x`,
        false,
      );
    }
    return api;
  }

  private async discoverArray(version: string, symmetrixId: string): Promise<ArrayFacts> {
    const answer = await this.send("GET", `/${version}/system/symmetrix/${symmetrixId}`, { accept: [404] });
    if (answer.status === 404) {
      throw new ArrayOperationError(`Unisphere at ${this.http.where} does not manage array ${symmetrixId}`, false);
    }
    const system = answer.body as SymmetrixSystem;
    const capabilities = (await this.send("GET", `/${version}/replication/capabilities/symmetrix`))
      .body as ReplicationCapabilities;
    const snapVx = capabilities.symmetrixCapability?.find((c) => c.symmetrixId === symmetrixId)?.snapVxCapable;
    if (snapVx !== true) {
      throw new ArrayOperationError(
        `Array ${symmetrixId} is not licensed for SnapVX (Unisphere at ${this.http.where})`,
        false,
      );
    }
    return { snapIds: microcodeHasSnapIds(String(system.ucode ?? system.microcode ?? "")) };
  }
}

interface ArrayRef {
  readonly symmetrixId: string;
  readonly version: string;
  readonly facts: ArrayFacts;
  /** `/private/{ver}/replication/symmetrix/{sym}`. */
  readonly replication: string;
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

/** A snapshot's stable id: its snap id, or on older microcode its creation time. */
function identityOf(snapshot: VolumeSnapshotSource, facts: ArrayFacts): number {
  return facts.snapIds ? Number(snapshot.snap_id) : timestampOf(snapshot);
}

function timestampOf(snapshot: VolumeSnapshotSource): number {
  if (typeof snapshot.timestamp_utc === "number") return snapshot.timestamp_utc;
  // `00:30:50 Fri, 02 Jun 2017 IST +0100`: Date reads it once the zone's name is left out.
  const text = String(snapshot.timestamp).replace(/^(\d\d:\d\d:\d\d) (\w+, \d+ \w+ \d+) \w+ ([+-]\d{4})$/, "$2 $1 $3");
  const parsed = Date.parse(text);
  return Number.isNaN(parsed) ? 0 : parsed;
}

const SNAPSHOT_STATES: readonly SnapVxSnapshotState[] = ["Established", "RestoreInProg", "Restored"];

function snapVxSnapshot(sourceDeviceId: string, snapshot: VolumeSnapshotSource, facts: ArrayFacts): SnapVxSnapshot {
  const restore = snapshot.linkedDevices?.find((d) => d.targetDevice === sourceDeviceId);
  const stated = SNAPSHOT_STATES.find((s) => s === snapshot.state) ?? "Established";
  const state: SnapVxSnapshotState = restore ? (restore.state === "Restored" ? "Restored" : "RestoreInProg") : stated;
  return {
    sourceDeviceId,
    snapshotName: snapshot.snapshotName,
    snapId: identityOf(snapshot, facts),
    generation: snapshot.generation,
    timestamp: timestampOf(snapshot),
    state,
    percentRestored: state === "Restored" ? 100 : state === "RestoreInProg" ? (restore?.percentageCopied ?? 0) : 0,
  };
}

function snapVxLink(
  sourceDeviceId: string,
  snapshot: VolumeSnapshotSource,
  linked: LinkedDevice,
  facts: ArrayFacts,
): SnapVxLink {
  const copied = linked.state === "Copied";
  const state = linked.copy ? (copied ? "Copied" : "CopyInProg") : "Linked";
  const percentCopied = copied ? 100 : linked.copy ? linked.percentageCopied : 0;
  return {
    sourceDeviceId,
    snapshotName: snapshot.snapshotName,
    snapId: identityOf(snapshot, facts),
    targetDeviceId: linked.targetDevice,
    copy: linked.copy,
    state,
    defined: linked.defined,
    tracks: linked.tracks,
    copiedTracks: Math.floor((linked.tracks * percentCopied) / 100),
    percentCopied,
  };
}

function messageOf(body: unknown): string | null {
  const message = (body as { message?: unknown } | null)?.message;
  return typeof message === "string" && message !== "" ? message : null;
}

function encode(segment: string): string {
  return encodeURIComponent(segment);
}
