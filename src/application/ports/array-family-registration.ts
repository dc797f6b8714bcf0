/** What is wrong with one entry of a storage system's `settings`. */
export interface ArraySettingProblem {
  readonly key: string;
  readonly value: unknown;
}

/** What registering a storage system of one family needs to know of the family. */
export interface ArrayFamilyRegistration {
  readonly systemType: string;
  /** The name of the one pool a newly registered array offers (`SRP_1`, `Pool 0`…). */
  readonly poolName: string;
  /** The most snapshots one source can have: the limit of a virtual pool created without one. */
  readonly maxSnapshotsPerSource: number;
  /** A serial number in the family's own form, for a system registered without one. */
  newSerialNumber(): string;
  /** The first unknown key or bad value of `settings`, or null when the family accepts them all. */
  settingsProblem(settings: Readonly<Record<string, unknown>>): ArraySettingProblem | null;
  /**
   * Whether the given serial number (undefined: none given) is missing or invalid for a system
   * of these settings; null when it will do (a generated one, when none was given).
   */
  serialNumberProblem(
    serialNumber: string | undefined,
    settings: Readonly<Record<string, unknown>>,
  ): "missing" | "invalid" | null;
}

export const ARRAY_FAMILY_REGISTRATION = Symbol("ArrayFamilyRegistration");
