import type { FieldSpec, Fields, ItemSpec, RequestBody } from "../requests/request-body.js";

/*
 * A request example in XML, written from its JSON by walking the body's description: the root
 * element, wrapped lists as wrapper and item elements, repeated lists as the element repeated.
 */

export function xmlRequestExample(body: RequestBody<unknown>, json: unknown): string {
  return element(body.root, objectContent(json, body.fields));
}

function element(name: string, content: string): string {
  return `<${name}>${content}</${name}>`;
}

function objectContent(value: unknown, fields: Fields): string {
  if (typeof value !== "object" || value === null) throw new Error("a request example is a JSON object");
  return Object.entries(value)
    .map(([name, member]) => {
      const spec = fields[name];
      if (spec === undefined) throw new Error(`the request example has "${name}", which the body does not`);
      return fieldXml(name, spec, member);
    })
    .join("");
}

function fieldXml(name: string, spec: FieldSpec, value: unknown): string {
  if (value === null || value === undefined) return "";
  switch (spec.kind) {
    case "text":
    case "integer":
    case "boolean":
    case "uri":
      return element(name, escapeText(String(value)));
    case "object":
      return element(name, objectContent(value, spec.fields));
    case "list": {
      const items = (value as unknown[]).map((item) => itemXml(spec.xmlItem ?? name, spec.item, item));
      return spec.xmlItem === null ? items.join("") : element(name, items.join(""));
    }
  }
}

function itemXml(name: string, item: ItemSpec, value: unknown): string {
  return item.kind === "object"
    ? element(name, objectContent(value, item.fields))
    : element(name, escapeText(String(value)));
}

function escapeText(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}
