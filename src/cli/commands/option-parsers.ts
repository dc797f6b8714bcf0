import { InvalidArgumentError } from "commander";

/** A whole number as typed (0 and negative numbers included: the API judges the value). */
export function wholeNumber(value: string): number {
  if (!/^-?\d+$/.test(value.trim())) throw new InvalidArgumentError("Not a whole number.");
  return Number(value);
}

/** A whole number ≥ 0 (byte offsets and lengths). */
export function byteCount(value: string): number {
  const parsed = wholeNumber(value);
  if (parsed < 0 || !Number.isSafeInteger(parsed)) throw new InvalidArgumentError("Not a number of bytes.");
  return parsed;
}

/** Milliseconds between polls: 50 ms to 1 minute. */
export function pollInterval(value: string): number {
  const parsed = wholeNumber(value);
  if (parsed < 50 || parsed > 60_000) throw new InvalidArgumentError("Give 50 to 60000 milliseconds.");
  return parsed;
}

export const DEFAULT_POLL_INTERVAL_MS = 500;

/** A finite decimal number (a clock speed). */
export function decimalNumber(value: string): number {
  const parsed = Number(value);
  if (value.trim() === "" || !Number.isFinite(parsed)) throw new InvalidArgumentError("Not a number.");
  return parsed;
}
