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
import { arraySideName, MAX_ARRAY_NAME_LENGTH } from "../simulation/devices.js";
import { familyRegistration } from "../simulation/family-registration.js";
import { FaultInjectingDriver } from "../simulation/fault-injecting-driver.js";
import { StoredFaultPlan } from "../simulation/fault-plan.js";
import type { SimulatedArrayDependencies } from "../simulation/simulated-array-dependencies.js";
import { SimulatedVnxArray, VNX_MAX_SNAPSHOTS_PER_LUN } from "./simulated-vnx-array.js";
import { VNX_MESSAGES, type VnxArrayClient, type VnxErrorReason, type VnxLun } from "./vnx-array-client.js";
import { parseVnxSettings, VNX_SETTING_KEYS } from "./vnx-settings.js";

export const VNX_SYSTEM_TYPE = "vnxblock";

const COPIED: LinkState = { state: "copied", nativeState: "MIGRATED", defined: true, percentCopied: 100 };
const RESTORED: RestoreState = { state: "restored", nativeState: "Ready", percentRestored: 100 };

/**
 * The driver of VNX for Block arrays (`system_type` `vnxblock`), the VNX Snapshots way:
 * a target is a snapshot mount point (SMP) on the source LUN; a nocopy link attaches the
 * snapshot to it (immediate: `Attached` → linked); a copy link attaches, then migrates the SMP
 * to a new LUN of its size at the storage system's `migrationRate` (`MIGRATING` → copying), and
 * when the migration ends the target is a normal LUN with the SMP's id (`MIGRATED` → copied).
 * Settings: see `VnxSettings`. A snapshot's native id is the array's snapshot id.
 */
export class VnxDriver implements ArrayDriver {
  readonly systemType = VNX_SYSTEM_TYPE;

  constructor(private readonly client: VnxArrayClient) {}

  capabilities(system: StorageSystemRecord): DriverCapabilities {
    const settings = parseVnxSettings(system.settings);
    return {
      family: VNX_SYSTEM_TYPE,
      maxLinkedTargetsPerSource: settings.maxSnapshotMountPointsPerSource,
      maxSnapshotsPerSource: VNX_MAX_SNAPSHOTS_PER_LUN,
      supportsCopyMode: true,
      snapshotSessionsRefusedFor: settings.snapshotSessions === "refused" ? "VNX" : null,
      // A copy target is a migrated LUN of its own: no snapshot to detach, attach or restore from.
      relinksCopyLinks: false,
      restoresFromCopyTargets: false,
      unlinkedTargetRestoreRefusal: "activation",
      // VNX consistency groups.
      supportsConsistencyGroups: true,
      // A consistency group's snapshot (`snap -create -resType CG`).
      establishesSnapshotsAtOneInstant: true,
      // Attaching is synchronous and a restore is immediate; a copy is a LUN migration.
      takesTime: { define: false, copy: true, restore: false },
    };
  }

  provisionVolume(system: StorageSystemRecord, request: ProvisionVolumeRequest): Promise<ProvisionedDevice> {
    return translateRefusals(async () =>
      provisioned(
        await this.client.createLun(system, {
          poolId: request.poolNativeId,
          name: arraySideName(request.name),
          capacityBytes: request.capacityBytes,
          idempotencyKey: request.idempotencyKey,
        }),
      ),
    );
  }

  /** An SMP on the source LUN (in the source's pool, of its size); the per-source SMP limit applies here. */
  provisionTarget(system: StorageSystemRecord, request: ProvisionTargetRequest): Promise<ProvisionedDevice> {
    return translateRefusals(async () =>
      provisioned(
        await this.client.createSnapshotMountPoint(system, {
          primaryLunId: request.sourceNativeId,
          name: arraySideName(request.name),
          idempotencyKey: request.idempotencyKey,
        }),
      ),
    );
  }

  deleteVolume(system: StorageSystemRecord, nativeId: string): Promise<void> {
    return idempotent(() => this.client.destroyLun(system, nativeId), "lun-not-found");
  }

  establishSnapshot(system: StorageSystemRecord, request: EstablishSnapshotRequest): Promise<EstablishedSnapshot> {
    return translateRefusals(async () => {
      const snapshot = await this.client.createSnapshot(system, {
        primaryLunId: request.sourceNativeId,
        name: arraySideName(request.name),
        idempotencyKey: request.idempotencyKey,
      });
      return { nativeId: snapshot.snapshotId, deviceLabel: snapshot.name };
    });
  }

  addToReplicationGroup(system: StorageSystemRecord, groupName: string, nativeIds: readonly string[]): Promise<void> {
    return translateRefusals(() =>
      this.client.addToConsistencyGroup(system, { name: arraySideName(groupName), lunIds: nativeIds }),
    );
  }

  /** One consistency group snapshot of the sources, under the request's name (the members share it). */
  establishSnapshotsAtOneInstant(
    system: StorageSystemRecord,
    requests: readonly EstablishSnapshotRequest[],
  ): Promise<EstablishedSnapshot[]> {
    return translateRefusals(async () => {
      const snapshots = await this.client.createConsistencyGroupSnapshot(system, {
        name: arraySideName(requests[0]?.name ?? ""),
        members: requests.map((r) => ({ primaryLunId: r.sourceNativeId, idempotencyKey: r.idempotencyKey })),
      });
      return snapshots.map((snapshot) => ({ nativeId: snapshot.snapshotId, deviceLabel: snapshot.name }));
    });
  }

  terminateSnapshot(system: StorageSystemRecord, snapshotNativeId: string): Promise<void> {
    return idempotent(() => this.client.destroySnapshot(system, snapshotNativeId), "snapshot-not-found");
  }

  async linkTarget(system: StorageSystemRecord, request: LinkRequest): Promise<LinkState> {
    const { snapshotNativeId: snapshotId, targetNativeId: smpId } = request;
    if (request.copyMode === "copy") {
      const rate = await translateRefusals(async () => parseVnxSettings(system.settings).migrationRate);
      const target = await this.existingLun(system, smpId);
      // A normal LUN here is an SMP whose migration has ended: the copy link is complete.
      if (target.type === "normal") return COPIED;
      await idempotent(() => this.client.attachSnapshot(system, { smpId, snapshotId }), "already-attached");
      await translateRefusals(async () => {
        if (await this.client.migration(system, smpId)) return;
        const destination = await this.client.createLun(system, {
          poolId: target.poolId,
          name: `${target.name.slice(0, MAX_ARRAY_NAME_LENGTH - 4)}_MIG`,
          capacityBytes: target.capacityBytes,
          idempotencyKey: `migration-destination:${smpId}`,
        });
        try {
          await this.client.startMigration(system, { sourceLunId: smpId, destinationLunId: destination.lunId, rate });
        } catch (error) {
          // The destination is this driver's helper: leave no LUN behind for a migration that never ran.
          await this.client.destroyLun(system, destination.lunId).catch(() => undefined);
          throw error;
        }
      });
    } else {
      await idempotent(() => this.client.attachSnapshot(system, { smpId, snapshotId }), "already-attached");
    }
    return this.linkStatus(system, request);
  }

  async linkStatus(system: StorageSystemRecord, link: LinkRef): Promise<LinkState> {
    const target = await this.existingLun(system, link.targetNativeId);
    if (target.type === "normal") return COPIED;
    if (target.attachedSnapshotId !== link.snapshotNativeId) {
      throw new ArrayOperationError(
        `Snapshot ${link.snapshotNativeId} is not attached to snapshot mount point ${link.targetNativeId}`,
        false,
      );
    }
    const migration = await translateRefusals(() => this.client.migration(system, link.targetNativeId));
    if (migration) {
      return {
        state: "copying",
        nativeState: migration.state,
        defined: true,
        percentCopied: migration.percentComplete,
      };
    }
    return { state: "linked", nativeState: "Attached", defined: true, percentCopied: 0 };
  }

  /**
   * Detaches the snapshot. While the SMP is being migrated the array refuses the detach;
   * with `force` the migration is cancelled and its destination destroyed first.
   */

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
  async unlinkTarget(system: StorageSystemRecord, link: LinkRef, options: { force?: boolean } = {}): Promise<void> {
    const smpId = link.targetNativeId;
    const target = await translateRefusals(() => this.client.getLun(system, smpId));
    if (!target || target.type === "normal" || target.attachedSnapshotId !== link.snapshotNativeId) return;
    if (options.force === true) {
      const migration = await translateRefusals(() => this.client.migration(system, smpId));
      if (migration) {
        await idempotent(() => this.client.cancelMigration(system, smpId), "not-migrating");
        await idempotent(() => this.client.destroyLun(system, migration.destinationLunId), "lun-not-found");
      }
    }
    await idempotent(() => this.client.detachSnapshot(system, smpId), "not-attached");
  }

  /**
   * VNX has no relink: detach, then attach the other snapshot (a nocopy link). A copy link's
   * target is a migrated LUN (or being migrated), which the array refuses to detach or attach.
   */
  async relinkTarget(system: StorageSystemRecord, request: RelinkRequest): Promise<LinkState> {
    const { fromSnapshotNativeId: from, toSnapshotNativeId: to, targetNativeId: smpId } = request;
    const target = await this.existingLun(system, smpId);
    const done = target.attachedSnapshotId === to && from !== to;
    if (!done) {
      if (target.type === "snap" && target.attachedSnapshotId !== from) {
        throw new ArrayOperationError(`Snapshot ${from} is not attached to snapshot mount point ${smpId}`, false);
      }
      const snapshots = await translateRefusals(async () => [
        await this.client.getSnapshot(system, from),
        await this.client.getSnapshot(system, to),
      ]);
      const [current, next] = snapshots;
      if (!next) throw new ArrayOperationError(`Snapshot ${to} does not exist.`, false);
      if (current && current.primaryLunId !== next.primaryLunId) {
        throw new ArrayOperationError(
          "Cannot attach the snapshot. The snapshot is not of the primary LUN of the snapshot mount point.",
          false,
        );
      }
      await idempotent(() => this.client.detachSnapshot(system, smpId), "not-attached");
      await idempotent(() => this.client.attachSnapshot(system, { smpId, snapshotId: to }), "already-attached");
    }
    return this.linkStatus(system, { snapshotNativeId: to, targetNativeId: smpId });
  }

  /** `snap -restore` is immediate on VNX: restored at once, no restore session. */
  async restoreSnapshot(system: StorageSystemRecord, snapshotNativeId: string): Promise<RestoreState> {
    await translateRefusals(() => this.client.restoreSnapshot(system, snapshotNativeId));
    return RESTORED;
  }

  async restoreStatus(system: StorageSystemRecord, snapshotNativeId: string): Promise<RestoreState> {
    const snapshot = await translateRefusals(() => this.client.getSnapshot(system, snapshotNativeId));
    if (!snapshot) throw new ArrayOperationError(`Snapshot ${snapshotNativeId} does not exist.`, false);
    return RESTORED;
  }

  /** VNX has no restore session to end. */
  async finishRestore(_system: StorageSystemRecord, _snapshotNativeId: string): Promise<void> {}

  /**
   * The LUN restored from the snapshot attached to the SMP (VNX keeps what is written through an
   * SMP in its snapshot), at once. A copy target, a LUN of its own once migrated, cannot be.
   */
  async restoreFromTarget(system: StorageSystemRecord, ref: TargetRestoreRef): Promise<RestoreState> {
    await this.requireAttached(system, ref);
    await translateRefusals(() => this.client.restoreFromSnapshotMountPoint(system, ref.targetNativeId));
    return RESTORED;
  }

  async restoreFromTargetStatus(system: StorageSystemRecord, ref: TargetRestoreRef): Promise<RestoreState> {
    await this.requireAttached(system, ref);
    return RESTORED;
  }

  /** VNX has no restore session to end. */
  async finishRestoreFromTarget(_system: StorageSystemRecord, _ref: TargetRestoreRef): Promise<void> {}

  /** The target must be an SMP with the snapshot attached; a migrated copy target is a LUN of its own. */
  private async requireAttached(system: StorageSystemRecord, ref: TargetRestoreRef): Promise<void> {
    const target = await this.existingLun(system, ref.targetNativeId);
    if (target.type === "normal") {
      throw new ArrayOperationError(VNX_MESSAGES.notASnapshotMountPoint(ref.targetNativeId), false);
    }
    if (target.attachedSnapshotId !== ref.snapshotNativeId) {
      throw new ArrayOperationError(
        `Snapshot ${ref.snapshotNativeId} is not attached to snapshot mount point ${ref.targetNativeId}`,
        false,
      );
    }
  }

  private async existingLun(system: StorageSystemRecord, lunId: string): Promise<VnxLun> {
    const lun = await translateRefusals(() => this.client.getLun(system, lunId));
    if (!lun) throw new ArrayOperationError(`LUN ${lunId} does not exist.`, false);
    return lun;
  }
}

/** The VNX driver on a simulated array kept in `store`, with the array's fault plan in front. */
export const VNX_REGISTRATION = familyRegistration({
  systemType: VNX_SYSTEM_TYPE,
  poolName: "Pool 0",
  maxSnapshotsPerSource: VNX_MAX_SNAPSHOTS_PER_LUN,
  serialPrefix: "CLARIION+APM",
  serialDigits: 11,
  knownSettings: VNX_SETTING_KEYS,
  parseSettings: parseVnxSettings,
});

export function createVnxDriver(dependencies: SimulatedArrayDependencies): FaultInjectingDriver {
  const faults = new StoredFaultPlan(dependencies.store);
  const array = new SimulatedVnxArray(dependencies.store, dependencies.clock, faults);
  return new FaultInjectingDriver(new VnxDriver(array), faults);
}

function provisioned(lun: VnxLun): ProvisionedDevice {
  return { nativeId: lun.lunId, wwn: lun.wwn, deviceLabel: lun.name };
}

/** A client call whose refusals for the given reasons mean its effect is already there: success. */
function idempotent(call: () => Promise<void>, ...alreadyDone: VnxErrorReason[]): Promise<void> {
  return translateRefusals(call, alreadyDone);
}
