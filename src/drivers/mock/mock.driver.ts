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
import { familyRegistration } from "../simulation/family-registration.js";
import { FaultInjectingDriver } from "../simulation/fault-injecting-driver.js";
import { StoredFaultPlan } from "../simulation/fault-plan.js";
import { InvalidArraySetting } from "../simulation/settings.js";
import type { SimulatedArrayDependencies } from "../simulation/simulated-array-dependencies.js";
import { MOCK_SYSTEM_TYPE, refusal } from "./mock-array-words.js";
import { MOCK_SETTING_KEYS, MOCK_UNLIMITED, type MockSettings, parseMockSettings } from "./mock-settings.js";
import { SimulatedMockArray } from "./simulated-mock-array.js";

/**
 * The driver of mock arrays (`system_type` `mock`), for people's own test suites: it declares
 * what a system of given settings can do, reads those settings for the array (a bad one is a
 * refusal) and hands every operation to the simulated array of the system's serial number
 * (simulated-mock-array.ts). The array's faults are met in front of it ({@link createMockDriver}).
 */
export class MockDriver implements ArrayDriver {
  readonly systemType = MOCK_SYSTEM_TYPE;

  constructor(private readonly array: SimulatedMockArray) {}

  capabilities(system: StorageSystemRecord): DriverCapabilities {
    const settings = parseMockSettings(system.settings);
    return {
      family: MOCK_SYSTEM_TYPE,
      maxLinkedTargetsPerSource: settings.maxLinkedTargetsPerSource,
      maxSnapshotsPerSource: settings.maxSnapshotsPerSource,
      supportsCopyMode: settings.supportsCopyMode,
      snapshotSessionsRefusedFor: null,
      relinksCopyLinks: true,
      restoresFromCopyTargets: true,
      unlinkedTargetRestoreRefusal: "activation",
      // A plain array: no replication groups.
      supportsConsistencyGroups: false,
      establishesSnapshotsAtOneInstant: false,
      // Links come back defined; copies and restores take the system's ticks.
      takesTime: { define: false, copy: settings.ticks > 0, restore: settings.ticks > 0 },
    };
  }

  provisionVolume(system: StorageSystemRecord, request: ProvisionVolumeRequest): Promise<ProvisionedDevice> {
    return this.array.provisionVolume(system.nativeId, request);
  }

  provisionTarget(system: StorageSystemRecord, request: ProvisionTargetRequest): Promise<ProvisionedDevice> {
    return this.array.provisionTarget(system.nativeId, request);
  }

  provisionTargets(
    system: StorageSystemRecord,
    requests: readonly ProvisionTargetRequest[],
  ): Promise<BatchOutcome<ProvisionedDevice>[]> {
    return this.array.provisionTargets(system.nativeId, requests);
  }

  deleteVolume(system: StorageSystemRecord, nativeId: string): Promise<void> {
    return this.array.deleteVolume(system.nativeId, nativeId);
  }

  establishSnapshot(system: StorageSystemRecord, request: EstablishSnapshotRequest): Promise<EstablishedSnapshot> {
    return this.array.establishSnapshot(system.nativeId, settingsOf(system), request);
  }

  /** A plain array keeps no groups of devices: refused. */
  async addToReplicationGroup(
    _system: StorageSystemRecord,
    _groupName: string,
    _nativeIds: readonly string[],
  ): Promise<void> {
    throw new ArrayOperationError("The array keeps no replication groups", false);
  }

  /** A plain array takes one device's snapshot at a time: refused. */
  async establishSnapshotsAtOneInstant(
    _system: StorageSystemRecord,
    _requests: readonly EstablishSnapshotRequest[],
  ): Promise<EstablishedSnapshot[]> {
    throw new ArrayOperationError("The array takes no snapshots of several devices at one instant", false);
  }

  terminateSnapshot(system: StorageSystemRecord, nativeId: string): Promise<void> {
    return this.array.terminateSnapshot(system.nativeId, nativeId);
  }

  linkTarget(system: StorageSystemRecord, request: LinkRequest): Promise<LinkState> {
    return this.array.linkTarget(system.nativeId, settingsOf(system), request);
  }

  linkTargets(system: StorageSystemRecord, requests: readonly LinkRequest[]): Promise<BatchOutcome<LinkState>[]> {
    return this.array.linkTargets(system.nativeId, settingsOf(system), requests);
  }

  linkStatus(system: StorageSystemRecord, ref: LinkRef): Promise<LinkState> {
    return this.array.linkStatus(system.nativeId, ref);
  }

  linkStatuses(system: StorageSystemRecord, refs: readonly LinkRef[]): Promise<BatchOutcome<LinkState>[]> {
    return this.array.linkStatuses(system.nativeId, refs);
  }

  unlinkTarget(system: StorageSystemRecord, ref: LinkRef, options: { force?: boolean } = {}): Promise<void> {
    return this.array.unlinkTarget(system.nativeId, ref, options);
  }

  relinkTarget(system: StorageSystemRecord, request: RelinkRequest): Promise<LinkState> {
    return this.array.relinkTarget(system.nativeId, settingsOf(system), request);
  }

  restoreSnapshot(system: StorageSystemRecord, nativeId: string): Promise<RestoreState> {
    return this.array.restoreSnapshot(system.nativeId, settingsOf(system), nativeId);
  }

  restoreStatus(system: StorageSystemRecord, nativeId: string): Promise<RestoreState> {
    return this.array.restoreStatus(system.nativeId, nativeId);
  }

  finishRestore(system: StorageSystemRecord, nativeId: string): Promise<void> {
    return this.array.finishRestore(system.nativeId, nativeId);
  }

  restoreFromTarget(system: StorageSystemRecord, ref: TargetRestoreRef): Promise<RestoreState> {
    return this.array.restoreFromTarget(system.nativeId, settingsOf(system), ref);
  }

  restoreFromTargetStatus(system: StorageSystemRecord, ref: TargetRestoreRef): Promise<RestoreState> {
    return this.array.restoreFromTargetStatus(system.nativeId, ref);
  }

  finishRestoreFromTarget(system: StorageSystemRecord, ref: TargetRestoreRef): Promise<void> {
    return this.array.finishRestoreFromTarget(system.nativeId, ref);
  }
}

/** Registering a mock storage system: its settings and a `MOCK+` serial number. */
export const MOCK_REGISTRATION = familyRegistration({
  systemType: MOCK_SYSTEM_TYPE,
  poolName: "pool-1",
  maxSnapshotsPerSource: MOCK_UNLIMITED,
  serialPrefix: "MOCK+",
  serialDigits: 6,
  knownSettings: MOCK_SETTING_KEYS,
  parseSettings: parseMockSettings,
});

/** The mock driver on a simulated array kept in `store`, with the array's fault plan in front. */
export function createMockDriver(dependencies: SimulatedArrayDependencies): FaultInjectingDriver {
  const faults = new StoredFaultPlan(dependencies.store);
  const array = new SimulatedMockArray(dependencies.store, dependencies.clock, faults);
  return new FaultInjectingDriver(new MockDriver(array), faults);
}

function settingsOf(system: StorageSystemRecord): MockSettings {
  try {
    return parseMockSettings(system.settings);
  } catch (error) {
    if (error instanceof InvalidArraySetting) throw refusal(error.message);
    throw error;
  }
}
