import { ARRAY_FAMILIES } from "../../../drivers/array-families.js";
import type { ArrayFamily } from "../../../drivers/simulation/array-family.js";
import { declaredCapabilities } from "../../../drivers/simulation/declared-capabilities.js";

/* The families the documentation's samples show, picked from the list of families. */

/** The family of the sample storage system, pool, volume and session: the first listed. */
export const SAMPLE_FAMILY: ArrayFamily = ARRAY_FAMILIES[0];

/** A family registered with settings of its own, and those settings (stored keys). */
export const SAMPLE_REGISTRATION: { family: ArrayFamily; example: NonNullable<ArrayFamily["registrationExample"]> } =
  (() => {
    const family = ARRAY_FAMILIES.find((candidate) => candidate.registrationExample !== undefined) ?? SAMPLE_FAMILY;
    return { family, example: family.registrationExample ?? { name: family.systemType, summary: "", settings: {} } };
  })();

/** Whom a refused snapshot-session operation names: a family (or a setting of one) that refuses them. */
export const SAMPLE_REFUSING_FAMILY_NAME: string =
  ARRAY_FAMILIES.flatMap((family) =>
    [{}, ...(family.capabilityVariants ?? []).map((variant) => variant.settings)].map(
      (settings) => declaredCapabilities(family, settings).snapshotSessionsRefusedFor,
    ),
  ).find((name) => name !== null) ?? SAMPLE_FAMILY.systemType;

/** A registration's settings under their wire names, as a request carries them. */
export function wireSettings(
  family: ArrayFamily,
  settings: Readonly<Record<string, unknown>>,
): Record<string, unknown> {
  return Object.fromEntries(
    family.settingFields.flatMap((field) => (field.key in settings ? [[field.wireName, settings[field.key]]] : [])),
  );
}
