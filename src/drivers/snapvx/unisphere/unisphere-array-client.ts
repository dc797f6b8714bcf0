import { ArrayOperationError } from "../../../application/ports/array-operation-error.js";
import type { StorageSystemRecord } from "../../../application/ports/storage-catalog.js";
import type {
  CreateDeviceSpec,
  SnapshotRef,
  SnapVxArrayClient,
  SnapVxLink,
  SnapVxSnapshot,
  SymDevice,
} from "../snapvx-array-client.js";
import { type JobPollingOptions, UnisphereConnection } from "./unisphere-connection.js";
import { UnisphereDevices } from "./unisphere-devices.js";
import { UnisphereDiscovery } from "./unisphere-discovery.js";
import {
  DEFAULT_HTTP_OPTIONS,
  type UnisphereEndpoint,
  UnisphereHttp,
  type UnisphereHttpOptions,
} from "./unisphere-http.js";
import { UnisphereSnapshots } from "./unisphere-snapshots.js";

export interface UnisphereClientOptions extends JobPollingOptions {
  readonly http: UnisphereHttpOptions;
}

export const DEFAULT_CLIENT_OPTIONS: UnisphereClientOptions = {
  http: DEFAULT_HTTP_OPTIONS,
  jobPollIntervalMs: 100,
  maxJobPollIntervalMs: 3_000,
  jobTimeoutMs: 600_000,
};

/**
 * The SnapVX array client over Unisphere for PowerMax REST (docs/unisphere.md): one instance
 * per Unisphere, for every array it manages (the storage system's serial number is the array's
 * Symmetrix id). Each operation finds its array first (unisphere-discovery.ts: the API version,
 * whether snapshots have snap ids), then runs on the array's devices (unisphere-devices.ts: a
 * storage group per device) or its SnapVX snapshots (unisphere-snapshots.ts: on devices, a
 * relink through storage groups), each request through unisphere-connection.ts (jobs waited
 * for). Refusals become `SymmetrixError`s when their text is a known one
 * (unisphere-refusals.ts).
 */
export class UnisphereArrayClient implements SnapVxArrayClient {
  private readonly connection: UnisphereConnection;
  private readonly discovery: UnisphereDiscovery;
  private readonly devices: UnisphereDevices;
  private readonly snapshots: UnisphereSnapshots;

  constructor(endpoint: UnisphereEndpoint, options: UnisphereClientOptions = DEFAULT_CLIENT_OPTIONS) {
    this.connection = new UnisphereConnection(new UnisphereHttp(endpoint, options.http), options);
    this.discovery = new UnisphereDiscovery(this.connection);
    this.devices = new UnisphereDevices(this.connection);
    this.snapshots = new UnisphereSnapshots(this.connection, this.devices);
  }

  /** Closes the connections kept for reuse. */
  close(): void {
    this.connection.close();
  }

  /* --- devices --- */

  async createDevice(system: StorageSystemRecord, spec: CreateDeviceSpec): Promise<SymDevice> {
    return this.devices.createDevice(await this.discovery.arrayOf(system), spec);
  }

  async deleteDevice(system: StorageSystemRecord, deviceId: string): Promise<void> {
    await this.devices.deleteDevice(await this.discovery.arrayOf(system), deviceId);
  }

  async device(system: StorageSystemRecord, deviceId: string): Promise<SymDevice | null> {
    return this.devices.device(await this.discovery.arrayOf(system), deviceId);
  }

  /* --- snapshots --- */

  async establish(
    system: StorageSystemRecord,
    request: { sourceDeviceId: string; snapshotName: string; idempotencyKey: string },
  ): Promise<SnapVxSnapshot> {
    return this.snapshots.establish(await this.discovery.arrayOf(system), request);
  }

  /**
   * Not over Unisphere: it would take a storage group of exactly the members, snapshotted and then
   * dismantled, which this client does not manage (docs/unisphere.md). The driver declares it, so
   * the API refuses a group session on such a system before any task.
   */
  readonly establishesConsistentSnapshots = false;

  async establishConsistent(): Promise<SnapVxSnapshot[]> {
    throw new ArrayOperationError(
      "Snapshots of several devices at one instant are not taken through Unisphere by coprsim",
      false,
    );
  }

  /** Not over Unisphere either: the driver makes replication groups only where it takes group snapshots. */
  async addToStorageGroup(): Promise<void> {
    throw new ArrayOperationError("Storage groups are not managed through Unisphere by coprsim", false);
  }

  async terminate(system: StorageSystemRecord, snapshot: SnapshotRef): Promise<void> {
    await this.snapshots.terminate(await this.discovery.arrayOf(system), snapshot, false);
  }

  async terminateRestore(system: StorageSystemRecord, snapshot: SnapshotRef): Promise<void> {
    await this.snapshots.terminate(await this.discovery.arrayOf(system), snapshot, true);
  }

  async link(
    system: StorageSystemRecord,
    snapshot: SnapshotRef,
    request: { targetDeviceId: string; copy: boolean },
  ): Promise<void> {
    await this.snapshots.modify(await this.discovery.arrayOf(system), snapshot, {
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
    await this.snapshots.modify(await this.discovery.arrayOf(system), snapshot, {
      action: "Unlink",
      target: request.targetDeviceId,
      copy: false,
      symforce: request.symforce,
    });
  }

  async restore(system: StorageSystemRecord, snapshot: SnapshotRef): Promise<void> {
    await this.snapshots.modify(await this.discovery.arrayOf(system), snapshot, {
      action: "Restore",
      target: snapshot.sourceDeviceId,
      copy: false,
      symforce: false,
    });
  }

  async linkState(system: StorageSystemRecord, targetDeviceId: string): Promise<SnapVxLink | null> {
    return this.snapshots.linkState(await this.discovery.arrayOf(system), targetDeviceId);
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
    await this.snapshots.relink(await this.discovery.arrayOf(system), to, request.targetDeviceId);
  }

  async snapshot(system: StorageSystemRecord, ref: SnapshotRef): Promise<SnapVxSnapshot | null> {
    return this.snapshots.snapshot(await this.discovery.arrayOf(system), ref);
  }

  async snapshotsOf(system: StorageSystemRecord, sourceDeviceId: string): Promise<SnapVxSnapshot[]> {
    return this.snapshots.snapshotsOf(await this.discovery.arrayOf(system), sourceDeviceId);
  }

  async linksOf(system: StorageSystemRecord, sourceDeviceId: string): Promise<SnapVxLink[]> {
    return this.snapshots.linksOf(await this.discovery.arrayOf(system), sourceDeviceId);
  }
}
