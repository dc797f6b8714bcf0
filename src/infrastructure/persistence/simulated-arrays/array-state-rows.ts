import type { CopyMode } from "../../../domain/snapshots/copy-mode.js";
import type {
  SimClockSetting,
  SimContent,
  SimDevice,
  SimDeviceKind,
  SimFault,
  SimLink,
  SimOperation,
  SimSnapshot,
} from "../../../drivers/simulation/array-state-store.js";

/** A row as the driver returns it. */
export type Row = Record<string, unknown>;

/*
 * The simulated arrays' rows and the port's records, both ways.
 */

export function linkValues(link: SimLink): unknown[] {
  return [
    link.targetNativeId,
    link.snapId,
    link.sourceNativeId,
    link.copyMode,
    link.startedAt,
    link.tracks,
    link.defineDurationMs,
    link.copyStartedAt,
    link.copyDurationMs,
    link.copyDestinationNativeId,
    link.copyTracks,
  ];
}

export function restoreValues(snapshot: SimSnapshot): unknown[] {
  const { restore } = snapshot;
  return restore
    ? [restore.startedAt, restore.durationMs, restore.tracks, restore.fromTargetNativeId ?? null]
    : [null, null, null, null];
}

export function nullableString(value: unknown): string | null {
  return value === null || value === undefined ? null : String(value);
}

export function toDevice(row: Row): SimDevice {
  return {
    nativeId: String(row.native_id),
    wwn: String(row.wwn),
    label: String(row.label),
    poolNativeId: String(row.pool_native_id),
    capacityBytes: Number(row.capacity_bytes),
    kind: String(row.kind) as SimDeviceKind,
    parentNativeId: nullableString(row.parent_native_id),
    idempotencyKey: nullableString(row.idempotency_key),
    createdAt: Number(row.created_at),
    content: String(row.content) as SimContent,
  };
}

export function toSnapshot(row: Row): SimSnapshot {
  return {
    snapId: Number(row.snap_id),
    sourceNativeId: String(row.source_native_id),
    name: String(row.name),
    idempotencyKey: nullableString(row.idempotency_key),
    createdAt: Number(row.created_at),
    restore:
      row.restore_started_at === null || row.restore_started_at === undefined
        ? null
        : {
            startedAt: Number(row.restore_started_at),
            durationMs: Number(row.restore_duration_ms),
            tracks: Number(row.restore_tracks),
            fromTargetNativeId: nullableString(row.restore_from_native_id),
          },
  };
}

export function toLink(row: Row): SimLink {
  return {
    targetNativeId: String(row.target_native_id),
    snapId: Number(row.snap_id),
    sourceNativeId: String(row.source_native_id),
    copyMode: String(row.copy_mode) as CopyMode,
    startedAt: Number(row.started_at),
    tracks: Number(row.tracks),
    defineDurationMs: Number(row.define_duration_ms),
    copyStartedAt: row.copy_started_at === null ? null : Number(row.copy_started_at),
    copyDurationMs: Number(row.copy_duration_ms),
    copyDestinationNativeId: nullableString(row.copy_destination_native_id),
    copyTracks: Number(row.copy_tracks),
  };
}

export function toFault(row: Row): SimFault {
  const id = Number(row.id);
  const operation = String(row.operation) as SimOperation;
  const remaining = row.remaining === null ? null : Number(row.remaining);
  if (row.latency_ms !== null && row.latency_ms !== undefined) {
    const count = row.total === null ? null : Number(row.total);
    return { id, operation, remaining, count, latencyMs: Number(row.latency_ms) };
  }
  return {
    id,
    operation,
    remaining,
    count: Number(row.total),
    message: String(row.message),
    retryable: row.retryable === true,
  };
}

export function toClockSetting(row: Row | undefined): SimClockSetting | null {
  if (!row) return null;
  return {
    profile: nullableString(row.profile),
    speed: row.speed === null || row.speed === undefined ? null : Number(row.speed),
  };
}
