import { randomInt, randomUUID } from "node:crypto";
import type { ArrayDriver, ProvisionedDevice } from "../../../src/application/ports/array-driver.js";
import type { StorageSystemRecord } from "../../../src/application/ports/storage-catalog.js";
import type { ArrayStateStore } from "../../../src/drivers/simulation/array-state-store.js";
import type { FaultPlan } from "../../../src/drivers/simulation/fault-plan.js";
import { InMemoryArrayStateStore } from "../../../src/drivers/simulation/in-memory-array-state-store.js";
import { SimulatedArrays } from "../../../src/drivers/simulation/simulated-arrays.js";
import type { SimulatedFamily } from "../../../src/drivers/simulation/simulated-family.js";
import { type ClockProfileName, SimulationClock } from "../../../src/drivers/simulation/simulation-clock.js";
import type { SimSchema } from "./postgres-state-store.js";

export const MiB = 1024 ** 2;
export const GiB = 1024 ** 3;
export const TiB = 1024 ** 4;
export const TRACK = 128 * 1024;

/** A driver of a simulated array, with the fault plan the array meets. */
export type SimulatedDriver = ArrayDriver & { readonly faults: FaultPlan };

/** What the suite needs to know about a family to hold it to the same behaviours. */
export interface FamilyContractSubject {
  readonly systemType: string;
  /** A driver of the array `system` (on `store`, with `clock`); an in-process driver serves every array alike. */
  createDriver(dependencies: {
    store: ArrayStateStore;
    clock: SimulationClock;
    system: StorageSystemRecord;
  }): SimulatedDriver;
  /** The family's words, for the array's own view. */
  readonly family: SimulatedFamily;
  /** A serial number for a fresh array. */
  newSerial(): string;
  /**
   * A driver that reaches the same array (store, clock) in-process, to arrange what a test only
   * needs to exist (a thousand links before the one under test); without it, the driver under
   * test arranges too.
   */
  createArrangingDriver?(dependencies: {
    store: ArrayStateStore;
    clock: SimulationClock;
    system: StorageSystemRecord;
  }): ArrayDriver;
  /** Settings every array of the suite is registered with (a Unisphere endpoint), beside those of a test. */
  readonly systemSettings?: Record<string, unknown>;
  /** A device id the family could issue but never did. */
  readonly unknownDeviceId: string;
  /** The per-source linked-target limit the suite tests, and the settings that set it (fixed-limit families: `{}`). */
  readonly linkLimit: { readonly limit: number; readonly settings: Record<string, unknown> };
  /** The array's refusal when a source is at its limit. */
  limitMessage(sourceNativeId: string, limit: number): string;
  /** Settings under which copies and restores take time on a timed clock (mock: ticks). */
  readonly timedSettings: Record<string, unknown>;
}

/**
 * How the family behaves where families differ, as its driver declares it (DriverCapabilities)
 * for a system of the subject's timed settings: the suite holds the driver to its declaration.
 */
export interface DeclaredBehaviour {
  /** Links in copy mode (without, the array refuses them: the mock with `supportsCopyMode: false`). */
  readonly supportsCopyMode: boolean;
  /** False for families whose copy finishes at once whatever the clock (mock, unless given ticks). */
  readonly copyTakesTime: boolean;
  /** A nocopy link is undefined for a while on a timed clock (SnapVX's define pass). */
  readonly defineTakesTime: boolean;
  /** A copy link can be relinked (VNX cannot: its copy target is a migrated LUN). */
  readonly relinksCopyLinks: boolean;
  /** A restore runs as a session that takes time and must be finished (VNX restores at once). */
  readonly restoreTakesTime: boolean;
  /** A copy link's target can restore its source (VNX's cannot: it is a migrated LUN of its own). */
  readonly restoresFromCopyTargets: boolean;
}

/** The subject and what its driver declares. */
export type DriverContractSubject = FamilyContractSubject & DeclaredBehaviour;

export function declaredBehaviour(subject: FamilyContractSubject): DriverContractSubject {
  const dependencies = {
    store: new InMemoryArrayStateStore(),
    clock: new SimulationClock({ profile: "instant" }),
    system: {
      id: `urn:storageos:StorageSystem:${randomUUID()}:vdc1`,
      name: subject.systemType,
      systemType: subject.systemType,
      nativeId: subject.newSerial(),
      settings: subject.timedSettings,
    },
  };
  const driver = subject.createArrangingDriver?.(dependencies) ?? subject.createDriver(dependencies);
  const declared = driver.capabilities(dependencies.system);
  // On top of the subject, not a copy of it: its getters (a surface's settings) are read when used.
  const behaviour: DeclaredBehaviour = {
    supportsCopyMode: declared.supportsCopyMode,
    // Without copy mode there is no copy to take time, whatever else the settings say.
    copyTakesTime: declared.supportsCopyMode && declared.takesTime.copy,
    defineTakesTime: declared.takesTime.define,
    restoreTakesTime: declared.takesTime.restore,
    relinksCopyLinks: declared.relinksCopyLinks,
    restoresFromCopyTargets: declared.restoresFromCopyTargets,
  };
  return Object.assign(Object.create(subject) as FamilyContractSubject, behaviour);
}

/** A clock whose time moves only when told. */
export class ManualTime {
  private at = Date.UTC(2025, 0, 1);
  readonly now = () => this.at;
  advance(ms: number): void {
    this.at += ms;
  }
}

export interface ArrayOptions {
  readonly profile?: ClockProfileName;
  readonly settings?: Record<string, unknown>;
}

/** Fresh arrays of the subject's family on the Postgres store of `sim`. */
export function contractArrays(subject: DriverContractSubject, sim: () => SimSchema) {
  return function anArray(options: ArrayOptions = {}) {
    const time = new ManualTime();
    const clock = new SimulationClock({ profile: options.profile ?? "instant", now: time.now });
    const system: StorageSystemRecord = {
      id: `urn:storageos:StorageSystem:${randomUUID()}:vdc1`,
      name: `${subject.systemType}-array`,
      systemType: subject.systemType,
      nativeId: subject.newSerial(),
      settings: { ...options.settings, ...subject.systemSettings },
    };
    const driver = subject.createDriver({ store: sim().store, clock, system });
    const arrangingDriver = subject.createArrangingDriver?.({ store: sim().store, clock, system }) ?? driver;
    const arrays = new SimulatedArrays(sim().store, clock, [subject.family]);
    const { provisionVolume, provisionTarget, establish } = operationsOf(driver, system);
    const write = (device: ProvisionedDevice, offset: number, bytes: Uint8Array) =>
      arrays.write(system, device.nativeId, offset, bytes);
    const read = (device: ProvisionedDevice, offset: number, length: number) =>
      arrays.read(system, device.nativeId, offset, length);
    const digest = (device: ProvisionedDevice) => arrays.digest(system, device.nativeId);
    const view = () => arrays.view(system);
    return {
      time,
      clock,
      driver,
      /** The same operations on a driver that reaches the same array the shortest way, to arrange a test. */
      arranging: { driver: arrangingDriver, ...operationsOf(arrangingDriver, system) },
      arrays,
      system,
      provisionVolume,
      provisionTarget,
      establish,
      write,
      read,
      digest,
      view,
    };
  };
}

export type ContractArray = ReturnType<ReturnType<typeof contractArrays>>;

/** Provisioning and snapshots through the driver, with the suite's defaults. */
function operationsOf(driver: ArrayDriver, system: StorageSystemRecord) {
  const provisionVolume = (name = "source volume", capacityBytes = GiB) =>
    driver.provisionVolume(system, {
      poolNativeId: "SRP_1",
      name,
      capacityBytes,
      idempotencyKey: `urn:storageos:Volume:${randomUUID()}:vdc1`,
    });
  const provisionTarget = (source: ProvisionedDevice, name = "tgt-1", idempotencyKey?: string, capacityBytes = GiB) =>
    driver.provisionTarget(system, {
      poolNativeId: "SRP_1",
      name,
      capacityBytes,
      sourceNativeId: source.nativeId,
      idempotencyKey: idempotencyKey ?? `urn:storageos:BlockSnapshot:${randomUUID()}:vdc1`,
    });
  const establish = (source: ProvisionedDevice, name = "snap1") =>
    driver.establishSnapshot(system, {
      sourceNativeId: source.nativeId,
      name,
      idempotencyKey: `urn:storageos:BlockSnapshotSession:${randomUUID()}:vdc1`,
    });
  return { provisionVolume, provisionTarget, establish };
}

/** A 12-digit serial, different per array. */
export function randomSerial(prefix: string): string {
  return `${prefix}${String(randomInt(0, 10 ** 9)).padStart(9, "0")}`;
}

/** `length` bytes of `value`. */
export function filled(value: number, length: number): Uint8Array {
  return new Uint8Array(length).fill(value);
}
