import type { StorageSystemRecord } from "../../application/ports/storage-catalog.js";
import { ServiceCode } from "../../domain/shared/service-code.js";
import { ServiceError } from "../../domain/shared/service-error.js";
import type {
  ArrayDevices,
  ArrayLinks,
  ArraySnapshots,
  ArrayStateStore,
  SimDevice,
  SimFault,
  SimFaultSpec,
  SimJob,
  SimReplicationGroup,
  SimStalls,
} from "./array-state-store.js";
import { type FaultPlan, resumedStart, StoredFaultPlan } from "./fault-plan.js";
import { linkProgress, restoreProgress, tracksOf } from "./link-progress.js";
import type { SimulatedFamily } from "./simulated-family.js";
import { type ClockProfileName, checkedSpeed, isClockProfile, type SimulationClock } from "./simulation-clock.js";
import { sha256OfContent, VolumeContent } from "./volume-content.js";

/** The most bytes one `/sim` read or write moves. */
export const MAX_DATA_TRANSFER_BYTES = 16 * 1024 * 1024;

/** The array's own view: what `/sim/storage-systems/{id}` shows. */
export interface SimArrayView {
  readonly serial: string;
  readonly now: number;
  readonly devices: readonly {
    readonly nativeId: string;
    readonly label: string;
    readonly wwn: string;
    readonly type: string;
    readonly capacityBytes: number;
    readonly tracks: number;
    readonly parent: string | null;
    readonly content: string;
    readonly writtenTracks: number;
    readonly storedBytes: number;
  }[];
  readonly snapshots: readonly {
    readonly snapId: number;
    readonly name: string;
    readonly source: string;
    readonly generation: number;
    readonly createdAt: number;
    readonly state: string;
    readonly percentRestored: number | null;
    readonly linkedTargets: number;
    readonly preservedTracks: number;
    readonly storedBytes: number;
  }[];
  readonly links: readonly {
    readonly target: string;
    readonly source: string;
    readonly snapId: number;
    readonly copyMode: string;
    readonly nativeState: string;
    readonly defined: boolean;
    readonly percentCopied: number;
    readonly tracks: number;
    readonly copiedTracks: number;
    readonly migrationDestination: string | null;
  }[];
  readonly jobs: readonly {
    readonly kind: "define" | "copy" | "migration" | "restore";
    readonly target: string | null;
    readonly snapId: number;
    readonly percent: number;
    readonly startedAt: number;
    /** Null while stalled. */
    readonly endsAt: number | null;
    readonly stalled: boolean;
  }[];
  /** The devices kept consistent together on the array, by group: a consistency group's. */
  readonly replicationGroups: readonly SimReplicationGroup[];
  readonly faults: readonly SimFault[];
  readonly stalls: readonly { readonly job: SimJob; readonly since: number }[];
}

export interface SimClockView {
  readonly profile: ClockProfileName;
  readonly speed: number;
  /** False while the process's default (COPRSIM_CLOCK) applies. */
  readonly shared: boolean;
}

export interface SimFaultsView {
  readonly faults: readonly SimFault[];
  readonly stalls: readonly { readonly job: SimJob; readonly since: number }[];
}

/** A fault, or a stall of a kind of job (lifted when the faults are cleared). */
export type SimFaultRequest = SimFaultSpec | { readonly stall: SimJob };

/**
 * The simulated arrays seen from outside the controller (the `/sim` API): each array's own view,
 * the content of its devices, its faults and stalls, and the clock every array runs on.
 * Arrays are addressed by their storage system, devices by their native id.
 */
export class SimulatedArrays {
  private readonly families: ReadonlyMap<string, SimulatedFamily>;

  constructor(
    private readonly store: ArrayStateStore,
    private readonly clock: SimulationClock,
    families: readonly SimulatedFamily[],
    private readonly faults: FaultPlan = new StoredFaultPlan(store),
  ) {
    this.families = new Map(families.map((family) => [family.systemType, family]));
  }

  view(system: StorageSystemRecord): Promise<SimArrayView> {
    const family = this.familyOf(system);
    return this.store.transaction(system.nativeId, async (tx) => {
      const now = this.clock.now();
      const [devices, snapshots, links, faults, stalls, usage] = [
        await tx.allDevices(),
        await tx.allSnapshots(),
        await tx.allLinks(),
        await tx.faults(),
        await tx.stalls(),
        await tx.trackUsage(),
      ];
      const jobs: SimArrayView["jobs"][number][] = [];
      const endsAt = (start: number, duration: number, job: SimJob) => (stalls.has(job) ? null : start + duration);
      const linkViews = links.map((link) => {
        const progress = linkProgress(link, now, stalls);
        if (!progress.defined) {
          jobs.push({
            kind: "define",
            target: link.targetNativeId,
            snapId: link.snapId,
            percent: Math.floor(Math.min(1, (now - link.startedAt) / Math.max(1, link.defineDurationMs)) * 100),
            startedAt: link.startedAt,
            endsAt: endsAt(link.startedAt, link.defineDurationMs, "define"),
            stalled: stalls.has("define"),
          });
        }
        if (link.copyStartedAt !== null && !progress.copied) {
          jobs.push({
            kind: link.copyDestinationNativeId === null ? "copy" : "migration",
            target: link.targetNativeId,
            snapId: link.snapId,
            percent: progress.percentCopied,
            startedAt: link.copyStartedAt,
            endsAt: endsAt(link.copyStartedAt, link.copyDurationMs, "copy"),
            stalled: stalls.has("copy"),
          });
        }
        return {
          target: link.targetNativeId,
          source: link.sourceNativeId,
          snapId: link.snapId,
          copyMode: link.copyMode,
          nativeState: family.linkState(link, progress),
          defined: progress.defined,
          percentCopied: progress.percentCopied,
          tracks: link.tracks,
          copiedTracks: progress.copiedTracks,
          migrationDestination: link.copyDestinationNativeId,
        };
      });
      const snapshotViews = snapshots.map((snapshot) => {
        const restore = snapshot.restore ? restoreProgress(snapshot.restore, now, stalls) : null;
        if (snapshot.restore && restore && !restore.restored) {
          jobs.push({
            kind: "restore",
            // A direct restore from a linked target names the target it copies from.
            target: snapshot.restore.fromTargetNativeId ?? null,
            snapId: snapshot.snapId,
            percent: restore.percentRestored,
            startedAt: snapshot.restore.startedAt,
            endsAt: endsAt(snapshot.restore.startedAt, snapshot.restore.durationMs, "restore"),
            stalled: stalls.has("restore"),
          });
        }
        const preserved = usage.snapshots.get(snapshot.snapId);
        return {
          snapId: snapshot.snapId,
          name: snapshot.name,
          source: snapshot.sourceNativeId,
          generation: snapshots.filter(
            (s) =>
              s.sourceNativeId === snapshot.sourceNativeId && s.name === snapshot.name && s.snapId > snapshot.snapId,
          ).length,
          createdAt: snapshot.createdAt,
          state: family.snapshotState(snapshot, restore),
          percentRestored: restore?.percentRestored ?? null,
          linkedTargets: links.filter((l) => l.snapId === snapshot.snapId).length,
          preservedTracks: preserved?.tracks ?? 0,
          storedBytes: preserved?.bytes ?? 0,
        };
      });
      return {
        serial: system.nativeId,
        now,
        devices: devices.map((device) => {
          const own = usage.devices.get(device.nativeId);
          return {
            nativeId: device.nativeId,
            label: device.label,
            wwn: device.wwn,
            type: family.deviceType(device),
            capacityBytes: device.capacityBytes,
            tracks: tracksOf(device.capacityBytes),
            parent: device.parentNativeId,
            content: device.content,
            writtenTracks: own?.tracks ?? 0,
            storedBytes: own?.bytes ?? 0,
          };
        }),
        snapshots: snapshotViews,
        links: linkViews,
        jobs,
        replicationGroups: await tx.allReplicationGroups(),
        faults,
        stalls: [...stalls].map(([job, since]) => ({ job, since })),
      };
    });
  }

  /** Writes bytes at a byte offset of the device. */
  write(system: StorageSystemRecord, nativeId: string, offset: number, bytes: Uint8Array): Promise<void> {
    this.familyOf(system);
    return this.store.transaction(system.nativeId, async (tx) => {
      const device = (await tx.lockDevices([nativeId])).get(nativeId);
      if (!device) throw deviceNotFound(nativeId);
      checkRange(device, offset, bytes.length);
      await new VolumeContent(tx).write(device, offset, bytes);
    });
  }

  /** Reads bytes at a byte offset of the device; never-written space reads as zeros. */
  read(system: StorageSystemRecord, nativeId: string, offset: number, length: number): Promise<Uint8Array> {
    this.familyOf(system);
    return this.store.transaction(system.nativeId, async (tx) => {
      const device = await existingDevice(tx, nativeId);
      checkRange(device, offset, length);
      return new VolumeContent(tx).read(nativeId, offset, length);
    });
  }

  /**
   * SHA-256 of the device's whole content, and whether it is a full copy: a device with all of
   * its content, or a copy-mode target linked and copied; not an unlinked nocopy target (nor a
   * linked one), nor a copy stopped mid-way.
   */
  async digest(system: StorageSystemRecord, nativeId: string): Promise<{ sha256: string; fullCopy: boolean }> {
    this.familyOf(system);
    // The content is read in the transaction and hashed after it, holding no connection meanwhile.
    const { device, held, fullCopy } = await this.store.transaction(system.nativeId, async (tx) => {
      const device = await existingDevice(tx, nativeId);
      const link = await tx.linkOfTarget(nativeId);
      const fullCopy = link
        ? link.copyMode === "copy" && linkProgress(link, this.clock.now(), await tx.stalls()).copied
        : device.content === "complete";
      return { device, held: await new VolumeContent(tx).heldTracks(device), fullCopy };
    });
    return { sha256: await sha256OfContent(device.capacityBytes, held), fullCopy };
  }

  /** Plans a fault, or stalls a kind of job from now on; returns what is planned and stalled. */
  async injectFault(system: StorageSystemRecord, request: SimFaultRequest): Promise<SimFaultsView> {
    this.familyOf(system);
    if ("stall" in request) {
      await this.store.transaction(system.nativeId, (tx) => tx.stallJobs(request.stall, this.clock.now()));
    } else {
      try {
        await this.faults.inject(system.nativeId, request);
      } catch (error) {
        if (error instanceof RangeError) throw new ServiceError(ServiceCode.PARAMETER_INVALID, error.message);
        throw error;
      }
    }
    return this.store.transaction(system.nativeId, async (tx) => ({
      faults: await tx.faults(),
      stalls: [...(await tx.stalls())].map(([job, since]) => ({ job, since })),
    }));
  }

  /** Clears the planned faults and lifts the stalls: stalled jobs go on from where they stood. */
  clearFaults(system: StorageSystemRecord): Promise<void> {
    this.familyOf(system);
    return this.store.transaction(system.nativeId, async (tx) => {
      await tx.clearFaults();
      await resumeJobs(tx, await tx.clearStalls(), this.clock.now());
    });
  }

  async clockView(): Promise<SimClockView> {
    const setting = await this.store.transaction(CLOCK_SCOPE, (tx) => tx.clockSetting());
    const timing = this.clock.timingOf(setting);
    return { profile: timing.profile, speed: timing.speed, shared: setting !== null };
  }

  /**
   * Sets the clock of every process: a named profile (at speed 1 unless a speed comes with it),
   * or a speed for the current profile. Jobs already running keep their durations.
   */
  async setClock(request: { profile?: string; speed?: number }): Promise<SimClockView> {
    if (request.profile === undefined && request.speed === undefined) {
      throw new ServiceError(ServiceCode.PARAMETER_MISSING, "Required parameter profile or speed was missing or empty");
    }
    if (request.profile !== undefined && !isClockProfile(request.profile)) {
      throw new ServiceError(
        ServiceCode.PARAMETER_INVALID,
        `Invalid value ${request.profile} for parameter profile: instant, fast or realistic`,
      );
    }
    if (request.speed !== undefined) {
      try {
        checkedSpeed(request.speed);
      } catch (error) {
        throw new ServiceError(ServiceCode.PARAMETER_INVALID, (error as Error).message);
      }
    }
    const current = request.profile === undefined ? await this.clockView() : null;
    await this.store.saveClockSetting({
      profile: request.profile ?? (current?.shared ? current.profile : null),
      speed: request.speed ?? null,
    });
    return this.clockView();
  }

  private familyOf(system: StorageSystemRecord): SimulatedFamily {
    const family = this.families.get(system.systemType);
    if (!family) {
      throw new ServiceError(
        ServiceCode.PARAMETER_INVALID,
        `Storage system ${system.id} of type ${system.systemType} is not a simulated array`,
      );
    }
    return family;
  }
}

/** The clock setting belongs to no array; its reads use a transaction that locks none. */
const CLOCK_SCOPE = "";

async function existingDevice(tx: ArrayDevices, nativeId: string): Promise<SimDevice> {
  const device = await tx.device(nativeId);
  if (!device) throw deviceNotFound(nativeId);
  return device;
}

function deviceNotFound(nativeId: string): ServiceError {
  return new ServiceError(ServiceCode.ENTITY_NOT_FOUND, `Device ${nativeId} does not exist on the array`);
}

function checkRange(device: SimDevice, offset: number, length: number): void {
  if (!Number.isSafeInteger(offset) || offset < 0 || offset + length > device.capacityBytes) {
    throw new ServiceError(
      ServiceCode.PARAMETER_OUT_OF_RANGE,
      `Offset ${offset} and length ${length} do not fit in the device's ${device.capacityBytes} bytes`,
    );
  }
  if (length > MAX_DATA_TRANSFER_BYTES) {
    throw new ServiceError(
      ServiceCode.PARAMETER_OUT_OF_RANGE,
      `At most ${MAX_DATA_TRANSFER_BYTES} bytes can be read or written at once, not ${length}`,
    );
  }
}

/** Moves the stalled passes on by the time they stood still, so they resume where they stopped. */
async function resumeJobs(tx: ArrayLinks & ArraySnapshots, lifted: SimStalls, now: number): Promise<void> {
  const define = lifted.get("define");
  const copy = lifted.get("copy");
  const restore = lifted.get("restore");
  if (define !== undefined || copy !== undefined) {
    for (const link of await tx.allLinks()) {
      const startedAt =
        define === undefined ? link.startedAt : resumedStart(link.startedAt, link.defineDurationMs, define, now);
      const copyStartedAt =
        copy === undefined || link.copyStartedAt === null
          ? link.copyStartedAt
          : resumedStart(link.copyStartedAt, link.copyDurationMs, copy, now);
      if (startedAt !== link.startedAt || copyStartedAt !== link.copyStartedAt) {
        await tx.updateLink({ ...link, startedAt, copyStartedAt });
      }
    }
  }
  if (restore !== undefined) {
    for (const snapshot of await tx.allSnapshots()) {
      if (!snapshot.restore) continue;
      const startedAt = resumedStart(snapshot.restore.startedAt, snapshot.restore.durationMs, restore, now);
      if (startedAt !== snapshot.restore.startedAt) {
        await tx.updateSnapshot({ ...snapshot, restore: { ...snapshot.restore, startedAt } });
      }
    }
  }
}
