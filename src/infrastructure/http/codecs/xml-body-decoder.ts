import { XMLParser, XMLValidator } from "fast-xml-parser";
import { ServiceCode } from "../../../domain/shared/service-code.js";
import { ServiceError } from "../../../domain/shared/service-error.js";
import type { FieldSpec, Fields, ItemSpec, RequestBody } from "../requests/request-body.js";
import { javaTrim, validateObject } from "./input-validation.js";
import { isJavaUri } from "./java-uri.js";
import { isStorableText } from "./storable-text.js";

const ATTRIBUTE = "@_";
const XSI_NAMESPACE = "http://www.w3.org/2001/XMLSchema-instance";

/**
 * Every element is parsed to an object (its text under `#text`, as written, its children as
 * arrays) that carries where it starts in the text, so that a refusal can name the line and
 * column. Of the attributes only namespace declarations and `nil` are kept: `xsi:nil="true"`
 * is XML's null. Values are read as the real controller's XML reader (JAXB) reads them into
 * its request types (docs/api/snapshot-sessions.md, "Request bodies").
 */
const parser = new XMLParser({
  ignoreAttributes: (name) => !(name.startsWith("xmlns:") || name.endsWith(":nil")),
  attributeNamePrefix: ATTRIBUTE,
  ignoreDeclaration: true,
  ignorePiTags: true,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  alwaysCreateTextNode: true,
  captureMetaData: true,
  isArray: (_name, _path, _isLeaf, isAttribute) => !isAttribute,
});
const META = XMLParser.getMetaDataSymbol() as unknown as symbol;
const TEXT = "#text";
const INTEGER = /^[-+]?\d+$/;
const JAVA_INT_MIN = -2_147_483_648;
const JAVA_INT_MAX = 2_147_483_647;

type XmlElement = Record<string, unknown> & { [META]?: { startIndex?: number } };

/** Malformed XML (NUL is no XML character), an unknown element or a value not of its type: 400/1008 with the position. */
function invalidInput(line: number, column: number): ServiceError {
  return ServiceError.of(ServiceCode.PARAMETER_INVALID, "Invalid input at line {0}, column {1}", line, column);
}

/** Decodes an XML body whose root element the description names into the draft. */
export function decodeXmlBody(text: string, body: RequestBody<unknown>): Record<string, unknown> {
  const { root, fields } = body;
  const validation = XMLValidator.validate(text);
  if (validation !== true) throw invalidInput(validation.err.line, validation.err.col);
  let document: Record<string, XmlElement[]>;
  try {
    document = parser.parse(text);
  } catch {
    throw invalidInput(1, 1);
  }
  const refuse = (element: XmlElement | undefined): ServiceError => {
    const [line, column] = positionOf(text, element?.[META]?.startIndex ?? 0);
    return invalidInput(line, column);
  };

  const rootElement = single(document[root], refuse);
  if (rootElement === undefined) throw refuse(firstChild(document));
  if (Object.keys(document).length !== 1) throw refuse(firstChild(document, root));
  const walk = { refuse, xsiPrefixes: new Set<string>(), validated: body.validated };
  return decodeElement(rootElement, fields, enter(rootElement, walk));
}

interface Walk {
  readonly refuse: (element: XmlElement | undefined) => ServiceError;
  /** Whether the real controller's input validator runs on every object as its element ends. */
  readonly validated: boolean;
  /** The prefixes bound to the XML Schema instance namespace where the walk is. */
  readonly xsiPrefixes: ReadonlySet<string>;
}

/** The walk inside `element`, with the XML Schema instance prefixes it declares. */
function enter(element: XmlElement, walk: Walk): Walk {
  const declared = Object.keys(element).filter(
    (key) => key.startsWith(`${ATTRIBUTE}xmlns:`) && element[key] === XSI_NAMESPACE,
  );
  if (declared.length === 0) return walk;
  const prefixes = new Set(walk.xsiPrefixes);
  for (const key of declared) prefixes.add(key.slice(`${ATTRIBUTE}xmlns:`.length));
  return { ...walk, xsiPrefixes: prefixes };
}

/** Whether an element says it is null (`xsi:nil="true"`); such an element must be empty. */
function isNil(element: XmlElement, walk: Walk): boolean {
  const nil = [...walk.xsiPrefixes].some((prefix) => {
    const value = element[`${ATTRIBUTE}${prefix}:nil`];
    return typeof value === "string" && ["true", "1"].includes(value.trim());
  });
  if (nil && (firstChild(element, TEXT) !== undefined || String(element[TEXT] ?? "").trim() !== "")) {
    throw walk.refuse(element);
  }
  return nil;
}

/** The fields of an element the walk has entered, validated (when the body is) once they are all read. */
function decodeElement(element: XmlElement, fields: Fields, walk: Walk): Record<string, unknown> {
  const draft: Record<string, unknown> = {};
  for (const [name, occurrences] of Object.entries(element)) {
    if (name === TEXT || name.startsWith(ATTRIBUTE)) continue;
    const spec = Object.hasOwn(fields, name) ? fields[name] : undefined;
    const elements = occurrences as XmlElement[];
    if (spec?.kind === "list" && spec.xmlItem === null) {
      draft[spec.key] = elements.map((element) => decodeItem(element, spec.item, walk));
      continue;
    }
    const child = single(elements, walk.refuse);
    if (spec === undefined || child === undefined) throw walk.refuse(child ?? elements[0]);
    draft[spec.key] = decodeValue(child, spec, walk);
  }
  if (walk.validated) validateObject(draft, fields);
  return draft;
}

function decodeValue(element: XmlElement, spec: FieldSpec, outer: Walk): unknown {
  const walk = enter(element, outer);
  if (isNil(element, walk)) return null;
  if (spec.kind === "object") return decodeElement(element, spec.fields, walk);
  if (spec.kind === "list") return decodeWrapped(element, spec.xmlItem ?? "", spec.item, walk);
  const value = leafText(element, walk);
  switch (spec.kind) {
    case "text":
      if (value === "" && spec.xmlDefault !== undefined) return spec.xmlDefault;
      return walk.validated ? value : value.trim();
    case "integer":
      return javaInteger(value, () => walk.refuse(element));
    case "boolean":
      return javaBoolean(value, spec.xmlDefault ?? null, () => walk.refuse(element));
    case "uri":
      return javaUri(value, () => walk.refuse(element));
  }
}

/** A leaf element's text as written: refused when it holds elements or text no value may hold. */
function leafText(element: XmlElement, walk: Walk): string {
  const nested = firstChild(element, TEXT);
  if (nested !== undefined) throw walk.refuse(nested);
  const value = String(element[TEXT] ?? "");
  if (!isStorableText(value)) throw walk.refuse(element);
  return value;
}

/**
 * A whole number: digits with an optional sign, around them whitespace; none at all is no
 * value. One outside a Java int is refused (docs/deviations.md: the real controller's reader
 * wraps it around instead).
 */
function javaInteger(value: string, refuse: () => ServiceError): number | null {
  const text = javaTrim(value);
  if (text === "") return null;
  if (!INTEGER.test(text)) throw refuse();
  const number = Number(text);
  if (number < JAVA_INT_MIN || number > JAVA_INT_MAX) throw refuse();
  return number;
}

/** An XML Schema boolean (`true`, `false`, `1`, `0`); an empty element is the field's default, or no value. */
function javaBoolean(value: string, empty: boolean | null, refuse: () => ServiceError): boolean | null {
  const text = javaTrim(value);
  if (text === "") return empty;
  if (text === "true" || text === "1") return true;
  if (text === "false" || text === "0") return false;
  throw refuse();
}

/** A URI, trimmed: refused when java.net.URI would refuse it. */
function javaUri(value: string, refuse: () => ServiceError): string {
  const text = javaTrim(value);
  if (!isJavaUri(text)) throw refuse();
  return text;
}

/** `<wrapper><item>…</item>…</wrapper>`: only item elements inside; an empty wrapper is an empty list. */
function decodeWrapped(wrapper: XmlElement, itemName: string, item: ItemSpec, walk: Walk): unknown[] {
  const stray = firstChild(wrapper, TEXT, itemName);
  if (stray !== undefined) throw walk.refuse(stray);
  if (String(wrapper[TEXT] ?? "").trim() !== "") throw walk.refuse(wrapper);
  const items = (wrapper[itemName] as XmlElement[] | undefined) ?? [];
  return items.map((element) => decodeItem(element, item, walk));
}

function decodeItem(element: XmlElement, item: ItemSpec, outer: Walk): unknown {
  const walk = enter(element, outer);
  if (isNil(element, walk)) return null;
  if (item.kind === "object") return decodeElement(element, item.fields, walk);
  const value = leafText(element, walk);
  return item.kind === "uri" ? javaUri(value, () => walk.refuse(element)) : value.trim();
}

/** The one occurrence of an element; a repeated element is refused at its second occurrence. */
function single(
  occurrences: XmlElement[] | undefined,
  refuse: (element: XmlElement | undefined) => ServiceError,
): XmlElement | undefined {
  if (occurrences === undefined) return undefined;
  if (occurrences.length > 1) throw refuse(occurrences[1]);
  return occurrences[0];
}

/** The first child element, attributes aside. */
function firstChild(element: Record<string, unknown>, ...except: string[]): XmlElement | undefined {
  const name = Object.keys(element).find((key) => !except.includes(key) && !key.startsWith(ATTRIBUTE));
  return name === undefined ? undefined : (element[name] as XmlElement[])[0];
}

/** 1-based line and column of a character offset. */
function positionOf(text: string, index: number): [number, number] {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < index && i < text.length; i++) {
    if (text[i] === "\n") {
      line++;
      lineStart = i + 1;
    }
  }
  return [line, index - lineStart + 1];
}
