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
import type { StorageSystemRecord } from "../../application/ports/storage-catalog.js";
import type { LinkState } from "../../domain/snapshots/link-state.js";
import type { SimOperation } from "./array-state-store.js";
import type { FaultPlan } from "./fault-plan.js";

/**
 * A driver of a simulated array with the array's fault plan in front: each operation first
 * meets the faults planned for its kind (a delay, an error raised before anything happens).
 * Faults inside an operation (`copy`: the start of a copy pass) and stalls are the simulated
 * array's own business. A client of real hardware would be used without this wrapper.
 */
export class FaultInjectingDriver implements ArrayDriver {
  readonly systemType: string;

  constructor(
    private readonly inner: ArrayDriver,
    readonly faults: FaultPlan,
  ) {
    this.systemType = inner.systemType;
  }

  capabilities(system: StorageSystemRecord): DriverCapabilities {
    return this.inner.capabilities(system);
  }

  async provisionVolume(system: StorageSystemRecord, request: ProvisionVolumeRequest): Promise<ProvisionedDevice> {
    await this.meet(system, "provision");
    return this.inner.provisionVolume(system, request);
  }

  async deleteVolume(system: StorageSystemRecord, nativeId: string): Promise<void> {
    await this.meet(system, "delete");
    return this.inner.deleteVolume(system, nativeId);
  }

  async establishSnapshot(
    system: StorageSystemRecord,
    request: EstablishSnapshotRequest,
  ): Promise<EstablishedSnapshot> {
    await this.meet(system, "establish");
    return this.inner.establishSnapshot(system, request);
  }

  addToReplicationGroup(system: StorageSystemRecord, groupName: string, nativeIds: readonly string[]): Promise<void> {
    return this.inner.addToReplicationGroup(system, groupName, nativeIds);
  }

  async establishSnapshotsAtOneInstant(
    system: StorageSystemRecord,
    requests: readonly EstablishSnapshotRequest[],
  ): Promise<EstablishedSnapshot[]> {
    await this.meet(system, "establish-group");
    return this.inner.establishSnapshotsAtOneInstant(system, requests);
  }

  async terminateSnapshot(system: StorageSystemRecord, snapshotNativeId: string): Promise<void> {
    await this.meet(system, "terminate");
    return this.inner.terminateSnapshot(system, snapshotNativeId);
  }

  async provisionTarget(system: StorageSystemRecord, request: ProvisionTargetRequest): Promise<ProvisionedDevice> {
    await this.meet(system, "provision");
    return this.inner.provisionTarget(system, request);
  }

  async linkTarget(system: StorageSystemRecord, request: LinkRequest): Promise<LinkState> {
    await this.meet(system, "link");
    return this.inner.linkTarget(system, request);
  }

  async linkStatus(system: StorageSystemRecord, link: LinkRef): Promise<LinkState> {
    await this.meet(system, "status");
    return this.inner.linkStatus(system, link);
  }

  provisionTargets(
    system: StorageSystemRecord,
    requests: readonly ProvisionTargetRequest[],
  ): Promise<BatchOutcome<ProvisionedDevice>[]> {
    return this.meetEach(system, "provision", requests, (rest) => this.inner.provisionTargets(system, rest));
  }

  linkTargets(system: StorageSystemRecord, requests: readonly LinkRequest[]): Promise<BatchOutcome<LinkState>[]> {
    return this.meetEach(system, "link", requests, (rest) => this.inner.linkTargets(system, rest));
  }

  linkStatuses(system: StorageSystemRecord, links: readonly LinkRef[]): Promise<BatchOutcome<LinkState>[]> {
    return this.meetEach(system, "status", links, (rest) => this.inner.linkStatuses(system, rest));
  }

  async unlinkTarget(system: StorageSystemRecord, link: LinkRef, options?: { force?: boolean }): Promise<void> {
    await this.meet(system, "unlink");
    return this.inner.unlinkTarget(system, link, options);
  }

  async relinkTarget(system: StorageSystemRecord, request: RelinkRequest): Promise<LinkState> {
    await this.meet(system, "relink");
    return this.inner.relinkTarget(system, request);
  }

  async restoreSnapshot(system: StorageSystemRecord, snapshotNativeId: string): Promise<RestoreState> {
    await this.meet(system, "restore");
    return this.inner.restoreSnapshot(system, snapshotNativeId);
  }

  async restoreStatus(system: StorageSystemRecord, snapshotNativeId: string): Promise<RestoreState> {
    await this.meet(system, "status");
    return this.inner.restoreStatus(system, snapshotNativeId);
  }

  async finishRestore(system: StorageSystemRecord, snapshotNativeId: string): Promise<void> {
    await this.meet(system, "restore");
    return this.inner.finishRestore(system, snapshotNativeId);
  }

  async restoreFromTarget(system: StorageSystemRecord, ref: TargetRestoreRef): Promise<RestoreState> {
    await this.meet(system, "restore");
    return this.inner.restoreFromTarget(system, ref);
  }

  async restoreFromTargetStatus(system: StorageSystemRecord, ref: TargetRestoreRef): Promise<RestoreState> {
    await this.meet(system, "status");
    return this.inner.restoreFromTargetStatus(system, ref);
  }

  async finishRestoreFromTarget(system: StorageSystemRecord, ref: TargetRestoreRef): Promise<void> {
    await this.meet(system, "restore");
    return this.inner.finishRestoreFromTarget(system, ref);
  }

  /**
   * Each item of a batch meets the plan as a single operation would: an item that meets an
   * error fails alone, and the array is called with the others.
   */
  private async meetEach<I, T>(
    system: StorageSystemRecord,
    operation: SimOperation,
    items: readonly I[],
    call: (rest: readonly I[]) => Promise<BatchOutcome<T>[]>,
  ): Promise<BatchOutcome<T>[]> {
    const errors = await this.faults.checkEach(system.nativeId, operation, items.length);
    const passed = items.filter((_item, index) => errors[index] === null);
    const outcomes = passed.length > 0 ? await call(passed) : [];
    let next = 0;
    return errors.map((error) => {
      if (error !== null) return { ok: false, error };
      const outcome = outcomes[next++];
      if (!outcome) throw new Error("the array answered fewer items than it was given");
      return outcome;
    });
  }

  private meet(system: StorageSystemRecord, operation: SimOperation): Promise<void> {
    return this.faults.check(system.nativeId, operation);
  }
}
