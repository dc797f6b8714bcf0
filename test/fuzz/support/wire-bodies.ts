import fc from "fast-check";

/*
 * Request bodies as the suite generates them: a JSON-like model rendered in either wire format,
 * then possibly mutated, decorated or replaced by garbage. A model is built of plain JSON values;
 * `JsonNumberText` carries a number literal JSON.stringify would not write (`1e400`, `-0`, `2.0`).
 */

export class JsonNumberText {
  constructor(readonly text: string) {}
}

export type Model =
  | string
  | number
  | boolean
  | null
  | JsonNumberText
  | readonly Model[]
  | { readonly [key: string]: Model };

export type WireFormat = "json" | "xml";

/** Replaced, at send time, by a suffix no earlier request used: names meant to be fresh carry it. */
export const UNIQUE = "@@U@@";

/** XML item element names of the wrapped lists (docs/api/snapshot-sessions.md, "Request bodies"). */
const XML_ITEMS: Readonly<Record<string, string>> = { ids: "id", linked_targets: "linked_target", volumes: "volume" };

function isObject(value: Model): value is { readonly [key: string]: Model } {
  return typeof value === "object" && value !== null && !Array.isArray(value) && !(value instanceof JsonNumberText);
}

export function renderJson(model: Model): string {
  if (model instanceof JsonNumberText) return model.text;
  if (Array.isArray(model)) return `[${model.map(renderJson).join(",")}]`;
  if (isObject(model)) {
    return `{${Object.entries(model)
      .map(([key, value]) => `${JSON.stringify(key)}:${renderJson(value)}`)
      .join(",")}}`;
  }
  return JSON.stringify(model);
}

function escapeXml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

const XSI_DECLARATION = 'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"';

/** A null is `xsi:nil` (the root declares its namespace); an empty element is the empty string's. */
function xmlChild(name: string, value: Model): string {
  if (value === null) return `<${name} xsi:nil="true"/>`;
  if (Array.isArray(value)) {
    const item = XML_ITEMS[name];
    return item === undefined
      ? value.map((each) => xmlChild(name, each)).join("")
      : `<${name}>${value.map((each) => xmlChild(item, each)).join("")}</${name}>`;
  }
  if (isObject(value)) {
    return `<${name}>${Object.entries(value)
      .map(([key, child]) => xmlChild(key, child))
      .join("")}</${name}>`;
  }
  const text = value instanceof JsonNumberText ? value.text : String(value);
  return `<${name}>${escapeXml(text)}</${name}>`;
}

/** `<root>…</root>`; a model that is not an object becomes the root's text (or repeated roots). */
export function renderXml(root: string, model: Model): string {
  return xmlChild(root, model).replace(new RegExp(`^<${root}(?=[ />])`), `<${root} ${XSI_DECLARATION}`);
}

export function render(format: WireFormat, root: string, model: Model): string {
  return format === "json" ? renderJson(model) : renderXml(root, model);
}

/** The paths of every member of the model's objects, and of every array item. */
export function pathsOf(model: Model, prefix: readonly (string | number)[] = []): (string | number)[][] {
  const paths: (string | number)[][] = [];
  if (Array.isArray(model)) {
    model.forEach((item, index) => {
      paths.push([...prefix, index]);
      paths.push(...pathsOf(item, [...prefix, index]));
    });
  } else if (isObject(model)) {
    for (const [key, value] of Object.entries(model)) {
      paths.push([...prefix, key]);
      paths.push(...pathsOf(value, [...prefix, key]));
    }
  }
  return paths;
}

/** The model with the value at `path` replaced (`undefined` removes it). */
export function updateAt(
  model: Model,
  path: readonly (string | number)[],
  update: (value: Model) => Model | undefined,
): Model {
  const [head, ...rest] = path;
  if (head === undefined) return update(model) ?? null;
  if (Array.isArray(model) && typeof head === "number") {
    const copy = [...model];
    const next = rest.length === 0 ? update(copy[head] as Model) : updateAt(copy[head] as Model, rest, update);
    if (next === undefined) copy.splice(head, 1);
    else copy[head] = next;
    return copy;
  }
  if (isObject(model) && typeof head === "string") {
    const copy: Record<string, Model> = { ...model };
    const next = rest.length === 0 ? update(copy[head] as Model) : updateAt(copy[head] as Model, rest, update);
    if (next === undefined) delete copy[head];
    else copy[head] = next;
    return copy;
  }
  return model;
}

export function valueAt(model: Model, path: readonly (string | number)[]): Model | undefined {
  let value: Model | undefined = model;
  for (const step of path) {
    if (value === undefined || value === null || typeof value !== "object" || value instanceof JsonNumberText)
      return undefined;
    value = (value as Record<string | number, Model>)[step];
  }
  return value;
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: generated text may hold any of them
const CONTROL = /[\u0000-\u001f\u007f]/;

const controlCharacters = fc
  .array(fc.integer({ min: 0, max: 31 }), { minLength: 1, maxLength: 4 })
  .map((codes) => `n${String.fromCharCode(...codes)}m`);

const urnTypes = ["Volume", "BlockSnapshot", "BlockSnapshotSession", "Task", "Project", "TenantOrg", "Unknown"];

/** URNs of any type, malformed ones, and the world's own ids. */
export function urns(known: readonly string[]): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...known) },
    fc
      .tuple(fc.constantFrom(...urnTypes), fc.uuid(), fc.constantFrom("vdc1", "global"))
      .map(([type, uuid, vdc]) => `urn:storageos:${type}:${uuid}:${vdc}`),
    fc.constantFrom(
      "urn:storageos:BlockSnapshot:not-a-uuid:vdc1",
      "urn:storageos:BlockSnapshot::vdc1",
      "urn:storageos:BlockSnapshot:00000000-0000-0000-0000-000000000000",
      "URN:STORAGEOS:BlockSnapshot:00000000-0000-0000-0000-000000000000:vdc1",
      "urn:storageos:BlockSnapshot:00000000-0000-0000-0000-000000000000:vdc1 ",
      "urn:storageos:Block Snapshot:00000000-0000-0000-0000-000000000000:vdc1",
      "not a urn",
      "",
      " ",
    ),
    known.length > 0
      ? fc.constantFrom(...known).map((id) => `${id}\u0000`)
      : fc.constant("urn:storageos:BlockSnapshot:\u0000:vdc1"),
  );
}

/** Values that are almost, or not at all, what a field expects. */
export function oddValues(known: readonly string[]): fc.Arbitrary<Model> {
  const numbersAsText = fc.oneof(
    fc.integer({ min: -5, max: 5 }).map(String),
    fc.constantFrom(
      " 2 ",
      "+2",
      "-1",
      "2.0",
      "2.5",
      "1e3",
      "0x10",
      "0b1",
      "٣",
      "２",
      "2147483647",
      "2147483648",
      "-2147483649",
      "99999999999999999999999",
      "NaN",
      "Infinity",
      "two",
      "",
      " ",
      "1,024",
      "1_000",
      "0002",
      "2\n",
    ),
  );
  const numbers = fc.oneof(
    fc.integer({ min: -3, max: 70 }),
    fc.constantFrom(
      0,
      -0,
      1024,
      1025,
      2 ** 31 - 1,
      2 ** 31,
      -(2 ** 31) - 1,
      2 ** 53,
      Number.MAX_VALUE,
      1e21,
      0.5,
      -1.5,
      2.0000001,
    ),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc
      .constantFrom("1e400", "-1e400", "-0", "2.0", "2E0", "1e-400", "123456789012345678901234567890")
      .map((text) => new JsonNumberText(text)),
  );
  const texts = fc.oneof(
    fc.string({ maxLength: 40 }),
    fc.string({ unit: "grapheme", maxLength: 40 }),
    fc.string({ unit: "binary", maxLength: 20 }),
    fc.string({ minLength: 60, maxLength: 4000 }),
    fc.constantFrom(
      "x".repeat(31),
      "x".repeat(32),
      "x".repeat(61),
      "x".repeat(62),
      "x".repeat(64),
      "x".repeat(100_000),
    ),
    fc.constantFrom("copy", "nocopy", "COPY", "Copy", " copy", "true", "false", "1", "0", "null", "{}", "<a/>"),
    fc.constantFrom("名前", "sníðmynd", "😀😀", "\u202eabc", "a\u0301", "\ud800", "\udfff", "\uFEFF", "\uFFFE"),
    controlCharacters,
    fc.constantFrom("a\u0000b", "\u0000", "\ud800", "x\udfffy", "\udbff\udbff", "\u0000\ud800"),
    urns(known),
  );
  return fc.oneof(
    { weight: 3, arbitrary: numbersAsText },
    { weight: 3, arbitrary: numbers },
    { weight: 4, arbitrary: texts },
    fc.constantFrom<Model>(null, true, false, [], {}, [null], [1, 2], { count: 1 }, [{ id: known[0] ?? "x" }]),
  );
}

/** A model changed in one to three places: a value replaced, a member removed, a stranger added, a value put in an array. */
export function mutated(valid: fc.Arbitrary<Model>, known: readonly string[]): fc.Arbitrary<Model> {
  const mutation = fc.record({
    kind: fc.constantFrom("replace", "replace", "replace", "remove", "add", "wrap", "null"),
    at: fc.nat(),
    value: oddValues(known),
    key: fc.oneof(
      fc.constantFrom(
        "unknown",
        "Count",
        "COUNT",
        "target-name",
        "__proto__",
        "constructor",
        "new_linked_targets",
        "id",
        "ids",
        "type",
      ),
      fc.string({ minLength: 1, maxLength: 10 }).filter((key) => !CONTROL.test(key)),
    ),
  });
  return fc.tuple(valid, fc.array(mutation, { minLength: 1, maxLength: 3 })).map(([model, mutations]) => {
    let result = model;
    for (const { kind, at, value, key } of mutations) {
      const paths = pathsOf(result);
      const path = paths.length === 0 ? [] : (paths[at % paths.length] as (string | number)[]);
      if (kind === "replace") result = updateAt(result, path, () => value);
      else if (kind === "remove") result = updateAt(result, path, () => undefined);
      else if (kind === "null") result = updateAt(result, path, () => null);
      else if (kind === "wrap") result = updateAt(result, path, (old) => [old]);
      else {
        const parent = path.slice(0, -1);
        result = updateAt(result, parent, (old) => (isObject(old) ? { ...old, [key]: value } : old));
      }
    }
    return result;
  });
}

/** Well-formed text of the same content, written differently: whitespace, a BOM, an XML declaration, comments. */
export function decorated(format: WireFormat, text: string, style: number): string {
  const bom = style % 5 === 4 ? "\uFEFF" : "";
  if (format === "json") {
    const pretty = style % 2 === 1 ? JSON.stringify(JSON.parse(text), null, 2) : text;
    return `${bom}${style % 3 === 2 ? "\n  " : ""}${pretty}${style % 3 === 1 ? "\n" : ""}`;
  }
  const declaration = style % 2 === 1 ? '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' : "";
  const comment = style % 3 === 2 ? "<!-- a client's comment -->" : "";
  return `${bom}${declaration}${comment}${text}${style % 3 === 1 ? "\n" : ""}`;
}

/** Text that is no request body of this endpoint at all. */
export function garbage(format: WireFormat, root: string, validText: fc.Arbitrary<string>): fc.Arbitrary<string> {
  const truncated = fc
    .tuple(validText, fc.nat())
    .map(([text, at]) => text.slice(0, text.length <= 1 ? 0 : 1 + (at % (text.length - 1))));
  const deepJson = fc
    .integer({ min: 1, max: 100_000 })
    .chain((depth) =>
      fc.constantFrom(
        "[".repeat(depth),
        `${"[".repeat(depth)}${"]".repeat(depth)}`,
        `${'{"new_linked_targets":'.repeat(Math.min(depth, 40_000))}1${"}".repeat(Math.min(depth, 40_000))}`,
        `{"ids":${"[".repeat(depth)}${"]".repeat(depth)}}`,
      ),
    );
  const deepXml = fc
    .integer({ min: 1, max: 20_000 })
    .chain((depth) =>
      fc.constantFrom(
        `<${root}>${"<a>".repeat(depth)}${"</a>".repeat(depth)}</${root}>`,
        `<${root}>${"<new_linked_targets>".repeat(Math.min(depth, 40_000))}${"</new_linked_targets>".repeat(Math.min(depth, 40_000))}</${root}>`,
        "<a>".repeat(depth),
      ),
    );
  const entities = fc.constantFrom(
    `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;"><!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;"><!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;"><!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;"><!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;"><!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;"><!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;"><!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">]><${root}><new_linked_targets><count>1</count><target_name>&lol9;</target_name></new_linked_targets><name>&lol9;</name><ids><id>&lol9;</id></ids></${root}>`,
    `<?xml version="1.0"?><!DOCTYPE r [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><${root}><name>&xxe;</name><new_linked_targets><count>1</count><target_name>&xxe;</target_name></new_linked_targets></${root}>`,
    `<!DOCTYPE ${root} [<!ENTITY n "2">]><${root}><new_linked_targets><count>&n;</count><target_name>e${UNIQUE}</target_name></new_linked_targets><name>e${UNIQUE}</name></${root}>`,
    `<${root}><name>&amp;&lt;&gt;&quot;&apos;&#65;&#x42;&#0;&#xD800;&#1114112;&unknown;</name></${root}>`,
    `<${root}><new_linked_targets><count>&#50;</count><target_name>x&#0;</target_name></new_linked_targets></${root}>`,
    `<${root}><name><![CDATA[cd${UNIQUE}]]></name><new_linked_targets><count><![CDATA[1]]></count><target_name>c${UNIQUE}</target_name></new_linked_targets></${root}>`,
    `<${root} xmlns="http://example.com/ns" xmlns:x="urn:x"><x:name>n</x:name></${root}>`,
    `<${root}><?pi target?><name a="1" b='2'>p${UNIQUE}</name></${root}>`,
    `<${root}/>`,
    `<${root}></${root}><${root}></${root}>`,
    `<${root}>`,
    `</${root}>`,
    `<${root}><count>1</count></${root}>`,
    `<other_root><name>x</name></other_root>`,
    `<${root}><ids><id>a</id><x>b</x></ids><linked_targets>text<linked_target/></linked_targets></${root}>`,
  );
  const jsonOddities = fc.constantFrom(
    "null",
    "[]",
    '"text"',
    "42",
    "true",
    "{}",
    '{"a":1,}',
    "{'a':1}",
    '{"count":1}/*c*/',
    '{"name":"x"}{}',
    '{"name":"a","name":"b"}',
    `{"new_linked_targets":{"count":1,"count":2,"target_name":"d${UNIQUE}"}}`,
    '{"__proto__":{"count":1}}',
    '{"constructor":{"prototype":{}}}',
    "\u0000",
    '{"name":"\\ud800"}',
    '{"name":"\\u0000"}',
    "NaN",
    '{"new_linked_targets":{"count":NaN}}',
    '{"new_linked_targets":{"count":0x10}}',
  );
  const anything = fc.oneof(fc.string({ maxLength: 200 }), fc.string({ unit: "binary", maxLength: 200 }));
  const arbitraries: fc.Arbitrary<string>[] =
    format === "json" ? [truncated, deepJson, jsonOddities, anything] : [truncated, deepXml, entities, anything];
  return fc.oneof(...arbitraries);
}

/**
 * The format an `Accept` header asks for (docs/api/conventions.md, "Formats and media types"),
 * or undefined when it takes neither (406): of the ranges that take XML or JSON, the best by
 * quality, then the most specific, then the first listed; a wildcard takes XML. No header is XML.
 */
export function requestedFormat(accept: string | undefined): WireFormat | undefined {
  if (accept === undefined || accept.trim() === "") return "xml";
  let best: { format: WireFormat; quality: number; specific: number } | undefined;
  for (const entry of accept.split(",")) {
    const [range = "", ...parameters] = entry.split(";");
    const type = range.trim().toLowerCase();
    const q = parameters.map((p) => p.trim().toLowerCase()).find((p) => p.startsWith("q="));
    const quality = q === undefined ? 1 : Number(q.slice(2));
    let candidate: { format: WireFormat; specific: number } | undefined;
    if (type === "application/json") candidate = { format: "json", specific: 2 };
    else if (type === "application/xml") candidate = { format: "xml", specific: 2 };
    else if (type === "application/*") candidate = { format: "xml", specific: 1 };
    else if (type === "*/*" || type === "*") candidate = { format: "xml", specific: 0 };
    if (candidate === undefined || !(quality > 0)) continue;
    if (
      best === undefined ||
      quality > best.quality ||
      (quality === best.quality && candidate.specific > best.specific)
    ) {
      best = { ...candidate, quality };
    }
  }
  return best?.format;
}
