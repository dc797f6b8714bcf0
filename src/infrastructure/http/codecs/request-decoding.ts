import type { RequestBody } from "../requests/request-body.js";
import { decodeJsonBody } from "./json-body-decoder.js";
import { isRawBody } from "./raw-body.js";
import { decodeXmlBody } from "./xml-body-decoder.js";

/**
 * The request's body as the handler's draft, in whichever format it came. No body (or only
 * whitespace) is an empty draft: the handler then reports what is missing.
 */
export function decodeBody<Draft>(body: unknown, description: RequestBody<Draft>): Draft {
  if (!isRawBody(body) || body.text.trim() === "") return {} as Draft;
  const decode = body.format === "json" ? decodeJsonBody : decodeXmlBody;
  return decode(body.text, description.fields, description.root) as Draft;
}
