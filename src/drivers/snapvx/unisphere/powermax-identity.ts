/*
 * How an array and its Unisphere are identified: the array's 12-digit Symmetrix id from the
 * storage system's serial number, the API version a Unisphere release speaks, and whether the
 * array's microcode addresses snapshots by snap id or by generation (docs/unisphere.md,
 * "Versions and microcode").
 */

/**
 * The 12-digit Symmetrix id of a `vmax` storage system: its serial number, as given
 * (`000197900001`) or in the controller's native form (`SYMMETRIX+000197900001`); null for
 * any other serial.
 */
export function symmetrixIdOf(serialNumber: string): string | null {
  return /^(?:SYMMETRIX\+)?(\d{12})$/.exec(serialNumber)?.[1] ?? null;
}

/** A Unisphere release as `GET /version` names it: `V10.3.0.0` → `{ letter: "V", major: 103 }` (10.3). */
export function unisphereRelease(version: string): { readonly letter: string; readonly major: number } | null {
  const match = /^([A-Za-z])(\d+)\.(\d+)(?:\.|$)/.exec(version.trim());
  if (!match?.[1] || !match[2] || !match[3]) return null;
  return { letter: match[1].toUpperCase(), major: Number(`${match[2]}${match[3]}`) };
}

/** The oldest and the first too new Unisphere releases a client of coprsim talks to (9.2, 11.0). */
export const OLDEST_UNISPHERE = 92;
export const FIRST_UNSUPPORTED_UNISPHERE = 110;

/**
 * The API version a client uses with a Unisphere release: `100` for every 10.x (what 10.0 and
 * later all serve), `92` for 9.2 to 9.x; null for releases before 9.2 or from 11.0 on.
 */
export function apiVersionFor(major: number): "100" | "92" | null {
  if (major >= FIRST_UNSUPPORTED_UNISPHERE || major < OLDEST_UNISPHERE) return null;
  return major >= 100 ? "100" : "92";
}

/** The first microcode that gives snapshots snap ids: HyperMax/PowerMaxOS 5978.669.669. */
const FIRST_SNAP_ID_MICROCODE = { family: 5978, release: 669 };

/**
 * Whether the array addresses snapshots by snap id (5978.669 and later, and every 6079 and
 * later family); older microcode knows generations only (0 the newest, renumbered when one goes).
 */
export function microcodeHasSnapIds(microcode: string): boolean {
  const [family, release] = microcode.split(".").map((part) => Number.parseInt(part, 10));
  if (family === undefined || Number.isNaN(family)) return false;
  if (family !== FIRST_SNAP_ID_MICROCODE.family) return family > FIRST_SNAP_ID_MICROCODE.family;
  return release !== undefined && !Number.isNaN(release) && release >= FIRST_SNAP_ID_MICROCODE.release;
}
