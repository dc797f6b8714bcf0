import { createHash } from "node:crypto";
import type {
  ArrayDriver,
  BatchOutcome,
  DriverCapabilities,
  EstablishedSnapshot,
  EstablishSnapshotRequest,
  LinkRef,
  LinkRequest,
  ProvisionedDevice,
  ProvisionTargetRequest,
  ProvisionVolumeRequest,
  RelinkRequest,
  RestoreState,
  TargetRestoreRef,
} from "../../application/ports/array-driver.js";
import { ArrayOperationError } from "../../application/ports/array-operation-error.js";
import type { StorageSystemRecord } from "../../application/ports/storage-catalog.js";
import type { LinkState } from "../../domain/snapshots/link-state.js";
import type { FaultPlan } from "../simulation/fault-plan.js";
import { InvalidArraySetting } from "../simulation/settings.js";
import { parseSnapVxSettings } from "./snapvx-settings.js";
import type { UnisphereEndpoint } from "./unisphere/unisphere-http.js";

/**
 * The `vmax` driver of a process: a system registered with a Unisphere endpoint is driven
 * through that Unisphere's REST API (one client per endpoint, kept for the process's life), any
 * other through the in-process simulated array with its fault plan in front. Faults planned for
 * a system driven through Unisphere are met by the array behind it (coprsim's Unisphere
 * surface meets them for its simulated arrays), not here.
 */
export class SnapVxDriverBySystem implements ArrayDriver {
  readonly systemType: string;
  private readonly overUnisphere = new Map<string, ArrayDriver>();

  constructor(
    /** The driver of the in-process simulated arrays, with their faults in front. */
    private readonly simulated: ArrayDriver,
    /** The fault plan of the in-process simulated arrays. */
    readonly faults: FaultPlan,
    /** The driver of the arrays behind one Unisphere. */
    private readonly driverOverUnisphere: (endpoint: UnisphereEndpoint) => ArrayDriver,
  ) {
    this.systemType = simulated.systemType;
  }

  capabilities(system: StorageSystemRecord): DriverCapabilities {
    return this.driverOf(system).capabilities(system);
  }

  async provisionVolume(system: StorageSystemRecord, request: ProvisionVolumeRequest): Promise<ProvisionedDevice> {
    return this.driverOf(system).provisionVolume(system, request);
  }

  async provisionTarget(system: StorageSystemRecord, request: ProvisionTargetRequest): Promise<ProvisionedDevice> {
    return this.driverOf(system).provisionTarget(system, request);
  }

  async deleteVolume(system: StorageSystemRecord, nativeId: string): Promise<void> {
    return this.driverOf(system).deleteVolume(system, nativeId);
  }

  async establishSnapshot(
    system: StorageSystemRecord,
    request: EstablishSnapshotRequest,
  ): Promise<EstablishedSnapshot> {
    return this.driverOf(system).establishSnapshot(system, request);
  }

  async addToReplicationGroup(
    system: StorageSystemRecord,
    groupName: string,
    nativeIds: readonly string[],
  ): Promise<void> {
    return this.driverOf(system).addToReplicationGroup(system, groupName, nativeIds);
  }

  async establishSnapshotsAtOneInstant(
    system: StorageSystemRecord,
    requests: readonly EstablishSnapshotRequest[],
  ): Promise<EstablishedSnapshot[]> {
    return this.driverOf(system).establishSnapshotsAtOneInstant(system, requests);
  }

  async terminateSnapshot(system: StorageSystemRecord, snapshotNativeId: string): Promise<void> {
    return this.driverOf(system).terminateSnapshot(system, snapshotNativeId);
  }

  async linkTarget(system: StorageSystemRecord, request: LinkRequest): Promise<LinkState> {
    return this.driverOf(system).linkTarget(system, request);
  }

  async linkStatus(system: StorageSystemRecord, link: LinkRef): Promise<LinkState> {
    return this.driverOf(system).linkStatus(system, link);
  }

  provisionTargets(
    system: StorageSystemRecord,
    requests: readonly ProvisionTargetRequest[],
  ): Promise<BatchOutcome<ProvisionedDevice>[]> {
    return this.driverOf(system).provisionTargets(system, requests);
  }

  linkTargets(system: StorageSystemRecord, requests: readonly LinkRequest[]): Promise<BatchOutcome<LinkState>[]> {
    return this.driverOf(system).linkTargets(system, requests);
  }

  linkStatuses(system: StorageSystemRecord, links: readonly LinkRef[]): Promise<BatchOutcome<LinkState>[]> {
    return this.driverOf(system).linkStatuses(system, links);
  }
  async unlinkTarget(system: StorageSystemRecord, link: LinkRef, options?: { force?: boolean }): Promise<void> {
    return this.driverOf(system).unlinkTarget(system, link, options);
  }

  async relinkTarget(system: StorageSystemRecord, request: RelinkRequest): Promise<LinkState> {
    return this.driverOf(system).relinkTarget(system, request);
  }

  async restoreSnapshot(system: StorageSystemRecord, snapshotNativeId: string): Promise<RestoreState> {
    return this.driverOf(system).restoreSnapshot(system, snapshotNativeId);
  }

  async restoreStatus(system: StorageSystemRecord, snapshotNativeId: string): Promise<RestoreState> {
    return this.driverOf(system).restoreStatus(system, snapshotNativeId);
  }

  async finishRestore(system: StorageSystemRecord, snapshotNativeId: string): Promise<void> {
    return this.driverOf(system).finishRestore(system, snapshotNativeId);
  }

  async restoreFromTarget(system: StorageSystemRecord, ref: TargetRestoreRef): Promise<RestoreState> {
    return this.driverOf(system).restoreFromTarget(system, ref);
  }

  async restoreFromTargetStatus(system: StorageSystemRecord, ref: TargetRestoreRef): Promise<RestoreState> {
    return this.driverOf(system).restoreFromTargetStatus(system, ref);
  }

  async finishRestoreFromTarget(system: StorageSystemRecord, ref: TargetRestoreRef): Promise<void> {
    return this.driverOf(system).finishRestoreFromTarget(system, ref);
  }

  private driverOf(system: StorageSystemRecord): ArrayDriver {
    let endpoint: UnisphereEndpoint | null;
    try {
      endpoint = parseSnapVxSettings(system.settings).unisphere;
    } catch (error) {
      if (error instanceof InvalidArraySetting) throw new ArrayOperationError(error.message, false);
      throw error;
    }
    if (!endpoint) return this.simulated;
    const key = endpointKey(endpoint);
    let driver = this.overUnisphere.get(key);
    if (!driver) {
      driver = this.driverOverUnisphere(endpoint);
      this.overUnisphere.set(key, driver);
    }
    return driver;
  }
}

/** One client per endpoint and credentials; the key is a hash, so the password is not kept twice. */
function endpointKey(endpoint: UnisphereEndpoint): string {
  return createHash("sha256").update(JSON.stringify(endpoint)).digest("hex");
}
