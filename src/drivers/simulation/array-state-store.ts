import type { CopyMode } from "../../domain/snapshots/copy-mode.js";

/*
 * The port through which simulated arrays keep their state, so that every worker process sees
 * the same array and the state survives restarts. An array is addressed by its serial number
 * (the storage system's native id); everything below lives inside one array.
 *
 * Durations and start times are the simulation clock's epoch milliseconds: progress is derived
 * from them (see simulation-clock.ts), never stored.
 */

/** `volume`: a regular device (SnapVX TDEV, VNX pool LUN). `snapshot-mount-point`: a VNX SMP. */
export type SimDeviceKind = "volume" | "snapshot-mount-point";

export interface SimDevice {
  /** The array's id for it: `0012A` (SnapVX), `17` (VNX LUN). */
  readonly nativeId: string;
  readonly wwn: string;
  /** The array-side name. */
  readonly label: string;
  readonly poolNativeId: string;
  readonly capacityBytes: number;
  readonly kind: SimDeviceKind;
  /**
   * The device this one belongs to: a snapshot mount point's primary LUN; a migration
   * destination's source (VNX, while the migration runs); null otherwise.
   */
  readonly parentNativeId: string | null;
  /** The caller's key: creating again with the same key finds this device. */
  readonly idempotencyKey: string | null;
  readonly createdAt: number;
}

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
}

/** A target joined to a snapshot (SnapVX link, VNX attachment). At most one per target. */
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
  readonly defineDurationMs: number;
  /** When the copy pass started (SnapVX: at link; VNX: when the migration started); null without one. */
  readonly copyStartedAt: number | null;
  readonly copyDurationMs: number;
  /** VNX: the LUN the copy-mode link migrates to; null otherwise. */
  readonly copyDestinationNativeId: string | null;
}

/** Operations a fault can be injected into. */
export type SimOperation =
  | "provision"
  | "delete"
  | "establish"
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
  "terminate",
  "link",
  "copy",
  "status",
  "unlink",
  "relink",
  "restore",
];

export interface SimFaultSpec {
  readonly operation: SimOperation;
  /** How many of the next operations of that kind fail (≥ 1). */
  readonly count: number;
  /** The error text the failing operations raise. */
  readonly message: string;
  readonly retryable: boolean;
}

export interface SimFault extends SimFaultSpec {
  readonly id: number;
  /** Failures still to come; `count` minus those already raised. */
  readonly remaining: number;
}

export type SimCounter = "device" | "snapshot";

/**
 * One atomic unit of work on one array. Reads see committed state plus this transaction's own
 * writes; everything is committed together or not at all. Rows read through `lock…` stay
 * locked against other transactions until the end, which is how arrays serialize the
 * operations that share a limit (all links to one source, all SMPs of one LUN).
 */
export interface ArrayStateTransaction {
  readonly arrayId: string;

  /** Serializes this transaction with every other one that locks the array (device creation). */
  lockArray(): Promise<void>;
  /** The next number of the array's counter (1, 2, …); locks the array. */
  nextNumber(counter: SimCounter): Promise<number>;

  device(nativeId: string): Promise<SimDevice | null>;
  /** Locks the devices that exist (in a fixed order, so two callers cannot deadlock) and returns them. */
  lockDevices(nativeIds: readonly string[]): Promise<ReadonlyMap<string, SimDevice>>;
  deviceByIdempotencyKey(key: string): Promise<SimDevice | null>;
  /** Devices whose `parentNativeId` is the given device (a LUN's snapshot mount points). */
  childDevices(parentNativeId: string): Promise<SimDevice[]>;
  /** Raises if the native id or idempotency key is taken. */
  insertDevice(device: SimDevice): Promise<void>;
  updateDevice(device: SimDevice): Promise<void>;
  /** False when there was no such device. */
  deleteDevice(nativeId: string): Promise<boolean>;

  snapshot(snapId: number): Promise<SimSnapshot | null>;
  snapshotByIdempotencyKey(key: string): Promise<SimSnapshot | null>;
  /** Oldest first. */
  snapshotsOfSource(sourceNativeId: string): Promise<SimSnapshot[]>;
  insertSnapshot(snapshot: SimSnapshot): Promise<void>;
  updateSnapshot(snapshot: SimSnapshot): Promise<void>;
  deleteSnapshot(snapId: number): Promise<boolean>;

  linkOfTarget(targetNativeId: string): Promise<SimLink | null>;
  linksOfSnapshot(snapId: number): Promise<SimLink[]>;
  /** Links to any snapshot of the source. */
  countLinksOfSource(sourceNativeId: string): Promise<number>;
  /** Raises if the target already has a link. */
  insertLink(link: SimLink): Promise<void>;
  updateLink(link: SimLink): Promise<void>;
  deleteLink(targetNativeId: string): Promise<boolean>;

  addFault(spec: SimFaultSpec): Promise<SimFault>;
  /**
   * Spends one failure of the oldest fault of that operation that has failures left, and
   * returns it; null when none is planned. Concurrent callers never spend the same failure twice.
   */
  takeFault(operation: SimOperation): Promise<SimFault | null>;
  /** Faults with failures left, oldest first. */
  faults(): Promise<SimFault[]>;
  clearFaults(): Promise<void>;
}

export interface ArrayStateStore {
  /**
   * Runs `work` in one transaction on the array `arrayId`: committed when it resolves, rolled
   * back when it throws (the error is rethrown unchanged). `work` may be run again when the
   * store hits a transient conflict (deadlock, serialization failure), so it must have no
   * effects outside the transaction.
   */
  transaction<T>(arrayId: string, work: (tx: ArrayStateTransaction) => Promise<T>): Promise<T>;
}

/** Token of the state store that every simulated array of a process shares. */
export const ARRAY_STATE_STORE = Symbol("ArrayStateStore");
