import { oneByOne } from "../../application/drivers/one-by-one-batch.js";
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
import { translateRefusals } from "../simulation/array-refusal.js";
import { arraySideName } from "../simulation/devices.js";
import { familyRegistration } from "../simulation/family-registration.js";
import { FaultInjectingDriver } from "../simulation/fault-injecting-driver.js";
import { StoredFaultPlan } from "../simulation/fault-plan.js";
import type { SimulatedArrayDependencies } from "../simulation/simulated-array-dependencies.js";
import {
  SimulatedSnapVxArray,
  SNAPVX_MAX_LINKS_PER_SOURCE,
  SNAPVX_MAX_SNAPSHOTS_PER_SOURCE,
} from "./simulated-snapvx-array.js";
import {
  type SnapVxArrayClient,
  type SnapVxLink,
  type SnapVxSnapshot,
  SYMMETRIX_MESSAGES,
  type SymDevice,
  SymmetrixError,
  type SymmetrixErrorReason,
} from "./snapvx-array-client.js";
import { SnapVxDriverBySystem } from "./snapvx-driver-by-system.js";
import { parseSnapVxSettings, SNAPVX_SETTING_KEYS, snapVxSerialNumberProblem } from "./snapvx-settings.js";
import { parseSnapshotNativeId, snapshotNativeId } from "./snapvx-snapshot-ids.js";
import {
  DEFAULT_CLIENT_OPTIONS,
  UnisphereArrayClient,
  type UnisphereClientOptions,
} from "./unisphere/unisphere-array-client.js";

export const SNAPVX_SYSTEM_TYPE = "vmax";

/**
 * The driver of VMAX3 / PowerMax arrays (`system_type` `vmax`) over an array client: controller
 * operations become SnapVX operations, SnapVX states and refusals become the controller's. The
 * array's limits are fixed (256 snapshots, 1024 linked targets per source).
 *
 * A snapshot's native id is `<source device>:<snapshot name>:<snap_id>`.
 */
export class SnapVxDriver implements ArrayDriver {
  readonly systemType = SNAPVX_SYSTEM_TYPE;

  constructor(private readonly client: SnapVxArrayClient) {}

  capabilities(_system: StorageSystemRecord): DriverCapabilities {
    return {
      family: SNAPVX_SYSTEM_TYPE,
      maxLinkedTargetsPerSource: SNAPVX_MAX_LINKS_PER_SOURCE,
      maxSnapshotsPerSource: SNAPVX_MAX_SNAPSHOTS_PER_SOURCE,
      supportsCopyMode: true,
      snapshotSessionsRefusedFor: null,
      relinksCopyLinks: true,
      restoresFromCopyTargets: true,
      // CoprHD's VMAX3 path reads a target's SnapVX settings instance first.
      unlinkedTargetRestoreRefusal: "settings-instance",
      // SnapVX storage groups.
      supportsConsistencyGroups: true,
      // `symsnapvx -sg … establish`, not taken through Unisphere (docs/unisphere.md).
      establishesSnapshotsAtOneInstant: this.client.establishesConsistentSnapshots,
      takesTime: { define: true, copy: true, restore: true },
    };
  }

  provisionVolume(system: StorageSystemRecord, request: ProvisionVolumeRequest): Promise<ProvisionedDevice> {
    return translateRefusals(async () => provisioned(await this.createDevice(system, request)));
  }

  provisionTarget(system: StorageSystemRecord, request: ProvisionTargetRequest): Promise<ProvisionedDevice> {
    return this.provisionVolume(system, request);
  }

  deleteVolume(system: StorageSystemRecord, nativeId: string): Promise<void> {
    return idempotent(() => this.client.deleteDevice(system, nativeId), "device-not-found");
  }

  addToReplicationGroup(system: StorageSystemRecord, groupName: string, nativeIds: readonly string[]): Promise<void> {
    return translateRefusals(() =>
      this.client.addToStorageGroup(system, { storageGroup: arraySideName(groupName), deviceIds: nativeIds }),
    );
  }

  establishSnapshot(system: StorageSystemRecord, request: EstablishSnapshotRequest): Promise<EstablishedSnapshot> {
    return translateRefusals(async () => {
      const snapshot = await this.client.establish(system, {
        sourceDeviceId: request.sourceNativeId,
        snapshotName: arraySideName(request.name),
        idempotencyKey: request.idempotencyKey,
      });
      return { nativeId: snapshotNativeId(snapshot), deviceLabel: snapshot.snapshotName };
    });
  }

  establishSnapshotsAtOneInstant(
    system: StorageSystemRecord,
    requests: readonly EstablishSnapshotRequest[],
  ): Promise<EstablishedSnapshot[]> {
    return translateRefusals(async () => {
      const snapshots = await this.client.establishConsistent(
        system,
        requests.map((r) => ({
          sourceDeviceId: r.sourceNativeId,
          snapshotName: arraySideName(r.name),
          idempotencyKey: r.idempotencyKey,
        })),
      );
      return snapshots.map((snapshot) => ({
        nativeId: snapshotNativeId(snapshot),
        deviceLabel: snapshot.snapshotName,
      }));
    });
  }

  terminateSnapshot(system: StorageSystemRecord, snapshotNativeId: string): Promise<void> {
    const ref = parseSnapshotNativeId(snapshotNativeId);
    return idempotent(() => this.client.terminate(system, ref), "snapshot-not-found");
  }

  async linkTarget(system: StorageSystemRecord, request: LinkRequest): Promise<LinkState> {
    const ref = parseSnapshotNativeId(request.snapshotNativeId);
    await idempotent(
      () =>
        this.client.link(system, ref, { targetDeviceId: request.targetNativeId, copy: request.copyMode === "copy" }),
      "already-in-desired-state",
    );
    return this.linkStatus(system, request);
  }

  async linkStatus(system: StorageSystemRecord, link: LinkRef): Promise<LinkState> {
    const ref = parseSnapshotNativeId(link.snapshotNativeId);
    const state = await translateRefusals(() => this.client.linkState(system, link.targetNativeId));
    if (!state || state.snapId !== ref.snapId) {
      throw new ArrayOperationError(
        `Device ${link.targetNativeId} is not linked to snapshot ${ref.snapshotName} of device ${ref.sourceDeviceId}`,
        false,
      );
    }
    return normalized(state);
  }

  provisionTargets(
    system: StorageSystemRecord,
    requests: readonly ProvisionTargetRequest[],
  ): Promise<BatchOutcome<ProvisionedDevice>[]> {
    return oneByOne(requests, (request) => this.provisionTarget(system, request));
  }

  linkTargets(system: StorageSystemRecord, requests: readonly LinkRequest[]): Promise<BatchOutcome<LinkState>[]> {
    return oneByOne(requests, (request) => this.linkTarget(system, request));
  }

  linkStatuses(system: StorageSystemRecord, links: readonly LinkRef[]): Promise<BatchOutcome<LinkState>[]> {
    return oneByOne(links, (link) => this.linkStatus(system, link));
  }
  unlinkTarget(system: StorageSystemRecord, link: LinkRef, options: { force?: boolean } = {}): Promise<void> {
    const ref = parseSnapshotNativeId(link.snapshotNativeId);
    return idempotent(
      () => this.client.unlink(system, ref, { targetDeviceId: link.targetNativeId, symforce: options.force === true }),
      "already-in-desired-state",
      "device-not-found",
    );
  }

  async relinkTarget(system: StorageSystemRecord, request: RelinkRequest): Promise<LinkState> {
    const from = parseSnapshotNativeId(request.fromSnapshotNativeId);
    const to = parseSnapshotNativeId(request.toSnapshotNativeId);
    const target = request.targetNativeId;
    const current = await translateRefusals(() => this.client.linkState(system, target));
    // Already moved (a repeated call): the link is on `to`, and `to` is not `from`.
    const done = current !== null && current.snapId === to.snapId && from.snapId !== to.snapId;
    if (!done) await translateRefusals(() => this.client.relink(system, from, to, { targetDeviceId: target }));
    return this.linkStatus(system, { snapshotNativeId: request.toSnapshotNativeId, targetNativeId: target });
  }

  async restoreSnapshot(system: StorageSystemRecord, snapshotNativeId: string): Promise<RestoreState> {
    const ref = parseSnapshotNativeId(snapshotNativeId);
    await translateRefusals(() => this.client.restore(system, ref));
    return this.restoreStatus(system, snapshotNativeId);
  }

  async restoreStatus(system: StorageSystemRecord, snapshotNativeId: string): Promise<RestoreState> {
    const ref = parseSnapshotNativeId(snapshotNativeId);
    const snapshot = await translateRefusals(() => this.client.snapshot(system, ref));
    if (!snapshot) {
      throw new ArrayOperationError(
        `Snapshot ${ref.snapshotName} was not found on device ${ref.sourceDeviceId}`,
        false,
      );
    }
    return restoreState(snapshot);
  }

  /**
   * The real controller's way on VMAX3 (docs/api/snapshots.md, "Restore the source from a linked
   * target"): a snapshot of the target (the restore's image), the source linked to it in copy
   * mode — the source reads the image at once, the array copies it in the background — and, once
   * copied ({@link finishRestoreFromTarget}), the source unlinked and that snapshot terminated.
   * Each step finds what an earlier try did: the source linked to the target's restore snapshot
   * is the restore running; a restore snapshot of the target not linked to the source is left
   * from a try that stopped before the link (its image may be older than the target's): it is
   * terminated and taken again.
   */
  async restoreFromTarget(system: StorageSystemRecord, ref: TargetRestoreRef): Promise<RestoreState> {
    const running = await this.restoreLink(system, ref);
    if (running) return restoreProgress(running);
    const snapshot = parseSnapshotNativeId(ref.snapshotNativeId);
    const source = snapshot.sourceDeviceId;
    const target = ref.targetNativeId;
    const link = await translateRefusals(() => this.client.linkState(system, target));
    if (!link || link.snapId !== snapshot.snapId || link.sourceDeviceId !== source) {
      throw new ArrayOperationError(SYMMETRIX_MESSAGES.notLinked(target, snapshot.snapshotName), false);
    }
    if (link.copy && link.state !== "Copied") {
      throw new ArrayOperationError(SYMMETRIX_MESSAGES.linkNotFullyCopied, false);
    }
    await this.terminateRestoreSnapshots(system, ref);
    const image = await translateRefusals(() =>
      this.client.establish(system, {
        sourceDeviceId: target,
        snapshotName: restoreSnapshotName(source),
        idempotencyKey: `restore-from-target:${target}:${source}`,
      }),
    );
    try {
      await idempotent(
        () => this.client.link(system, image, { targetDeviceId: source, copy: true }),
        "already-in-desired-state",
      );
    } catch (error) {
      // Refused for good: the snapshot made for it goes (a target with a snapshot cannot be deleted).
      if (error instanceof ArrayOperationError && !error.retryable) {
        await this.terminateRestoreSnapshots(system, ref).catch(() => undefined);
      }
      throw error;
    }
    return this.restoreFromTargetStatus(system, ref);
  }

  /** The copy of the restore's image onto the source: `CopyInProg` (restoring), then `Copied` (restored). */
  async restoreFromTargetStatus(system: StorageSystemRecord, ref: TargetRestoreRef): Promise<RestoreState> {
    const link = await this.restoreLink(system, ref);
    if (!link) {
      const source = parseSnapshotNativeId(ref.snapshotNativeId).sourceDeviceId;
      throw new ArrayOperationError(`Device ${source} has no restore from linked target ${ref.targetNativeId}`, false);
    }
    return restoreProgress(link);
  }

  /** Unlinks the source once copied (refused, retryable, before), then terminates the restore snapshot. */
  async finishRestoreFromTarget(system: StorageSystemRecord, ref: TargetRestoreRef): Promise<void> {
    const link = await this.restoreLink(system, ref);
    if (link) {
      if (link.state !== "Copied") {
        throw new ArrayOperationError(
          `The restore of device ${link.targetDeviceId} from linked target ${ref.targetNativeId} is still copying (${link.percentCopied}%)`,
          true,
        );
      }
      await idempotent(
        () => this.client.unlink(system, link, { targetDeviceId: link.targetDeviceId, symforce: false }),
        "already-in-desired-state",
      );
    }
    await this.terminateRestoreSnapshots(system, ref);
  }

  /** The source's link to the target's restore snapshot, or null. */
  private async restoreLink(system: StorageSystemRecord, ref: TargetRestoreRef): Promise<SnapVxLink | null> {
    const source = parseSnapshotNativeId(ref.snapshotNativeId).sourceDeviceId;
    const link = await translateRefusals(() => this.client.linkState(system, source));
    const ours = link?.sourceDeviceId === ref.targetNativeId && link.snapshotName === restoreSnapshotName(source);
    return ours ? link : null;
  }

  /** Terminates the target's restore snapshots (none, or the target gone: nothing to do). */
  private async terminateRestoreSnapshots(system: StorageSystemRecord, ref: TargetRestoreRef): Promise<void> {
    const name = restoreSnapshotName(parseSnapshotNativeId(ref.snapshotNativeId).sourceDeviceId);
    const snapshots = await translateRefusals(() =>
      this.client.snapshotsOf(system, ref.targetNativeId).catch((error: unknown) => {
        if (error instanceof SymmetrixError && error.reason === "device-not-found") return [];
        throw error;
      }),
    );
    for (const snapshot of snapshots.filter((s) => s.snapshotName === name)) {
      await idempotent(() => this.client.terminate(system, snapshot), "snapshot-not-found");
    }
  }

  finishRestore(system: StorageSystemRecord, snapshotNativeId: string): Promise<void> {
    const ref = parseSnapshotNativeId(snapshotNativeId);
    return idempotent(() => this.client.terminateRestore(system, ref), "no-restore-session", "snapshot-not-found");
  }

  private createDevice(system: StorageSystemRecord, request: ProvisionVolumeRequest): Promise<SymDevice> {
    return this.client.createDevice(system, {
      srpId: request.poolNativeId,
      identifier: arraySideName(request.name),
      capacityBytes: request.capacityBytes,
      idempotencyKey: request.idempotencyKey,
    });
  }
}

/**
 * SnapVX arrays have fixed limits (256 snapshots, 1024 linked targets per source); their only
 * settings say where their Unisphere is, for an array driven through it (snapvx-settings.ts),
 * whose serial number must then be its Symmetrix id.
 */
export const SNAPVX_REGISTRATION = familyRegistration({
  systemType: SNAPVX_SYSTEM_TYPE,
  poolName: "SRP_1",
  maxSnapshotsPerSource: SNAPVX_MAX_SNAPSHOTS_PER_SOURCE,
  serialPrefix: "SYMMETRIX+000197",
  serialDigits: 6,
  knownSettings: SNAPVX_SETTING_KEYS,
  parseSettings: parseSnapVxSettings,
  serialNumberProblem: snapVxSerialNumberProblem,
});

/**
 * The `vmax` driver: on the simulated array kept in `store` (with the array's fault plan in
 * front), or, for a system registered with a Unisphere, over that Unisphere's REST API.
 */
export function createSnapVxDriver(
  dependencies: SimulatedArrayDependencies,
  unisphereOptions: UnisphereClientOptions = DEFAULT_CLIENT_OPTIONS,
): SnapVxDriverBySystem {
  const faults = new StoredFaultPlan(dependencies.store);
  const array = new SimulatedSnapVxArray(dependencies.store, dependencies.clock, faults);
  return new SnapVxDriverBySystem(
    new FaultInjectingDriver(new SnapVxDriver(array), faults),
    faults,
    (endpoint) => new SnapVxDriver(new UnisphereArrayClient(endpoint, unisphereOptions)),
  );
}

function normalized(link: SnapVxLink): LinkState {
  switch (link.state) {
    case "Linked":
      return { state: "linked", nativeState: link.state, defined: link.defined, percentCopied: link.percentCopied };
    case "CopyInProg":
      return { state: "copying", nativeState: link.state, defined: link.defined, percentCopied: link.percentCopied };
    case "Copied":
      return { state: "copied", nativeState: link.state, defined: true, percentCopied: 100 };
  }
}

/**
 * The name of the snapshot of a linked target that its source is restored from: one per source
 * (a source has one restore at a time), the same on every try.
 */
export function restoreSnapshotName(sourceDeviceId: string): string {
  return `csim_restore_${sourceDeviceId}`;
}

function restoreProgress(link: SnapVxLink): RestoreState {
  if (link.state === "Copied") return { state: "restored", nativeState: link.state, percentRestored: 100 };
  return { state: "restoring", nativeState: link.state, percentRestored: link.percentCopied };
}

function restoreState(snapshot: SnapVxSnapshot): RestoreState {
  switch (snapshot.state) {
    case "Established":
      throw new ArrayOperationError(`Snapshot ${snapshot.snapshotName} has no restore session`, false);
    case "RestoreInProg":
      return { state: "restoring", nativeState: snapshot.state, percentRestored: snapshot.percentRestored };
    case "Restored":
      return { state: "restored", nativeState: snapshot.state, percentRestored: 100 };
  }
}

function provisioned(device: SymDevice): ProvisionedDevice {
  return { nativeId: device.deviceId, wwn: device.wwn, deviceLabel: device.identifier };
}

/** A client call whose refusals for the given reasons mean its effect is already there: success. */
function idempotent(call: () => Promise<void>, ...alreadyDone: SymmetrixErrorReason[]): Promise<void> {
  return translateRefusals(call, alreadyDone);
}
