import type { StorageSystemRecord } from "../../../application/ports/storage-catalog.js";
import type { SimArrayView, SimClockView, SimFaultsView } from "../../../drivers/simulation/simulated-arrays.js";
import { SAMPLE_FAMILY } from "./sample-families.js";
import { sampleIds } from "./samples.js";

/* Sample views of the `/sim` API, rendered through its own JSON functions for schemas and examples. */

const NOW = 1_767_225_672_000;

export const sampleSimSystem: StorageSystemRecord = {
  id: sampleIds.storageSystem,
  name: SAMPLE_FAMILY.systemType,
  systemType: SAMPLE_FAMILY.systemType,
  nativeId: "000197900123",
  settings: {},
};

export const sampleSimFaults: SimFaultsView = {
  faults: [
    { id: 1, operation: "link", count: 2, remaining: 1, message: "array busy", retryable: true },
    { id: 2, operation: "status", count: null, remaining: null, latencyMs: 500 },
  ],
  stalls: [{ job: "copy", since: NOW - 2_000 }],
};

export const sampleSimArray: SimArrayView = {
  serial: "000197900123",
  now: NOW,
  devices: [
    {
      nativeId: "0012A",
      label: "vol1",
      wwn: "60000970000197900123533030313241",
      type: "volume",
      capacityBytes: 1024 ** 3,
      tracks: 8192,
      parent: null,
      content: "complete",
      writtenTracks: 12,
      storedBytes: 1_572_864,
    },
    {
      nativeId: "0012B",
      label: "tgt-1",
      wwn: "60000970000197900123533030313242",
      type: "volume",
      capacityBytes: 1024 ** 3,
      tracks: 8192,
      parent: "0012A",
      content: "complete",
      writtenTracks: 0,
      storedBytes: 0,
    },
  ],
  snapshots: [
    {
      snapId: 1,
      name: "snap1",
      source: "0012A",
      generation: 0,
      createdAt: NOW - 60_000,
      state: "Established",
      percentRestored: 40,
      linkedTargets: 1,
      preservedTracks: 3,
      storedBytes: 393_216,
    },
  ],
  links: [
    {
      target: "0012B",
      source: "0012A",
      snapId: 1,
      copyMode: "copy",
      nativeState: "CopyInProg",
      defined: true,
      percentCopied: 45,
      tracks: 8192,
      copiedTracks: 3686,
      migrationDestination: "17",
    },
  ],
  replicationGroups: [{ name: "cg1", members: ["0012A"] }],
  jobs: [
    {
      kind: "copy",
      target: "0012B",
      snapId: 1,
      percent: 45,
      startedAt: NOW - 4_000,
      endsAt: NOW + 5_000,
      stalled: false,
    },
  ],
  ...sampleSimFaults,
};

export const sampleSimClock: SimClockView = { profile: "fast", speed: 1, shared: true };
