/*
 * The one description of a ViPR representation: an ordered tree of named values from which
 * both wire formats are produced (./serializer.ts), so JSON and XML can never drift.
 *
 * - `node`: an element with ordered children; JSON object / XML element. Attributes are XML
 *   attributes (ViPR's `<link rel="self" href="…"/>`) and the first JSON properties.
 * - `list(item, values)`: a wrapped list. The child's name is the wrapper: JSON
 *   `"linked_targets": [...]`, XML `<linked_targets><linked_target>…</linked_target></linked_targets>`.
 * - `repeated(values)`: an unwrapped list. The child's name is the item: JSON `"task": [...]`,
 *   XML `<task>…</task><task>…</task>` (what list responses use).
 * - `relatedList(item, ids)`: a wrapped list of ViPR's RelatedResourceRep (`{id, link}`), held as
 *   the ids alone and written as `list(item, ids.map(related))` would be (./links.ts), without a
 *   node per id: a session's linked targets run to thousands.
 * - `formatted(json, xml)`: one value written differently in each format (a time the real
 *   controller sends as epoch milliseconds in JSON and as an xs:dateTime in XML).
 * - `null`/`undefined` children are left out of both formats.
 */

export type Scalar = string | number | boolean;
export type Item = Scalar | Node;

export interface Node {
  readonly kind: "node";
  readonly attributes: Readonly<Record<string, Scalar>>;
  readonly children: Readonly<Record<string, Child>>;
}

export interface WrappedList {
  readonly kind: "list";
  readonly item: string;
  readonly items: readonly Item[];
}

export interface RepeatedItems {
  readonly kind: "repeated";
  readonly items: readonly Item[];
}

export interface RelatedList {
  readonly kind: "related";
  readonly item: string;
  readonly ids: readonly string[];
}

export interface FormattedValue {
  readonly kind: "formatted";
  readonly json: Scalar;
  readonly xml: string;
}

export type Child = Item | WrappedList | RepeatedItems | RelatedList | FormattedValue | null | undefined;

/** A whole response: the XML root element's name and its content (JSON has no root wrapper). */
export interface Representation {
  readonly root: string;
  readonly body: Node;
}

export function node(
  children: Readonly<Record<string, Child>>,
  attributes: Readonly<Record<string, Scalar>> = {},
): Node {
  return { kind: "node", attributes, children };
}

export function list(item: string, items: readonly Item[]): WrappedList {
  return { kind: "list", item, items };
}

export function repeated(items: readonly Item[]): RepeatedItems {
  return { kind: "repeated", items };
}

export function relatedList(item: string, ids: readonly string[]): RelatedList {
  return { kind: "related", item, ids };
}

export function formatted(json: Scalar, xml: string): FormattedValue {
  return { kind: "formatted", json, xml };
}

export function representation(root: string, children: Readonly<Record<string, Child>>): Representation {
  return { root, body: node(children) };
}
