import { ServiceCode } from "../../../domain/shared/service-code.js";
import { ServiceError } from "../../../domain/shared/service-error.js";
import { ViprErrors } from "../../../domain/shared/vipr-errors.js";
import type { FieldSpec, Fields, ItemSpec } from "../requests/request-body.js";
import { isStorableText } from "./storable-text.js";

/** Malformed JSON, an unknown property or a value of the wrong shape: 400/1013. */
function badBody(details: string): ServiceError {
  return new ServiceError(ServiceCode.BAD_REQUEST_BODY, details);
}

/** Decodes a JSON body (no root wrapper) into the draft the description names. */
export function decodeJsonBody(text: string, fields: Fields, root: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw badBody(`Malformed JSON: ${(error as Error).message}`);
  }
  return decodeObject(value, fields, root);
}

function decodeObject(value: unknown, fields: Fields, where: string): Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw badBody(`Expected a JSON object for ${where}`);
  }
  const draft: Record<string, unknown> = {};
  for (const [name, member] of Object.entries(value)) {
    const spec = Object.hasOwn(fields, name) ? fields[name] : undefined;
    if (spec === undefined) throw badBody(`Unrecognized field "${name}" in ${where}`);
    draft[spec.key] = decodeMember(member, spec, name);
  }
  return draft;
}

function decodeMember(value: unknown, spec: FieldSpec, name: string): unknown {
  if (value === null) return null;
  if (spec.kind === "object") return decodeObject(value, spec.fields, name);
  if (spec.kind === "list") {
    if (!Array.isArray(value)) throw badBody(`Expected a JSON array for ${name}`);
    return value.map((item) => decodeItem(item, spec.item, name));
  }
  if (typeof value === "object") throw badBody(`Expected a single value for ${name}`);
  return storable(value, name);
}

function decodeItem(value: unknown, item: ItemSpec, name: string): unknown {
  if (value === null) return null;
  if (item.kind === "object") return decodeObject(value, item.fields, name);
  if (typeof value === "object") throw badBody(`Expected single values in ${name}`);
  return storable(value, name);
}

/** A string holding NUL or an unpaired surrogate is well-formed JSON but no valid value: 400/1008. */
function storable(value: unknown, name: string): unknown {
  if (typeof value === "string" && !isStorableText(value)) throw ViprErrors.invalidParameter(name, value);
  return value;
}
