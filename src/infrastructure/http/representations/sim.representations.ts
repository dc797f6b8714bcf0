import type { StorageSystemRecord } from "../../../application/ports/storage-catalog.js";
import { isLatencyFault, type SimFault } from "../../../drivers/simulation/array-state-store.js";
import type { SimArrayView, SimClockView, SimFaultsView } from "../../../drivers/simulation/simulated-arrays.js";

/*
 * The simulator's own API answers in JSON only, with ViPR-style snake_case names; it is not part
 * of the ViPR surface, so its shapes live here rather than in the described representations.
 */

export function simArrayJson(system: StorageSystemRecord, view: SimArrayView) {
  return {
    id: system.id,
    name: system.name,
    system_type: system.systemType,
    serial: view.serial,
    now: view.now,
    devices: view.devices.map((d) => ({
      native_id: d.nativeId,
      label: d.label,
      wwn: d.wwn,
      type: d.type,
      capacity_bytes: d.capacityBytes,
      tracks: d.tracks,
      parent: d.parent,
      content: d.content,
      written_tracks: d.writtenTracks,
      stored_bytes: d.storedBytes,
    })),
    snapshots: view.snapshots.map((s) => ({
      snap_id: s.snapId,
      name: s.name,
      source: s.source,
      generation: s.generation,
      creation_time: s.createdAt,
      state: s.state,
      percent_restored: s.percentRestored,
      linked_targets: s.linkedTargets,
      preserved_tracks: s.preservedTracks,
      stored_bytes: s.storedBytes,
    })),
    links: view.links.map((l) => ({
      target: l.target,
      source: l.source,
      snap_id: l.snapId,
      copy_mode: l.copyMode,
      native_state: l.nativeState,
      defined: l.defined,
      percent_copied: l.percentCopied,
      tracks: l.tracks,
      copied_tracks: l.copiedTracks,
      migration_destination: l.migrationDestination,
    })),
    jobs: view.jobs.map((j) => ({
      kind: j.kind,
      target: j.target,
      snap_id: j.snapId,
      percent: j.percent,
      started: j.startedAt,
      ends: j.endsAt,
      stalled: j.stalled,
    })),
    replication_groups: view.replicationGroups.map((g) => ({ name: g.name, members: [...g.members] })),
    ...simFaultsJson(view),
  };
}

export function simFaultsJson(view: SimFaultsView) {
  return {
    faults: view.faults.map(faultJson),
    stalls: view.stalls.map((s) => ({ job: s.job, since: s.since })),
  };
}

function faultJson(fault: SimFault) {
  const common = { id: fault.id, operation: fault.operation, count: fault.count, remaining: fault.remaining };
  return isLatencyFault(fault)
    ? { ...common, latency_ms: fault.latencyMs }
    : { ...common, message: fault.message, retryable: fault.retryable };
}

export function simClockJson(clock: SimClockView) {
  return { profile: clock.profile, speed: clock.speed, shared: clock.shared };
}
