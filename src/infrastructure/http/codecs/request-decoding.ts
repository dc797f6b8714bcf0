import type { RequestBody } from "../requests/request-body.js";
import { validateObject } from "./input-validation.js";
import { decodeJsonBody } from "./json-body-decoder.js";
import { isRawBody } from "./raw-body.js";
import { decodeXmlBody } from "./xml-body-decoder.js";

/**
 * The request's body as the handler's draft, in whichever format it came. No body (or only
 * whitespace) is read as an empty object, validated as one when the body is: the handler, or
 * the validator, then reports what is missing.
 */
export function decodeBody<Draft>(body: unknown, description: RequestBody<Draft>): Draft {
  if (!isRawBody(body) || body.text.trim() === "") {
    const empty: Record<string, unknown> = {};
    if (description.validated) validateObject(empty, description.fields);
    return empty as Draft;
  }
  const decode = body.format === "json" ? decodeJsonBody : decodeXmlBody;
  return decode(body.text, description) as Draft;
}
