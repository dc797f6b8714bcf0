import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { newUrn } from "../../../src/domain/shared/urn.js";
import {
  type Child,
  formatted,
  type Item,
  list,
  type Node,
  node,
  type Representation,
  relatedList,
  repeated,
  representation,
  type Scalar,
} from "../../../src/infrastructure/http/representations/document.js";
import { related } from "../../../src/infrastructure/http/representations/links.js";
import { serialize, toJson } from "../../../src/infrastructure/http/representations/serializer.js";

/*
 * The JSON writer writes the text straight from the tree (json-text.ts); these hold it to what
 * JSON.stringify writes of the tree's object, on trees of every kind of child, with names and
 * texts that need escaping or that objects order otherwise, and hold a related list to the list
 * of `related` nodes it stands for, in both formats.
 */

const text = fc.oneof(
  fc.string(),
  fc.string({ unit: "binary" }),
  fc.constantFrom('a "quoted" \\ name', "line\nbreak\u0000", "\ud800 lone", "&<>'\"", "2028\u2028"),
);
const name = fc.oneof(
  fc.string({ minLength: 1, maxLength: 8 }),
  fc.constantFrom("0", "7", "01", "4294967295", "__proto__", "id"),
);
const scalar: fc.Arbitrary<Scalar> = fc.oneof(
  text,
  fc.boolean(),
  fc.integer(),
  fc.double(),
  fc.constantFrom(Number.NaN, -0, Number.POSITIVE_INFINITY),
);
const urn = fc.constantFrom("BlockSnapshot", "Volume", "Task", "Unknown").map((type) => newUrn(type as "Volume"));
// Not a lone surrogate: an id's href escapes it (encodeURIComponent), which refuses one either way.
const id = fc.oneof(urn, fc.string(), fc.constantFrom('a "quoted" \\ id', "line\nbreak\u0000", "&<>'\"", "a/b?c"));

const { tree } = fc.letrec<{ tree: Node; child: Child; item: Item }>((tie) => ({
  tree: fc
    .tuple(fc.dictionary(name, tie("child"), { maxKeys: 5 }), fc.dictionary(name, scalar, { maxKeys: 2 }))
    .map(([children, attributes]) => node(children, attributes)),
  item: fc.oneof({ depthSize: "small" }, scalar, tie("tree") as fc.Arbitrary<Item>),
  child: fc.oneof(
    { depthSize: "small" },
    scalar,
    fc.constantFrom(null, undefined),
    fc.tuple(text, scalar).map(([xml, json]) => formatted(json, xml)),
    fc.array(id, { maxLength: 4 }).map((ids) => relatedList("item", ids)),
    fc.tuple(name, fc.array(tie("item"), { maxLength: 3 })).map(([item, items]) => list(item, items)),
    fc.array(tie("item"), { maxLength: 3 }).map((items) => repeated(items)),
    tie("tree"),
  ),
}));

const asRepresentation = (body: Node): Representation => ({ root: "root", body });

describe("the JSON writer", () => {
  it("writes what JSON.stringify writes of the tree's object", () => {
    fc.assert(
      fc.property(tree, (body) => {
        const written = serialize(asRepresentation(body), "json");
        expect(written).toBe(JSON.stringify(toJson(asRepresentation(body))));
      }),
      { numRuns: 500 },
    );
  });

  it("keeps an object's order where names are array indexes, __proto__ or both attribute and child", () => {
    const body = node({ b: 1, "2": "two", __proto__: "p", href: "child" }, { href: "attribute", "1": true });
    expect(serialize(asRepresentation(body), "json")).toBe(JSON.stringify(toJson(asRepresentation(body))));
  });
});

describe("a related list", () => {
  it("is written as the list of related nodes it stands for, in JSON and in XML", () => {
    fc.assert(
      fc.property(fc.array(id, { maxLength: 6 }), (ids) => {
        const compact = representation("session", { before: "x", linked_targets: relatedList("linked_target", ids) });
        const nodes = representation("session", {
          before: "x",
          linked_targets: list("linked_target", ids.map(related)),
        });
        expect(serialize(compact, "json")).toBe(serialize(nodes, "json"));
        expect(serialize(compact, "xml")).toBe(serialize(nodes, "xml"));
        expect(toJson(compact)).toEqual(toJson(nodes));
      }),
      { numRuns: 300 },
    );
  });

  it("writes an empty list as an empty array and an empty wrapper", () => {
    const empty = representation("session", { linked_targets: relatedList("linked_target", []) });
    expect(serialize(empty, "json")).toBe('{"linked_targets":[]}');
    expect(serialize(empty, "xml")).toContain("<session><linked_targets></linked_targets></session>");
  });
});
