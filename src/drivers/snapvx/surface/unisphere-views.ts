import { TRACK_BYTES } from "../../simulation/link-progress.js";
import type { SnapVxLink, SnapVxSnapshot, SymDevice } from "../snapvx-array-client.js";
import type { LinkedDevice, VolumeSnapshotSource } from "../unisphere/device-snapshot-wire.js";
import type { StorageGroup, Volume } from "../unisphere/provisioning-wire.js";
import type { StorageGroupSnapshot, StorageGroupSnapshotGeneration } from "../unisphere/storage-group-snapshot-wire.js";
import type { JobTask, UnisphereJob } from "../unisphere/system-wire.js";
import type { StoredJob, StoredStorageGroup } from "./unisphere-surface-store.js";

/*
 * The JSON the surface answers, built from what the simulated array and the surface's store
 * hold. Fields a client could not act on are given the fixed values of a simple array (no
 * masking views, no SRDF, no compression).
 */

const MiB = 1024 ** 2;
const GiB = 1024 ** 3;

export function volumeView(
  device: SymDevice,
  storageGroups: readonly string[],
  replication: { readonly source: boolean; readonly target: boolean },
): Volume {
  return {
    volumeId: device.deviceId,
    type: "TDEV",
    emulation: "FBA",
    cap_gb: round2(device.capacityBytes / GiB),
    cap_mb: round2(device.capacityBytes / MiB),
    cap_cyl: device.cylinders,
    status: "Ready",
    ...(device.identifier === "" ? {} : { volume_identifier: device.identifier }),
    wwn: device.wwn,
    effective_wwn: device.wwn,
    has_effective_wwn: false,
    allocated_percent: 0,
    num_of_storage_groups: storageGroups.length,
    num_of_front_end_paths: 0,
    ...(storageGroups.length === 0 ? {} : { storageGroupId: [...storageGroups] }),
    snapvx_source: replication.source,
    snapvx_target: replication.target,
    reserved: false,
    pinned: false,
    encapsulated: false,
    mobility_id_enabled: false,
  };
}

export function storageGroupView(
  group: StoredStorageGroup,
  devices: readonly SymDevice[],
  snapshotNames: number,
): StorageGroup {
  return {
    storageGroupId: group.name,
    ...(group.serviceLevel === "None" ? {} : { slo: group.serviceLevel }),
    ...(group.srp === "None" ? {} : { srp: group.srp }),
    ...(group.workload === "None" ? {} : { workload: group.workload }),
    num_of_vols: devices.length,
    num_of_child_sgs: 0,
    num_of_parent_sgs: 0,
    num_of_masking_views: 0,
    num_of_snapshots: snapshotNames,
    cap_gb: round2(devices.reduce((sum, device) => sum + device.capacityBytes, 0) / GiB),
    device_emulation: "FBA",
    type: "Standalone",
    unprotected: true,
  };
}

/** A snapshot as its source device lists it, with its links and, while it has one, its restore session. */
export function snapshotSourceView(
  snapshot: SnapVxSnapshot,
  links: readonly SnapVxLink[],
  sourceTracks: number,
  withSnapIds: boolean,
): VolumeSnapshotSource {
  const restoring = snapshot.state !== "Established";
  return {
    snapshotName: snapshot.snapshotName,
    generation: snapshot.generation,
    ...(withSnapIds ? { snap_id: snapshot.snapId } : {}),
    timestamp: timestampText(snapshot.timestamp),
    timestamp_utc: snapshot.timestamp,
    state: snapshot.state,
    expired: false,
    secured: false,
    isRestored: restoring,
    ttl: 0,
    linkedDevices: [
      ...links.map((link) => linkedDeviceView(link, snapshot, withSnapIds)),
      ...(restoring ? [restoreSessionView(snapshot, sourceTracks)] : []),
    ],
  };
}

export function linkedDeviceView(link: SnapVxLink, snapshot: SnapVxSnapshot, withSnapIds: boolean): LinkedDevice {
  return {
    targetDevice: link.targetDeviceId,
    timestamp: timestampText(snapshot.timestamp),
    state: link.state,
    trackSize: TRACK_BYTES,
    tracks: link.tracks,
    percentageCopied: link.percentCopied,
    linked: true,
    restored: false,
    defined: link.defined,
    copy: link.copy,
    destage: false,
    modified: false,
    linkSourceName: link.sourceDeviceId,
    snapshot_name: snapshot.snapshotName,
    generation: snapshot.generation,
    ...(withSnapIds ? { snap_id: snapshot.snapId } : {}),
  };
}

/** A restore session shows as a link of the snapshot onto its own source (how clients find it). */
function restoreSessionView(snapshot: SnapVxSnapshot, tracks: number): LinkedDevice {
  return {
    targetDevice: snapshot.sourceDeviceId,
    timestamp: timestampText(snapshot.timestamp),
    state: snapshot.state,
    trackSize: TRACK_BYTES,
    tracks,
    percentageCopied: snapshot.percentRestored,
    linked: false,
    restored: true,
    defined: true,
    copy: true,
    destage: false,
    modified: false,
    linkSourceName: snapshot.sourceDeviceId,
    snapshot_name: snapshot.snapshotName,
    generation: snapshot.generation,
  };
}

export function jobView(job: StoredJob, symmetrixId: string): UnisphereJob {
  const task: JobTask[] = job.tasks.map((description, i) => ({ execution_order: i + 1, description }));
  return {
    jobId: job.jobId,
    name: job.name,
    symmetrixId,
    status: job.status,
    username: job.username,
    last_modified_date: new Date(job.completedAt).toISOString(),
    last_modified_date_milliseconds: job.completedAt,
    scheduled_date: new Date(job.scheduledAt).toISOString(),
    scheduled_date_milliseconds: job.scheduledAt,
    completed_date: new Date(job.completedAt).toISOString(),
    completed_date_milliseconds: job.completedAt,
    task,
    resourceLink: job.resourceLink,
    result: job.result,
  };
}

const DAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** `00:30:50 Fri, 02 Jun 2017 UTC +0000`: Unisphere's way of writing a snapshot's time, in UTC. */
export function timestampText(epochMs: number): string {
  const at = new Date(epochMs);
  const two = (n: number) => String(n).padStart(2, "0");
  return (
    `${two(at.getUTCHours())}:${two(at.getUTCMinutes())}:${two(at.getUTCSeconds())} ` +
    `${DAYS[at.getUTCDay()]}, ${two(at.getUTCDate())} ${MONTHS[at.getUTCMonth()]} ${at.getUTCFullYear()} UTC +0000`
  );
}

function round2(value: number): number {
  return Math.round(value * 100) / 100;
}

/** One generation of a storage group's snapshot, as `…/snapshot/{name}/generation/{n}` answers it. */
export function generationView(view: StorageGroupSnapshot): StorageGroupSnapshotGeneration {
  return {
    name: view.name,
    generation: view.generation,
    timestamp: view.timestamp,
    state: view.state,
    isLinked: view.linked,
    isRestored: view.restored,
    isExpired: false,
    timeToLiveExpiryDate: "N/A",
    numSourceVolumes: view.num_source_volumes,
    numStorageGroupVolumes: view.num_storage_group_volumes,
    linkedStorageGroup: view.linked_storage_group.map((g) => ({
      name: g.name,
      percentageCopied: g.percentageCopied,
      defined: g.defined,
      linkedVolumeName: g.linked_volume_name,
      sourceVolumeName: g.source_volume_name,
    })),
  };
}
