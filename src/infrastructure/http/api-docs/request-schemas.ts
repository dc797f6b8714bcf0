import type { WireFormat } from "../representations/serializer.js";
import type { FieldSpec, Fields, ItemSpec, RequestBody } from "../requests/request-body.js";
import type { Schema } from "./schema.js";

/*
 * The OpenAPI schemas of a request body, read from the description both decoders walk
 * (../requests/request-body.ts): JSON has no root wrapper and refuses unknown properties
 * (400/1013); XML is the root element, wrapped lists as wrapper and item elements, repeated
 * lists as the element repeated, and refuses unknown elements (400/1008).
 */

/** A number the JSON decoder passes through as a number or a numeric string (`2` or `"2"`). */
const JSON_INTEGER: Schema = {
  anyOf: [{ type: "integer" }, { type: "string", pattern: "^[-+]?\\d+$" }],
  description: "a whole number, or a string of one",
};

/** Text: the JSON decoder also reads a number or a boolean as its text. */
const JSON_TEXT: Schema = {
  anyOf: [{ type: "string" }, { type: "boolean" }, { type: "number" }],
  description: "a single value",
};

/** A boolean: `true`/`false`, a whole number (0 is false) or the text `"true"`/`"false"`. */
const JSON_BOOLEAN: Schema = {
  anyOf: [{ type: "boolean" }, { type: "integer" }, { type: "string", enum: ["true", "false", ""] }],
  description: "a boolean",
};

const URI: Schema = { type: "string", format: "uri-reference" };

export function requestBodySchema(body: RequestBody<unknown>, format: WireFormat): Schema {
  const schema = objectSchema(body.fields, format);
  return format === "xml" ? { ...schema, xml: { name: body.root } } : schema;
}

function objectSchema(fields: Fields, format: WireFormat): Schema {
  const properties = Object.fromEntries(
    Object.entries(fields).map(([name, spec]) => [name, fieldSchema(name, spec, format)]),
  );
  return { type: "object", properties, additionalProperties: false };
}

function fieldSchema(name: string, spec: FieldSpec, format: WireFormat): Schema {
  switch (spec.kind) {
    case "text":
      return format === "json" ? JSON_TEXT : { type: "string" };
    case "integer":
      return format === "json" ? JSON_INTEGER : { type: "integer" };
    case "boolean":
      return format === "json" ? JSON_BOOLEAN : { type: "boolean" };
    case "uri":
      return URI;
    case "object":
      return objectSchema(spec.fields, format);
    case "list": {
      const items = itemSchema(spec.item, format);
      if (format === "json") return { type: "array", items };
      return spec.xmlItem === null
        ? { type: "array", items: { ...items, xml: { name } } }
        : { type: "array", xml: { name, wrapped: true }, items: { ...items, xml: { name: spec.xmlItem } } };
    }
  }
}

function itemSchema(item: ItemSpec, format: WireFormat): Schema {
  if (item.kind === "object") return objectSchema(item.fields, format);
  if (item.kind === "uri") return URI;
  return format === "json" ? JSON_TEXT : { type: "string" };
}
