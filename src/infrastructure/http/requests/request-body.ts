/*
 * The description of a request body: its XML root element, and for each wire (snake_case)
 * element the draft (camelCase) property it fills. Decoders for both formats walk the same
 * description (../codecs/json-body-decoder.ts, ../codecs/xml-body-decoder.ts), so the wire
 * names of a request are written down once. Each value is read into the type the real
 * controller reads it into (a text, a whole number, a boolean, a URI), and a value that is not
 * of its type is refused by the decoder, as the real controller's JSON and XML readers refuse
 * it; what the values mean is for the handlers to check.
 */

interface Field {
  readonly key: string;
  /** The element must be present (ViPR's validator: 400/1005 when it is missing or null). */
  readonly required?: boolean;
}

export type FieldSpec =
  /** Text. JSON numbers and booleans are read as their text. */
  | (Field & {
      readonly kind: "text";
      /** What an empty XML element (`<copy_mode/>`) reads as, when not as the empty text. */
      readonly xmlDefault?: string;
    })
  /** A whole number within a Java int: a JSON number or numeric string, XML digits. */
  | (Field & { readonly kind: "integer" })
  /** A boolean: JSON `true`/`false`, a whole number or `"true"`/`"false"`; XML `true`/`false`/`1`/`0`. */
  | (Field & { readonly kind: "boolean"; readonly xmlDefault?: boolean })
  /** A URI (a body's resource id): text a java.net.URI accepts, trimmed. */
  | (Field & { readonly kind: "uri" })
  | (Field & { readonly kind: "object"; readonly fields: Fields })
  /**
   * A list of items of one kind. JSON: an array under the element's name. XML: `wrapped`
   * (`<linked_targets><linked_target>…</linked_target></linked_targets>`, the item element's
   * name given), or the element itself repeated (`<id>…</id><id>…</id>`).
   */
  | (Field & { readonly kind: "list"; readonly item: ItemSpec; readonly xmlItem: string | null });

/** What each item of a list is: a single value, or an object with its own fields. */
export type ItemSpec =
  | { readonly kind: "text" }
  | { readonly kind: "uri" }
  | { readonly kind: "object"; readonly fields: Fields };

export type Fields = Readonly<Record<string, FieldSpec>>;

/** `Draft` is the handler's draft type the decoded body is handed to the handler as. */
export interface RequestBody<Draft> {
  readonly root: string;
  readonly fields: Fields;
  /**
   * Whether the real controller's input validator is applied, as it is to its own request
   * types: a `required` element that is missing or null, or a text that is empty or only
   * whitespace, is 400/1005 naming the element (a wrapped list by its item element), and texts
   * are trimmed. It runs on the root object of a JSON body only, and on every object of an XML
   * body as its element ends, visiting an object's fields in the order they are declared here.
   */
  readonly validated: boolean;
  /** Type-level only: the draft this body decodes to. */
  readonly draft?: Draft;
}

type Options<F> = Omit<F, "kind" | "key">;

export function text(key: string, options: Options<Extract<FieldSpec, { kind: "text" }>> = {}): FieldSpec {
  return { kind: "text", key, ...options };
}

export function integer(key: string, options: Options<Extract<FieldSpec, { kind: "integer" }>> = {}): FieldSpec {
  return { kind: "integer", key, ...options };
}

export function boolean(key: string, options: Options<Extract<FieldSpec, { kind: "boolean" }>> = {}): FieldSpec {
  return { kind: "boolean", key, ...options };
}

export function uri(key: string, options: Options<Extract<FieldSpec, { kind: "uri" }>> = {}): FieldSpec {
  return { kind: "uri", key, ...options };
}

export function object(key: string, fields: Fields, options: { required?: boolean } = {}): FieldSpec {
  return { kind: "object", key, fields, ...options };
}

/** A wrapped list: `<wrapper><item>…</item>…</wrapper>` in XML. */
export function wrappedList(
  key: string,
  xmlItem: string,
  item: ItemSpec,
  options: { required?: boolean } = {},
): FieldSpec {
  return { kind: "list", key, item, xmlItem, ...options };
}

/** An unwrapped list: the element repeated in XML. */
export function repeatedList(key: string, item: ItemSpec): FieldSpec {
  return { kind: "list", key, item, xmlItem: null };
}

export function requestBody<Draft>(
  root: string,
  fields: Fields,
  options: { validated?: boolean } = {},
): RequestBody<Draft> {
  return { root, fields, validated: options.validated ?? false };
}

/** The name ViPR's validator gives a field in its 1005: a wrapped list's item element, else the element. */
export function validationName(wireName: string, spec: FieldSpec): string {
  return spec.kind === "list" && spec.xmlItem !== null ? spec.xmlItem : wireName;
}
