import { TRACK_BYTES } from "../simulation/link-progress.js";

const TRACKS_PER_CYLINDER = 15;

/** ⌈bytes / 1.875 MiB⌉. */
export function cylindersOf(bytes: number): number {
  return Math.ceil(bytes / (TRACKS_PER_CYLINDER * TRACK_BYTES));
}

/** `60000970` + the 12-digit serial + `53` + the device number in ASCII hex. */
export function symmetrixWwn(serial: string, deviceId: string): string {
  const serialDigits = serial.replace(/\D/g, "").slice(-12).padStart(12, "0");
  const ascii = [...deviceId].map((c) => (c.codePointAt(0) ?? 0).toString(16).padStart(2, "0")).join("");
  return `60000970${serialDigits}53${ascii}`.toUpperCase();
}
