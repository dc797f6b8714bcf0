/*
 * The description of a request body: its XML root element, and for each wire (snake_case)
 * element the draft (camelCase) property it fills. Decoders for both formats walk the same
 * description (../codecs/json-body-decoder.ts, ../codecs/xml-body-decoder.ts), so the wire
 * names of a request are written down once. Values are not checked here beyond their shape:
 * the handlers check them, in the contract's order.
 */

export type FieldSpec =
  /** A single value; the handler decides whether it is valid text. */
  | { readonly kind: "text"; readonly key: string }
  /** A number; JSON numbers and strings pass through, XML text must be numeric (or empty). */
  | { readonly kind: "integer"; readonly key: string }
  | { readonly kind: "object"; readonly key: string; readonly fields: Fields }
  /**
   * A list of items of one kind. JSON: an array under the element's name. XML: `wrapped`
   * (`<linked_targets><linked_target>…</linked_target></linked_targets>`, the item element's
   * name given), or the element itself repeated (`<id>…</id><id>…</id>`).
   */
  | { readonly kind: "list"; readonly key: string; readonly item: ItemSpec; readonly xmlItem: string | null };

/** What each item of a list is: a single value, or an object with its own fields. */
export type ItemSpec = { readonly kind: "text" } | { readonly kind: "object"; readonly fields: Fields };

export type Fields = Readonly<Record<string, FieldSpec>>;

/** `Draft` is the handler's draft type the decoded body is handed to the handler as. */
export interface RequestBody<Draft> {
  readonly root: string;
  readonly fields: Fields;
  /** Type-level only: the draft this body decodes to. */
  readonly draft?: Draft;
}

export function text(key: string): FieldSpec {
  return { kind: "text", key };
}

export function integer(key: string): FieldSpec {
  return { kind: "integer", key };
}

export function object(key: string, fields: Fields): FieldSpec {
  return { kind: "object", key, fields };
}

/** A wrapped list: `<wrapper><item>…</item>…</wrapper>` in XML. */
export function wrappedList(key: string, xmlItem: string, item: ItemSpec): FieldSpec {
  return { kind: "list", key, item, xmlItem };
}

/** An unwrapped list: the element repeated in XML. */
export function repeatedList(key: string, item: ItemSpec): FieldSpec {
  return { kind: "list", key, item, xmlItem: null };
}

export function requestBody<Draft>(root: string, fields: Fields): RequestBody<Draft> {
  return { root, fields };
}
