import { randomInt } from "node:crypto";
import type { ArrayFamilyRegistration } from "../../application/ports/array-family-registration.js";
import { InvalidArraySetting } from "./settings.js";

type Settings = Readonly<Record<string, unknown>>;

export interface FamilyRegistrationSpec {
  readonly systemType: string;
  readonly poolName: string;
  readonly maxSnapshotsPerSource: number;
  /** The serial's fixed part; random digits follow it. */
  readonly serialPrefix: string;
  readonly serialDigits: number;
  readonly knownSettings: readonly string[];
  /** The family's settings parser: raises InvalidArraySetting for a bad value. */
  readonly parseSettings: (settings: Settings) => unknown;
  /** What the family needs of a serial number given (or not) with those settings; any will do without it. */
  readonly serialNumberProblem?: (serialNumber: string | undefined, settings: Settings) => "missing" | "invalid" | null;
}

/** A family's registration rules from its settings parser: an unknown key is a problem, and so is any value the parser refuses. */
export function familyRegistration(spec: FamilyRegistrationSpec): ArrayFamilyRegistration {
  return {
    systemType: spec.systemType,
    poolName: spec.poolName,
    maxSnapshotsPerSource: spec.maxSnapshotsPerSource,
    newSerialNumber: () =>
      spec.serialPrefix + String(randomInt(10 ** Math.min(spec.serialDigits, 12))).padStart(spec.serialDigits, "0"),
    settingsProblem(settings) {
      const unknownKey = Object.keys(settings).find((key) => !spec.knownSettings.includes(key));
      if (unknownKey !== undefined) return { key: unknownKey, value: settings[unknownKey] };
      try {
        spec.parseSettings(settings);
        return null;
      } catch (error) {
        if (error instanceof InvalidArraySetting) return { key: error.key, value: error.value };
        throw error;
      }
    },
    serialNumberProblem: (serialNumber, settings) => spec.serialNumberProblem?.(serialNumber, settings) ?? null,
  };
}
