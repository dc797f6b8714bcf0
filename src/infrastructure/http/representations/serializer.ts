import type { Child, Item, Node, RelatedList, Representation } from "./document.js";
import { jsonText } from "./json-text.js";
import { hrefOf, relatedNodes } from "./links.js";

export type WireFormat = "json" | "xml";

/** The representation in the requested format, as the response body. */
export function serialize(representation: Representation, format: WireFormat): string {
  return format === "json" ? jsonText(representation.body, jsonNode) : toXml(representation);
}

/** JSON: no root wrapper, nulls left out, lists as arrays under the child's name. */
export function toJson(representation: Representation): Record<string, unknown> {
  return jsonNode(representation.body);
}

const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>';

/** XML: the root element, wrapped lists as wrapper + item elements, repeated items side by side. */
export function toXml(representation: Representation): string {
  return XML_DECLARATION + xmlElement(representation.root, representation.body);
}

function jsonNode(value: Node): Record<string, unknown> {
  const object: Record<string, unknown> = { ...value.attributes };
  for (const [name, child] of Object.entries(value.children)) {
    if (child !== null && child !== undefined) object[name] = jsonChild(child);
  }
  return object;
}

function jsonChild(child: NonNullable<Child>): unknown {
  if (typeof child !== "object") return child;
  if (child.kind === "node") return jsonNode(child);
  if (child.kind === "formatted") return child.json;
  if (child.kind === "related") return jsonChild(relatedNodes(child));
  return child.items.map(jsonChild);
}

function xmlElement(name: string, child: Child): string {
  if (child === null || child === undefined) return "";
  if (typeof child !== "object") return `<${name}>${escapeText(String(child))}</${name}>`;
  switch (child.kind) {
    case "node":
      return xmlNode(name, child);
    case "list":
      return `<${name}>${xmlItems(child.item, child.items)}</${name}>`;
    case "related":
      return `<${name}>${xmlRelatedItems(child)}</${name}>`;
    case "repeated":
      return xmlItems(name, child.items);
    case "formatted":
      return `<${name}>${escapeText(child.xml)}</${name}>`;
  }
}

function xmlItems(name: string, items: readonly Item[]): string {
  return items.map((item) => xmlElement(name, item)).join("");
}

/** What the list of `related(id)` nodes writes: `<item><id>…</id><link rel="self" href="…"/></item>` each. */
function xmlRelatedItems(list: RelatedList): string {
  let text = "";
  for (const id of list.ids) {
    text += `<${list.item}><id>${escapeText(id)}</id><link rel="self" href="${escapeAttribute(hrefOf(id))}"/></${list.item}>`;
  }
  return text;
}

function xmlNode(name: string, value: Node): string {
  const attributes = Object.entries(value.attributes)
    .map(([attribute, text]) => ` ${attribute}="${escapeAttribute(String(text))}"`)
    .join("");
  const content = Object.entries(value.children)
    .map(([childName, child]) => xmlElement(childName, child))
    .join("");
  return content === "" && attributes !== "" ? `<${name}${attributes}/>` : `<${name}${attributes}>${content}</${name}>`;
}

// Characters XML 1.0 cannot carry at all; a client-supplied name must not break the document.
// biome-ignore lint/suspicious/noControlCharactersInRegex: these are exactly what is removed
const NOT_XML_CHARACTERS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

/** What either escape changes; most texts (ids, names, numbers) hold none of it and are kept as they are. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: the characters removed, as above
const NEEDS_ESCAPING = /[&<>"\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/;

function escapeText(text: string): string {
  if (!NEEDS_ESCAPING.test(text)) return text;
  return text.replace(NOT_XML_CHARACTERS, "").replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

function escapeAttribute(text: string): string {
  if (!NEEDS_ESCAPING.test(text)) return text;
  return escapeText(text).replace(/"/g, "&quot;");
}
