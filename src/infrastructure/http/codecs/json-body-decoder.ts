import { ServiceCode } from "../../../domain/shared/service-code.js";
import { ServiceError } from "../../../domain/shared/service-error.js";
import { ViprErrors } from "../../../domain/shared/vipr-errors.js";
import type { FieldSpec, Fields, ItemSpec, RequestBody } from "../requests/request-body.js";
import { javaTrim, validateObject } from "./input-validation.js";
import { isJavaUri } from "./java-uri.js";
import { isStorableText } from "./storable-text.js";

/*
 * JSON bodies are read as the real controller's JSON reader (Jackson 1.x) reads them into its
 * request types: a value of the wrong type is 400/1013 with the first sentence of Jackson's
 * message (docs/api/snapshot-sessions.md, "Request bodies"), numbers and booleans are read as
 * text where text is expected, a numeric string as a number.
 */

const JAVA_INT_MIN = -2_147_483_648;
const JAVA_INT_MAX = 2_147_483_647;

/** Malformed JSON, an unknown property or a value of the wrong shape: 400/1013. */
function badBody(details: string): ServiceError {
  return new ServiceError(ServiceCode.BAD_REQUEST_BODY, details);
}

/** Decodes a JSON body (no root wrapper) into the draft the description names. */
export function decodeJsonBody(text: string, body: RequestBody<unknown>): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw badBody(`Malformed JSON: ${(error as Error).message}`);
  }
  const draft = decodeObject(value, body.fields, body.root);
  if (body.validated) validateObject(draft, body.fields);
  return draft;
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
  switch (spec.kind) {
    case "object":
      return decodeObject(value, spec.fields, name);
    case "list":
      if (!Array.isArray(value)) throw cannotDeserialize("java.util.ArrayList", value);
      return value.map((item) => decodeItem(item, spec.item, name));
    case "integer":
      return javaInteger(value);
    case "boolean":
      return javaBoolean(value);
    case "uri":
      return javaUri(value, name);
    case "text":
      return javaString(value, name);
  }
}

function decodeItem(value: unknown, item: ItemSpec, name: string): unknown {
  if (value === null) return null;
  if (item.kind === "object") return decodeObject(value, item.fields, name);
  return item.kind === "uri" ? javaUri(value, name) : javaString(value, name);
}

/** Text; any other single value as its text. */
function javaString(value: unknown, name: string): string {
  if (typeof value === "object") throw cannotDeserialize("java.lang.String", value);
  return storable(String(value), name);
}

/** A Java Integer: a number (a fraction is cut off) or a numeric string; an empty string is null. */
function javaInteger(value: unknown): number | null {
  if (typeof value === "number") {
    if (!Number.isFinite(value) || value < JAVA_INT_MIN || value > JAVA_INT_MAX) {
      throw badBody(`Numeric value (${String(value)}) out of range of int`);
    }
    return Math.trunc(value);
  }
  if (typeof value !== "string") throw cannotDeserialize("java.lang.Integer", value);
  const text = javaTrim(value);
  if (text === "") return null;
  if (!/^[-+]?\d+$/.test(text)) throw cannotConstruct("java.lang.Integer", value, "not a valid Integer value");
  const number = Number(text);
  if (number < JAVA_INT_MIN || number > JAVA_INT_MAX) {
    throw cannotConstruct(
      "java.lang.Integer",
      value,
      `Overflow: numeric value (${text}) out of range of Integer (${JAVA_INT_MIN} - ${JAVA_INT_MAX})`,
    );
  }
  return number;
}

/** A Java Boolean: true/false, a whole number (0 is false), `"true"`/`"false"`; an empty string is null. */
function javaBoolean(value: unknown): boolean | null {
  if (typeof value === "boolean") return value;
  if (typeof value === "number" && Number.isInteger(value)) return value !== 0;
  if (typeof value !== "string") throw cannotDeserialize("java.lang.Boolean", value);
  const text = javaTrim(value);
  if (text === "true" || text === "false") return text === "true";
  if (text === "") return null;
  throw cannotConstruct("java.lang.Boolean", value, 'only "true" or "false" recognized');
}

/** A java.net.URI from a string, trimmed; an empty string is null. */
function javaUri(value: unknown, name: string): string | null {
  if (typeof value !== "string") throw cannotDeserialize("java.net.URI", value);
  const text = javaTrim(storable(value, name));
  if (text === "") return null;
  if (!isJavaUri(text)) throw cannotConstruct("java.net.URI", value, "not a valid textual representation");
  return text;
}

/** A string holding NUL or an unpaired surrogate is well-formed JSON but no valid value: 400/1008. */
function storable(value: string, name: string): string {
  if (!isStorableText(value)) throw ViprErrors.invalidParameter(name, value);
  return value;
}

function cannotDeserialize(javaType: string, value: unknown): ServiceError {
  return badBody(`Can not deserialize instance of ${javaType} out of ${jsonToken(value)} token`);
}

function cannotConstruct(javaType: string, text: string, reason: string): ServiceError {
  return badBody(`Can not construct instance of ${javaType} from String value '${text}': ${reason}`);
}

/** Jackson's name for the token a value starts with. */
function jsonToken(value: unknown): string {
  if (Array.isArray(value)) return "START_ARRAY";
  if (value === null) return "VALUE_NULL";
  switch (typeof value) {
    case "object":
      return "START_OBJECT";
    case "string":
      return "VALUE_STRING";
    case "boolean":
      return value ? "VALUE_TRUE" : "VALUE_FALSE";
    default:
      return Number.isInteger(value) ? "VALUE_NUMBER_INT" : "VALUE_NUMBER_FLOAT";
  }
}
