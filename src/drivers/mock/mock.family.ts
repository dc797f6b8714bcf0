import type { ArrayFamily } from "../simulation/array-family.js";
import { createMockDriver, MOCK_REGISTRATION } from "./mock.driver.js";
import { MOCK_FAMILY, MOCK_SYSTEM_TYPE } from "./mock-array-words.js";

/** The mock array, for people's own test suites: unlimited unless configured, strict and fast. */
export const MOCK: ArrayFamily<typeof MOCK_SYSTEM_TYPE> = {
  systemType: MOCK_SYSTEM_TYPE,
  title: "Mock array for test suites",
  names: ["mock"],
  createDriver: createMockDriver,
  simulatedFamily: MOCK_FAMILY,
  registration: MOCK_REGISTRATION,
  settingFields: [
    { key: "maxLinkedTargetsPerSource", wireName: "max_linked_targets_per_source", kind: "integer" },
    { key: "maxSnapshotsPerSource", wireName: "max_snapshots_per_source", kind: "integer" },
    { key: "supportsCopyMode", wireName: "supports_copy_mode", kind: "text" },
    { key: "ticks", wireName: "ticks", kind: "integer" },
  ],
  settingsSummary: "the mock's limits, copy mode support and copy ticks",
  registrationExample: {
    name: "mock-small",
    summary: "a mock array with small limits",
    settings: { maxLinkedTargetsPerSource: 16, maxSnapshotsPerSource: 8, supportsCopyMode: true, ticks: 20 },
  },
  // The seeded pool keeps the snapshot limit the first seed gave it, below the family's 65,536.
  seed: { serialNumber: "MOCK+000001", vpoolMaxSnapshots: 1024 },
  capabilityVariants: [
    { label: "`supports_copy_mode: false`", settings: { supportsCopyMode: false } },
    { label: "`ticks` above 0", settings: { ticks: 20 } },
  ],
};
