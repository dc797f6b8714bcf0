import { ViprErrors } from "../../domain/shared/vipr-errors.js";

const JAVA_INT_MAX = 2_147_483_647;
const JAVA_INT_MIN = -2_147_483_648;

/** Missing, null, or only whitespace: what ViPR calls "missing or empty". */
export function isBlank(value: unknown): boolean {
  return value === undefined || value === null || (typeof value === "string" && value.trim() === "");
}

/** A required text field: 1005 when blank, 1008 when not text. */
export function requiredText(name: string, value: unknown): string {
  if (isBlank(value)) throw ViprErrors.requiredParameterMissingOrEmpty(name);
  if (typeof value !== "string") throw ViprErrors.invalidParameter(name, JSON.stringify(value));
  return value;
}

/**
 * An integer as the real server reads it into a Java int: a JSON number or a numeric string
 * (`"2"`); anything else, or a value outside the int range, is 1008.
 */
export function integerField(name: string, value: unknown): number {
  const number =
    typeof value === "number"
      ? value
      : typeof value === "string" && /^\s*[-+]?\d+\s*$/.test(value)
        ? Number(value)
        : NaN;
  if (!Number.isInteger(number) || number > JAVA_INT_MAX || number < JAVA_INT_MIN) {
    throw ViprErrors.invalidParameter(
      name,
      typeof value === "string" || typeof value === "number" ? String(value) : JSON.stringify(value),
    );
  }
  return number;
}

/** A required integer: 1005 when blank, 1008 when not an integer. */
export function requiredInteger(name: string, value: unknown): number {
  if (isBlank(value)) throw ViprErrors.requiredParameterMissingOrEmpty(name);
  return integerField(name, value);
}
