import type { WireFormat } from "../representations/serializer.js";

const JSON_TYPES = new Set(["application/json"]);
const XML_TYPES = new Set(["application/xml", "text/xml"]);

function mediaTypeOf(value: string): string {
  return (value.split(";")[0] ?? "").trim().toLowerCase();
}

/** The format a media type names, or undefined when it names neither JSON nor XML. */
export function formatOfMediaType(value: string): WireFormat | undefined {
  const mediaType = mediaTypeOf(value);
  if (JSON_TYPES.has(mediaType) || mediaType.endsWith("+json")) return "json";
  if (XML_TYPES.has(mediaType) || mediaType.endsWith("+xml")) return "xml";
  return undefined;
}

/**
 * The response format: the first of `application/json` / `application/xml` the `Accept`
 * header lists; with neither, XML (as the real controller answers).
 */
export function responseFormat(accept: string | undefined): WireFormat {
  for (const entry of (accept ?? "").split(",")) {
    const format = formatOfMediaType(entry);
    if (format) return format;
  }
  return "xml";
}
