import { XMLParser } from "fast-xml-parser";

/*
 * What the XML of a representation must parse to, given its JSON, by the rules of
 * docs/api/conventions.md ("Formats and media types"): shared by the representation unit tests
 * and the HTTP tests of every endpoint.
 */

/** The wrapper → item names of lists inside objects (ViPR's models). */
const WRAPPED_LISTS: Readonly<Record<string, string>> = {
  linked_targets: "linked_target",
  associated_resources: "associated_resource",
  tags: "tag",
  protocols: "protocol",
  varrays: "varray",
  vdc_roles: "vdc_role",
  home_tenant_roles: "home_tenant_role",
  subtenant_roles: "subtenant",
  roles: "role",
  user_mappings: "user_mapping",
  attributes: "attribute",
  groups: "group",
  volumes: "volume",
};

/** Elements written otherwise in XML than in JSON: a time, epoch ms in JSON, an xs:dateTime in XML. */
const XML_FORMS: Readonly<Record<string, (json: unknown) => string>> = {
  queuedStartTime: (json) => new Date(Number(json)).toISOString().replace(".000Z", "Z"),
};

/** Every element an array, attributes as plain keys, values as text. */
export const xmlParser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: "",
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  ignoreDeclaration: true,
  isArray: (_name, _path, _leaf, isAttribute) => !isAttribute,
});

/** Keeps the order of elements: each element `{name: children}`, attributes under `:@`. */
export const orderedXmlParser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: "",
  parseTagValue: false,
  ignoreDeclaration: true,
  preserveOrder: true,
});

/**
 * What parsing the XML of a JSON document must give, by the conventions' rules alone: every
 * element an array (the parser's `isArray`), an array under a wrapper name becomes
 * `<wrapper><item/>…</wrapper>`, any other array repeated elements, a link's `rel` and `href`
 * attributes (ViPR's `<link rel="self" href="…"/>`), values text.
 */
export function expectedXmlShape(value: unknown): unknown {
  if (typeof value !== "object" || value === null) return String(value);
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length === 0) return "";
  const shaped: Record<string, unknown> = {};
  for (const [name, member] of entries) {
    if (Array.isArray(member)) {
      const item = WRAPPED_LISTS[name];
      if (item === undefined) {
        if (member.length > 0) shaped[name] = member.map(expectedXmlShape);
      } else {
        shaped[name] = [member.length === 0 ? "" : { [item]: member.map(expectedXmlShape) }];
      }
    } else if (name === "link") {
      shaped[name] = [member];
    } else if (XML_FORMS[name] !== undefined) {
      shaped[name] = [XML_FORMS[name](member)];
    } else {
      shaped[name] = [expectedXmlShape(member)];
    }
  }
  return Object.keys(shaped).length === 0 ? "" : shaped;
}

/**
 * The value with every object turned into its list of `[name, value]` entries, so that an
 * equality check also compares the order of keys (JSON) and of elements (XML).
 */
export function inOrder(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(inOrder);
  if (typeof value !== "object" || value === null) return value;
  return Object.entries(value).map(([name, member]) => [name, inOrder(member)]);
}
