import type { CopyMode } from "../../domain/snapshots/copy-mode.js";

/*
 * The port through which simulated arrays keep their state, so that every worker process sees
 * the same array and the state survives restarts. An array is addressed by its serial number
 * (the storage system's native id); everything below lives inside one array.
 *
 * Durations and start times are the simulation clock's epoch milliseconds: progress is derived
 * from them (see simulation-clock.ts), never stored.
 */

/** `volume`: a regular device (a thin device, a pool LUN). `snapshot-mount-point`: an SMP (docs/arrays.md). */
export type SimDeviceKind = "volume" | "snapshot-mount-point";

export interface SimDevice {
  /** The array's id for it, in the family's own form (`0012A`, `17`…). */
  readonly nativeId: string;
  readonly wwn: string;
  /** The array-side name. */
  readonly label: string;
  readonly poolNativeId: string;
  readonly capacityBytes: number;
  readonly kind: SimDeviceKind;
  /**
   * The device this one belongs to: a snapshot mount point's primary LUN; a migration
   * destination's source (while a LUN migration runs); null otherwise.
   */
  readonly parentNativeId: string | null;
  /** The caller's key: creating again with the same key finds this device. */
  readonly idempotencyKey: string | null;
  readonly createdAt: number;
  /** What the device holds on its own, once it is not (or no longer) a linked target. */
  readonly content: SimContent;
}

/**
 * `complete`: all of the device's content is its own (a volume; a copy-mode target unlinked once
 * copied). `pointers-only`: an unlinked nocopy target, which kept only its own writes (not a
 * full copy). `incomplete`: a copy-mode target unlinked by force mid-copy (unusable).
 */
export type SimContent = "complete" | "pointers-only" | "incomplete";

/** A point-in-time image of a source device. Generations are derived from `snapId` order. */
export interface SimSnapshot {
  /** Stable, allocated from the array's counter, never reused. */
  readonly snapId: number;
  readonly sourceNativeId: string;
  readonly name: string;
  readonly idempotencyKey: string | null;
  readonly createdAt: number;
  /** The restore session of the snapshot onto its source; null when there is none. */
  readonly restore: SimRestore | null;
}

/** Copying a snapshot's image back onto its source: a pass over the differing tracks. */
export interface SimRestore {
  readonly startedAt: number;
  readonly durationMs: number;
  /** Tracks the pass copies back. */
  readonly tracks: number;
  /**
   * The linked target of the snapshot whose image the source takes instead of the snapshot's own
   * (a family that restores from a linked target directly; others link the source to a snapshot
   * of the target instead); null (or absent, in state kept before) for the snapshot's.
   */
  readonly fromTargetNativeId?: string | null;
}

/** A target joined to a snapshot (a link, or an SMP's attachment). At most one per target. */
export interface SimLink {
  readonly targetNativeId: string;
  readonly snapId: number;
  /** The snapshot's source, kept here so that per-source counts need no join. */
  readonly sourceNativeId: string;
  readonly copyMode: CopyMode;
  /** When the link was made: the define pass starts here. */
  readonly startedAt: number;
  /** Tracks of the image (128 KiB each). */
  readonly tracks: number;
  /**
   * Tracks the current copy pass copies (the rest are copied already): all of them after a
   * link, only those that differ after a relink.
   */
  readonly copyTracks: number;
  readonly defineDurationMs: number;
  /** When the copy pass started (at link, or when a LUN migration started); null without one. */
  readonly copyStartedAt: number | null;
  readonly copyDurationMs: number;
  /** The LUN a copy-mode link migrates to, for families that copy by LUN migration; null otherwise. */
  readonly copyDestinationNativeId: string | null;
}

/** Background work whose progress a stall freezes. */
export type SimJob = "define" | "copy" | "restore";

export const SIM_JOBS: readonly SimJob[] = ["define", "copy", "restore"];

/** Since when (clock epoch ms) each stalled kind of job has been frozen. */
export type SimStalls = ReadonlyMap<SimJob, number>;

/** A setting of the simulation clock made through `/sim/clock`; absent parts fall back to the process's default. */
export interface SimClockSetting {
  readonly profile: string | null;
  readonly speed: number | null;
}

/** Operations a fault can be injected into. */
export type SimOperation =
  | "provision"
  | "delete"
  | "establish"
  | "establish-group"
  | "terminate"
  | "link"
  | "copy"
  | "status"
  | "unlink"
  | "relink"
  | "restore";

export const SIM_OPERATIONS: readonly SimOperation[] = [
  "provision",
  "delete",
  "establish",
  "establish-group",
  "terminate",
  "link",
  "copy",
  "status",
  "unlink",
  "relink",
  "restore",
];

/** The next `count` operations of the kind fail with this error. */
export interface SimErrorFaultSpec {
  readonly operation: SimOperation;
  /** How many of the next operations of that kind fail (≥ 1). */
  readonly count: number;
  /** The error text the failing operations raise. */
  readonly message: string;
  readonly retryable: boolean;
}

/** The next `count` operations of the kind (every one until cleared when null) wait `latencyMs` first. */
export interface SimLatencyFaultSpec {
  readonly operation: SimOperation;
  readonly count: number | null;
  readonly latencyMs: number;
}

export type SimFaultSpec = SimErrorFaultSpec | SimLatencyFaultSpec;

export type SimFault = SimFaultSpec & {
  readonly id: number;
  /** Operations still to hit; `count` minus those already hit (null: until cleared). */
  readonly remaining: number | null;
};

/** What the next operation of a kind meets: an error to raise, and a delay before it. */
export interface SimFaultHit {
  readonly error: { readonly message: string; readonly retryable: boolean } | null;
  readonly latencyMs: number;
}

export function isLatencyFault(spec: SimFaultSpec): spec is SimLatencyFaultSpec {
  return "latencyMs" in spec;
}

export type SimCounter = "device" | "snapshot";

/** The array's counters, and its own lock. */
export interface ArrayCounters {
  /** Serializes this transaction with every other one that locks the array (device creation). */
  lockArray(): Promise<void>;
  /** The next number of the array's counter (1, 2, …); locks the array (in that one statement). */
  nextNumber(counter: SimCounter): Promise<number>;
  /** The next `count` numbers of the counter, ascending, in one step; locks the array like {@link nextNumber}. */
  nextNumbers(counter: SimCounter, count: number): Promise<number[]>;
}

export interface ArrayDevices {
  device(nativeId: string): Promise<SimDevice | null>;
  /** Locks the devices that exist (in a fixed order, so two callers cannot deadlock) and returns them. */
  lockDevices(nativeIds: readonly string[]): Promise<ReadonlyMap<string, SimDevice>>;
  /** The devices that exist among `nativeIds`, unlocked, by native id. */
  devices(nativeIds: readonly string[]): Promise<ReadonlyMap<string, SimDevice>>;
  deviceByIdempotencyKey(key: string): Promise<SimDevice | null>;
  /** The devices created with any of `keys`, by idempotency key. */
  devicesByIdempotencyKeys(keys: readonly string[]): Promise<ReadonlyMap<string, SimDevice>>;
  /** Devices whose `parentNativeId` is the given device (a LUN's snapshot mount points). */
  childDevices(parentNativeId: string): Promise<SimDevice[]>;
  /** Raises if the native id or idempotency key is taken. */
  insertDevice(device: SimDevice): Promise<void>;
  /** {@link insertDevice} for many devices at once; raises (inserting none) if any id or key is taken. */
  insertDevices(devices: readonly SimDevice[]): Promise<void>;
  updateDevice(device: SimDevice): Promise<void>;
  /** False when there was no such device. */
  deleteDevice(nativeId: string): Promise<boolean>;
  /** Every device of the array, for its own view (`/sim`), in native id order. */
  allDevices(): Promise<SimDevice[]>;
}

/** Snapshots, and the restore session each may have. */
export interface ArraySnapshots {
  snapshot(snapId: number): Promise<SimSnapshot | null>;
  snapshotByIdempotencyKey(key: string): Promise<SimSnapshot | null>;
  /** Oldest first. */
  snapshotsOfSource(sourceNativeId: string): Promise<SimSnapshot[]>;
  insertSnapshot(snapshot: SimSnapshot): Promise<void>;
  updateSnapshot(snapshot: SimSnapshot): Promise<void>;
  deleteSnapshot(snapId: number): Promise<boolean>;
  /** Every snapshot of the array, in snap id order. */
  allSnapshots(): Promise<SimSnapshot[]>;
}

export interface ArrayLinks {
  linkOfTarget(targetNativeId: string): Promise<SimLink | null>;
  /** The links of the targets among `targetNativeIds` that have one, by target. */
  linksOfTargets(targetNativeIds: readonly string[]): Promise<ReadonlyMap<string, SimLink>>;
  linksOfSnapshot(snapId: number): Promise<SimLink[]>;
  /** Links to any snapshot of the source. */
  countLinksOfSource(sourceNativeId: string): Promise<number>;
  /** Raises if the target already has a link. */
  insertLink(link: SimLink): Promise<void>;
  /**
   * Inserts the link only while its source has fewer than `maxLinksOfSource` links, counted in
   * the same statement; false when the source is full. Lock the source device first, so that
   * the links of one source are counted one after the other: the lock is then held for this
   * statement and the commit only.
   */
  insertLinkWithinLimit(link: SimLink, maxLinksOfSource: number): Promise<boolean>;
  /**
   * {@link insertLinkWithinLimit} for many links (of distinct targets, none linked yet) in one
   * step: in the given order, each source's links are inserted while the source has room; returns
   * the targets whose link was inserted. Lock the sources first.
   */
  insertLinksWithinLimit(links: readonly SimLink[], maxLinksOfSource: number): Promise<ReadonlySet<string>>;
  updateLink(link: SimLink): Promise<void>;
  deleteLink(targetNativeId: string): Promise<boolean>;
  /** Every link of the array, in target order. */
  allLinks(): Promise<SimLink[]>;
}

/** The fault plan's faults injected into the array. */
export interface ArrayFaults {
  addFault(spec: SimFaultSpec): Promise<SimFault>;
  /**
   * Spends one hit of the oldest error fault and of the oldest latency fault of that operation
   * that have hits left. Concurrent callers never spend the same hit twice.
   */
  takeFault(operation: SimOperation): Promise<SimFaultHit>;
  /** Faults with hits left, oldest first. */
  faults(): Promise<SimFault[]>;
  clearFaults(): Promise<void>;
}

/** What the simulation clock's jobs see on the array: its stalls, and the shared clock setting. */
export interface ArrayClockState {
  /** Freezes the progress of every job of the kind from `since` on (a second stall keeps the first `since`). */
  stallJobs(job: SimJob, since: number): Promise<void>;
  stalls(): Promise<SimStalls>;
  /** Lifts every stall; returns what they were, so that the jobs can be moved on by the time they stood still. */
  clearStalls(): Promise<SimStalls>;
  /** The clock setting made through `/sim/clock`, shared by every process; null when none was made. */
  clockSetting(): Promise<SimClockSetting | null>;
}

/**
 * The data plane: content in tracks of 128 KiB. A device's own tracks are what was written to
 * it (trailing zeros trimmed; an empty track is an own track of zeros). A snapshot's preserved
 * tracks are its source's content from before the first write after the snapshot was taken
 * (null: the track read as zeros).
 */
export interface ArrayTracks {
  /** The device's own tracks among `tracks`. */
  ownTracks(nativeId: string, tracks: readonly number[]): Promise<Map<number, Uint8Array>>;
  /** Numbers of the device's own tracks, ascending. */
  ownTrackNumbers(nativeId: string): Promise<number[]>;
  /** Writes (replaces) own tracks. */
  putOwnTracks(nativeId: string, tracks: ReadonlyMap<number, Uint8Array>): Promise<void>;
  /** Drops the given own tracks, or all of them. */
  deleteOwnTracks(nativeId: string, tracks?: readonly number[]): Promise<void>;
  /** Drops all own tracks of every device among `nativeIds`. */
  deleteOwnTracksOfDevices(nativeIds: readonly string[]): Promise<void>;
  /** Per track, the preserved entry of the oldest of `snapIds` that has one. */
  preservedTracks(snapIds: readonly number[], tracks: readonly number[]): Promise<Map<number, Uint8Array | null>>;
  /** Numbers of the tracks any of `snapIds` preserved, ascending, without repeats. */
  preservedTrackNumbers(snapIds: readonly number[]): Promise<number[]>;
  /** Records preserved tracks; a track the snapshot preserved already keeps its first entry. */
  preserveTracks(snapId: number, tracks: ReadonlyMap<number, Uint8Array | null>): Promise<void>;
  /**
   * Before a snapshot goes: its preserved tracks move to `toSnapId` (the next older snapshot of
   * the source) where that one has none, the rest are dropped. `toSnapId` null: all dropped.
   */
  handOverPreservedTracks(fromSnapId: number, toSnapId: number | null): Promise<void>;
  /** Own tracks per device and preserved tracks per snapshot, with their stored bytes. */
  trackUsage(): Promise<SimTrackUsage>;
}

/**
 * One atomic unit of work on one array, made of one part per concern: a caller that needs only
 * one concern takes only that part. Reads see committed state plus this transaction's own
 * writes; everything is committed together or not at all. Rows read through `lock…` stay
 * locked against other transactions until the end, which is how arrays serialize the
 * operations that share a limit (all links to one source, all SMPs of one LUN).
 */
/**
 * The array's replication groups (a storage group, a consistency group), by name: the
 * devices kept consistent together. A device is in at most one; a device deleted leaves its group.
 */
export interface ArrayReplicationGroups {
  /** Creates the group if absent and puts the devices in it (those already in it stay, once). */
  addToReplicationGroup(groupName: string, nativeIds: readonly string[]): Promise<void>;
  /** The group each of the devices is in, by native id (devices in none are absent). */
  replicationGroupsOf(nativeIds: readonly string[]): Promise<ReadonlyMap<string, string>>;
  /** Every group of the array and its members, in name and native id order, for its own view (`/sim`). */
  allReplicationGroups(): Promise<SimReplicationGroup[]>;
}

export interface SimReplicationGroup {
  readonly name: string;
  readonly members: readonly string[];
}

export interface ArrayStateTransaction
  extends ArrayCounters,
    ArrayDevices,
    ArrayReplicationGroups,
    ArraySnapshots,
    ArrayLinks,
    ArrayFaults,
    ArrayClockState,
    ArrayTracks {
  readonly arrayId: string;
}

export interface SimTrackUsage {
  readonly devices: ReadonlyMap<string, { readonly tracks: number; readonly bytes: number }>;
  readonly snapshots: ReadonlyMap<number, { readonly tracks: number; readonly bytes: number }>;
}

export interface ArrayStateStore {
  /**
   * Runs `work` in one transaction on the array `arrayId`: committed when it resolves, rolled
   * back when it throws (the error is rethrown unchanged). `work` may be run again when the
   * store hits a transient conflict (deadlock, serialization failure), so it must have no
   * effects outside the transaction.
   */
  transaction<T>(arrayId: string, work: (tx: ArrayStateTransaction) => Promise<T>): Promise<T>;

  /**
   * Whether the array has faults with hits left: one cheap read outside any transaction, so
   * that operations on an array without faults do not pay for spending them.
   */
  hasFaults(arrayId: string): Promise<boolean>;

  /** Replaces the shared clock setting (null: back to each process's default). */
  saveClockSetting(setting: SimClockSetting | null): Promise<void>;
}

/** Token of the state store that every simulated array of a process shares. */
export const ARRAY_STATE_STORE = Symbol("ArrayStateStore");
