import { oneByOne } from "../../../src/application/drivers/one-by-one-batch.js";
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
} from "../../../src/application/ports/array-driver.js";
import { ArrayOperationError } from "../../../src/application/ports/array-operation-error.js";
import type { DriverRegistry } from "../../../src/application/ports/driver-registry.js";
import type { StorageSystemRecord } from "../../../src/application/ports/storage-catalog.js";
import type { LinkState } from "../../../src/domain/snapshots/link-state.js";

export interface FamilyLimits {
  readonly systemType: string;
  readonly maxLinkedTargetsPerSource: number;
  readonly maxSnapshotsPerSource: number;
  readonly supportsCopyMode: boolean;
  /** How the family's unlinked target is refused a restore (DriverCapabilities); `activation` when absent. */
  readonly unlinkedTargetRestoreRefusal?: DriverCapabilities["unlinkedTargetRestoreRefusal"];
}

export const SNAPVX_LIMITS: FamilyLimits = {
  systemType: "vmax",
  maxLinkedTargetsPerSource: 1024,
  maxSnapshotsPerSource: 256,
  supportsCopyMode: true,
  unlinkedTargetRestoreRefusal: "settings-instance",
};

export const MOCK_LIMITS: FamilyLimits = {
  systemType: "mock",
  maxLinkedTargetsPerSource: 64,
  maxSnapshotsPerSource: 16,
  supportsCopyMode: true,
};

/** The operations of the port a failure can be planned for. */
export type ArrayOperation =
  | "provision"
  | "delete"
  | "establish"
  | "establish-group"
  | "terminate"
  | "link"
  | "status"
  | "unlink"
  | "relink"
  | "restore";

/** How far a copy-mode link (or a restore) gets with each status query. */
const COPY_STEP_PERCENT = 50;

const FULLY_COPIED = "Link must be fully copied for this operation to proceed";

/**
 * An array family in memory. Every call is idempotent, as the port promises: a repeated
 * provision (same key) returns the same device, a repeated link returns the link's state.
 * A copy link advances by {@link COPY_STEP_PERCENT} at each `linkStatus`, a restore at each
 * `restoreStatus`. A system whose
 * settings say `copyMode: false` does not support copy mode.
 *
 * Like the simulated arrays' fault plan, {@link failNext} makes the next calls of an
 * operation fail with a chosen error before they change anything; and the array's content
 * can be read back ({@link deviceFor}, {@link linkOf}, {@link deviceCount}).
 */
export class InMemoryArrayDriver implements ArrayDriver {
  readonly systemType: string;
  private readonly devices = new Map<string, ProvisionedDevice>();
  private readonly snapshots = new Map<string, EstablishedSnapshot>();
  private readonly links = new Map<string, LinkState>();
  private readonly restores = new Map<string, RestoreState>();
  /** Replication group name → member native ids. */
  readonly replicationGroups = new Map<string, Set<string>>();
  private readonly plannedFailures: { operation: ArrayOperation; error: Error; remaining: number }[] = [];
  private nextSerial = 1;

  constructor(private readonly limits: FamilyLimits) {
    this.systemType = limits.systemType;
  }

  /**
   * Settings: `copyMode: false` (no copy mode), `refuseSessionsAs: "<name>"` (sessions refused with
   * that name), `copyTargets: "fixed"` (copy targets can be neither relinked nor restored from),
   * `consistencyGroups: false` (no consistency groups), `groupSnapshots: "refused"` (groups, but no
   * snapshots of their members at one instant: a `vmax` driven through Unisphere).
   */
  capabilities(system: StorageSystemRecord): DriverCapabilities {
    return {
      family: this.limits.systemType,
      maxLinkedTargetsPerSource: this.limits.maxLinkedTargetsPerSource,
      maxSnapshotsPerSource: this.limits.maxSnapshotsPerSource,
      supportsCopyMode: this.limits.supportsCopyMode && system.settings.copyMode !== false,
      snapshotSessionsRefusedFor:
        typeof system.settings.refuseSessionsAs === "string" ? system.settings.refuseSessionsAs : null,
      relinksCopyLinks: system.settings.copyTargets !== "fixed",
      restoresFromCopyTargets: system.settings.copyTargets !== "fixed",
      unlinkedTargetRestoreRefusal: this.limits.unlinkedTargetRestoreRefusal ?? "activation",
      supportsConsistencyGroups: system.settings.consistencyGroups !== false,
      establishesSnapshotsAtOneInstant:
        system.settings.consistencyGroups !== false && system.settings.groupSnapshots !== "refused",
      takesTime: { define: false, copy: true, restore: true },
    };
  }

  /** The next `count` calls of `operation` fail with `error` and change nothing. */
  failNext(operation: ArrayOperation, error: Error, count = 1): void {
    this.plannedFailures.push({ operation, error, remaining: count });
  }

  /** Planned failures not raised yet, per operation. */
  pendingFailures(): Partial<Record<ArrayOperation, number>> {
    const pending: Partial<Record<ArrayOperation, number>> = {};
    for (const { operation, remaining } of this.plannedFailures) {
      if (remaining > 0) pending[operation] = (pending[operation] ?? 0) + remaining;
    }
    return pending;
  }

  /** The device created for a controller id (the provision's idempotency key), if it still exists. */
  deviceFor(idempotencyKey: string): ProvisionedDevice | undefined {
    return this.devices.get(idempotencyKey);
  }

  deviceCount(): number {
    return this.devices.size;
  }

  linkOf(ref: LinkRef): LinkState | undefined {
    return this.links.get(linkKey(ref));
  }

  async provisionVolume(_system: StorageSystemRecord, request: ProvisionVolumeRequest): Promise<ProvisionedDevice> {
    this.raisePlannedFailure("provision");
    const existing = this.devices.get(request.idempotencyKey);
    if (existing) return existing;
    const serial = (this.nextSerial++).toString(16).toUpperCase().padStart(5, "0");
    const device = {
      nativeId: serial,
      wwn: `60000970000${serial.padStart(21, "0")}`,
      deviceLabel: request.name.slice(0, 31),
    };
    this.devices.set(request.idempotencyKey, device);
    return device;
  }

  async deleteVolume(_system: StorageSystemRecord, nativeId: string): Promise<void> {
    this.raisePlannedFailure("delete");
    for (const [key, device] of this.devices) if (device.nativeId === nativeId) this.devices.delete(key);
    for (const members of this.replicationGroups.values()) members.delete(nativeId);
  }

  async addToReplicationGroup(
    system: StorageSystemRecord,
    groupName: string,
    nativeIds: readonly string[],
  ): Promise<void> {
    if (!this.capabilities(system).establishesSnapshotsAtOneInstant) {
      throw new ArrayOperationError("The array keeps no replication groups", false);
    }
    const members = this.replicationGroups.get(groupName) ?? new Set<string>();
    for (const nativeId of nativeIds) members.add(nativeId);
    this.replicationGroups.set(groupName, members);
  }

  async establishSnapshot(
    _system: StorageSystemRecord,
    request: EstablishSnapshotRequest,
  ): Promise<EstablishedSnapshot> {
    this.raisePlannedFailure("establish");
    const existing = this.snapshots.get(request.idempotencyKey);
    if (existing) return existing;
    const snapshot = { nativeId: `${request.sourceNativeId}:${request.name}`, deviceLabel: request.name };
    this.snapshots.set(request.idempotencyKey, snapshot);
    return snapshot;
  }

  /** Every snapshot in one call: a planned failure takes none. */
  async establishSnapshotsAtOneInstant(
    system: StorageSystemRecord,
    requests: readonly EstablishSnapshotRequest[],
  ): Promise<EstablishedSnapshot[]> {
    this.raisePlannedFailure("establish-group");
    if (!this.capabilities(system).establishesSnapshotsAtOneInstant) {
      throw new ArrayOperationError("The array takes no snapshots of several devices at one instant", false);
    }
    return requests.map((request) => {
      const snapshot = this.snapshots.get(request.idempotencyKey) ?? {
        nativeId: `${request.sourceNativeId}:${request.name}`,
        deviceLabel: request.name,
      };
      this.snapshots.set(request.idempotencyKey, snapshot);
      return snapshot;
    });
  }

  async terminateSnapshot(_system: StorageSystemRecord, snapshotNativeId: string): Promise<void> {
    this.raisePlannedFailure("terminate");
    if ([...this.links.keys()].some((key) => key.startsWith(`${snapshotNativeId}|`))) {
      throw new ArrayOperationError(`snapshot ${snapshotNativeId} still has linked targets`, false);
    }
    for (const [key, snapshot] of this.snapshots)
      if (snapshot.nativeId === snapshotNativeId) this.snapshots.delete(key);
  }

  provisionTarget(system: StorageSystemRecord, request: ProvisionTargetRequest): Promise<ProvisionedDevice> {
    return this.provisionVolume(system, request);
  }

  async linkTarget(_system: StorageSystemRecord, request: LinkRequest): Promise<LinkState> {
    this.raisePlannedFailure("link");
    const key = linkKey(request);
    const existing = this.links.get(key);
    if (existing) return existing;
    const state: LinkState =
      request.copyMode === "copy"
        ? { state: "copying", nativeState: "CopyInProg", defined: true, percentCopied: 0 }
        : { state: "linked", nativeState: "Linked", defined: true, percentCopied: 0 };
    this.links.set(key, state);
    return state;
  }

  async linkStatus(_system: StorageSystemRecord, link: LinkRef): Promise<LinkState> {
    this.raisePlannedFailure("status");
    const state = this.links.get(linkKey(link));
    if (!state) throw new ArrayOperationError(`no link of ${link.targetNativeId} to ${link.snapshotNativeId}`, false);
    if (state.state !== "copying") return state;
    const percentCopied = Math.min(100, state.percentCopied + COPY_STEP_PERCENT);
    const next: LinkState =
      percentCopied === 100
        ? { state: "copied", nativeState: "Copied", defined: true, percentCopied }
        : { ...state, percentCopied };
    this.links.set(linkKey(link), next);
    return next;
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
  async unlinkTarget(_system: StorageSystemRecord, link: LinkRef, options?: { force?: boolean }): Promise<void> {
    this.raisePlannedFailure("unlink");
    const state = this.links.get(linkKey(link));
    if (!state) return;
    if (state.state === "copying" && !options?.force) {
      throw new ArrayOperationError(`link of ${link.targetNativeId} is still copying`, false);
    }
    this.links.delete(linkKey(link));
  }

  async relinkTarget(_system: StorageSystemRecord, request: RelinkRequest): Promise<LinkState> {
    this.raisePlannedFailure("relink");
    const to = { snapshotNativeId: request.toSnapshotNativeId, targetNativeId: request.targetNativeId };
    const from = { snapshotNativeId: request.fromSnapshotNativeId, targetNativeId: request.targetNativeId };
    const current = this.links.get(linkKey(from));
    if (!current) {
      const done = this.links.get(linkKey(to));
      if (done) return done;
      throw new ArrayOperationError(
        `${request.targetNativeId} is not linked to ${request.fromSnapshotNativeId}`,
        false,
      );
    }
    const state: LinkState =
      current.state === "linked"
        ? current
        : { state: "copying", nativeState: "CopyInProg", defined: true, percentCopied: 0 };
    this.links.delete(linkKey(from));
    this.links.set(linkKey(to), state);
    return state;
  }

  async restoreSnapshot(_system: StorageSystemRecord, snapshotNativeId: string): Promise<RestoreState> {
    this.raisePlannedFailure("restore");
    const existing = this.restores.get(snapshotNativeId);
    if (existing) return existing;
    const copying = [...this.links].some(
      ([key, state]) => key.startsWith(`${snapshotNativeId}|`) && state.state === "copying",
    );
    if (copying) throw new ArrayOperationError(FULLY_COPIED, false);
    const state: RestoreState = { state: "restoring", nativeState: "RestoreInProg", percentRestored: 0 };
    this.restores.set(snapshotNativeId, state);
    return state;
  }

  async restoreStatus(_system: StorageSystemRecord, snapshotNativeId: string): Promise<RestoreState> {
    this.raisePlannedFailure("status");
    const state = this.restores.get(snapshotNativeId);
    if (!state) throw new ArrayOperationError(`snapshot ${snapshotNativeId} has no restore session`, false);
    if (state.state === "restored") return state;
    const percentRestored = Math.min(100, state.percentRestored + COPY_STEP_PERCENT);
    const next: RestoreState =
      percentRestored === 100
        ? { state: "restored", nativeState: "Restored", percentRestored }
        : { ...state, percentRestored };
    this.restores.set(snapshotNativeId, next);
    return next;
  }

  async finishRestore(_system: StorageSystemRecord, snapshotNativeId: string): Promise<void> {
    this.raisePlannedFailure("restore");
    const state = this.restores.get(snapshotNativeId);
    if (state?.state === "restoring") {
      throw new ArrayOperationError(`the restore of ${snapshotNativeId} is still in progress`, true);
    }
    this.restores.delete(snapshotNativeId);
  }

  /** Kept beside the snapshot's own restores, under `<snapshot>|<target>`. */
  async restoreFromTarget(_system: StorageSystemRecord, ref: TargetRestoreRef): Promise<RestoreState> {
    this.raisePlannedFailure("restore");
    const key = linkKey(ref);
    const existing = this.restores.get(key);
    if (existing) return existing;
    const link = this.links.get(key);
    if (!link) throw new ArrayOperationError(`target ${ref.targetNativeId} is not linked`, false);
    if (link.state === "copying") throw new ArrayOperationError(FULLY_COPIED, false);
    const state: RestoreState = { state: "restoring", nativeState: "RestoreInProg", percentRestored: 0 };
    this.restores.set(key, state);
    return state;
  }

  restoreFromTargetStatus(system: StorageSystemRecord, ref: TargetRestoreRef): Promise<RestoreState> {
    return this.restoreStatus(system, linkKey(ref));
  }

  finishRestoreFromTarget(system: StorageSystemRecord, ref: TargetRestoreRef): Promise<void> {
    return this.finishRestore(system, linkKey(ref));
  }

  private raisePlannedFailure(operation: ArrayOperation): void {
    const planned = this.plannedFailures.find((failure) => failure.operation === operation && failure.remaining > 0);
    if (!planned) return;
    planned.remaining -= 1;
    throw planned.error;
  }
}

function linkKey(link: LinkRef): string {
  return `${link.snapshotNativeId}|${link.targetNativeId}`;
}

/** Drivers by `system_type`. */
export class InMemoryDriverRegistry implements DriverRegistry {
  private readonly drivers: ReadonlyMap<string, ArrayDriver>;

  constructor(
    drivers: readonly ArrayDriver[] = [new InMemoryArrayDriver(SNAPVX_LIMITS), new InMemoryArrayDriver(MOCK_LIMITS)],
  ) {
    this.drivers = new Map(drivers.map((driver) => [driver.systemType, driver]));
  }

  forSystemType(systemType: string): ArrayDriver {
    const driver = this.drivers.get(systemType);
    if (!driver) throw new Error(`no driver serves system_type ${systemType}`);
    return driver;
  }

  systemTypes(): readonly string[] {
    return [...this.drivers.keys()];
  }
}
