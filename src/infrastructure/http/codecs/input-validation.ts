import { ViprErrors } from "../../../domain/shared/vipr-errors.js";
import { type Fields, validationName } from "../requests/request-body.js";

/**
 * The real controller's input validator on one decoded object of a validated body (see
 * RequestBody.validated), field by field in their declared order: a required field missing
 * or null, or a text empty or only whitespace, is 400/1005 naming it; texts are trimmed.
 */
export function validateObject(draft: Record<string, unknown>, fields: Fields): void {
  for (const [name, spec] of Object.entries(fields)) {
    const value = draft[spec.key];
    if (spec.required && (value === undefined || value === null)) {
      throw ViprErrors.requiredParameterMissingOrEmpty(validationName(name, spec));
    }
    if (spec.kind === "text" && typeof value === "string") {
      const trimmed = javaTrim(value);
      if (trimmed === "") throw ViprErrors.requiredParameterMissingOrEmpty(name);
      draft[spec.key] = trimmed;
    }
  }
}

/** What Java's String.trim removes: characters up to U+0020 at either end. */
export function javaTrim(text: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && text.charCodeAt(start) <= 0x20) start++;
  while (end > start && text.charCodeAt(end - 1) <= 0x20) end--;
  return text.slice(start, end);
}
