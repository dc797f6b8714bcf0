import type { Child, Node, RelatedList, Scalar } from "./document.js";
import { hrefOf } from "./links.js";

/*
 * A representation's JSON text written straight from its tree: byte for byte what
 * `JSON.stringify(toJson(…))` writes (./serializer.ts), without building the objects in between,
 * and a related list's items from a template rather than from a node each. A session with 1024
 * linked targets is a 200 KB body; its read is dominated by writing it (README, "Performance").
 */

/** The node as a JSON object's text. */
export function jsonText(value: Node, viaObject: (value: Node) => unknown): string {
  if (!keepsNamesInOrder(value)) return JSON.stringify(viaObject(value));
  let text = "{";
  let first = true;
  for (const name in value.attributes) {
    const attribute = value.attributes[name];
    if (attribute === undefined) continue;
    text += `${first ? "" : ","}${jsonString(name)}:${jsonScalar(attribute)}`;
    first = false;
  }
  for (const name in value.children) {
    const child = value.children[name];
    if (child === null || child === undefined) continue;
    text += `${first ? "" : ","}${jsonString(name)}:${childText(child, viaObject)}`;
    first = false;
  }
  return `${text}}`;
}

function childText(child: NonNullable<Child>, viaObject: (value: Node) => unknown): string {
  if (typeof child !== "object") return jsonScalar(child);
  switch (child.kind) {
    case "node":
      return jsonText(child, viaObject);
    case "formatted":
      return jsonScalar(child.json);
    case "related":
      return relatedListText(child);
    case "list":
    case "repeated": {
      let text = "[";
      for (let i = 0; i < child.items.length; i++) {
        text += `${i === 0 ? "" : ","}${childText(child.items[i]!, viaObject)}`;
      }
      return `${text}]`;
    }
  }
}

/** `[{"id":…,"link":{"rel":"self","href":…}},…]`, what the list of `related(id)` nodes writes. */
function relatedListText(list: RelatedList): string {
  let text = "[";
  for (let i = 0; i < list.ids.length; i++) {
    const id = list.ids[i]!;
    text += `${i === 0 ? "" : ","}{"id":${jsonString(id)},"link":{"rel":"self","href":${jsonString(hrefOf(id))}}}`;
  }
  return `${text}]`;
}

function jsonScalar(value: Scalar): string {
  return typeof value === "string" ? jsonString(value) : JSON.stringify(value);
}

/** What JSON.stringify escapes in a string: quotes, backslashes, control characters, lone surrogates. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is looked for
const NEEDS_ESCAPING = /["\\\u0000-\u001F\uD800-\uDFFF]/;

/** Most strings (names, ids, hrefs) need no escaping: only those that do go through JSON.stringify. */
function jsonString(text: string): string {
  return NEEDS_ESCAPING.test(text) ? JSON.stringify(text) : `"${text}"`;
}

/**
 * Whether an object made of the node lists its names in the order written, each once: not so
 * for a name that is an array index (objects list those first), for `__proto__`, or for a name
 * both an attribute and a child. No representation has one; should one ever, the node is
 * written by way of the object, as JSON.stringify would have it.
 */
function keepsNamesInOrder(value: Node): boolean {
  for (const name in value.children) {
    if (isIndexLike(name) || name === "__proto__" || Object.hasOwn(value.attributes, name)) return false;
  }
  for (const name in value.attributes) if (isIndexLike(name) || name === "__proto__") return false;
  return true;
}

function isIndexLike(name: string): boolean {
  const first = name.charCodeAt(0);
  return first >= 48 && first <= 57 && /^(0|[1-9][0-9]*)$/.test(name) && Number(name) < 2 ** 32 - 1;
}
