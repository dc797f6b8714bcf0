import type {
  Child,
  FormattedValue,
  Item,
  Node,
  RelatedList,
  RepeatedItems,
  Representation,
  WrappedList,
} from "../representations/document.js";
import { relatedNodes } from "../representations/links.js";
import type { Schema } from "./schema.js";

/*
 * The OpenAPI schema of a representation, read from representations the app's own functions
 * built (from sample views): the same trees the serializer writes, so the schema follows the
 * code. Several samples are merged: a property is listed when any sample has it, and
 * required when every sample has it (null children are left out of both formats). One schema
 * serves both formats: its `xml` annotations name the root, the attributes, and the wrapper and
 * item elements of lists.
 */

export function representationSchema(samples: readonly Representation[]): Schema {
  const [first] = samples;
  if (first === undefined) throw new Error("a representation schema needs at least one sample");
  return { ...nodeSchema(samples.map((sample) => sample.body)), xml: { name: first.root } };
}

function nodeSchema(nodes: readonly Node[]): Schema {
  const names = [...new Set(nodes.flatMap((node) => Object.keys(node.attributes)))];
  const properties: Record<string, Schema> = {};
  const required: string[] = [];
  for (const name of names) {
    const values = nodes.map((node) => node.attributes[name]).filter((value) => value !== undefined);
    properties[name] = { ...scalarSchema(values), xml: { attribute: true } };
    if (values.length === nodes.length) required.push(name);
  }
  for (const name of [...new Set(nodes.flatMap((node) => Object.keys(node.children)))]) {
    const values = nodes
      .map((node) => node.children[name])
      .filter((value) => value !== null && value !== undefined)
      .map((value) => (isRelatedList(value) ? relatedNodes(value) : value));
    if (values.length === 0) continue;
    properties[name] = valuesSchema(values, name);
    if (values.length === nodes.length) required.push(name);
  }
  return required.length > 0 ? { type: "object", properties, required } : { type: "object", properties };
}

/** The schema of the values one child name takes across the samples (all of one kind). */
function valuesSchema(values: readonly NonNullable<Child>[], name: string): Schema {
  const nodes = values.filter(isNode);
  if (nodes.length > 0) return nodeSchema(nodes);
  const formattedValues = values.filter(isFormatted);
  if (formattedValues.length > 0) {
    const example = formattedValues[0] as FormattedValue;
    return {
      ...scalarSchema(formattedValues.map((value) => value.json)),
      description: `In XML written otherwise than in JSON, e.g. ${example.xml} for ${example.json}.`,
    };
  }
  const lists = values.filter(isList);
  if (lists.length === 0) return scalarSchema(values);
  const items = itemsSchema(lists.flatMap((list) => list.items));
  const wrapped = lists.find((list): list is WrappedList => list.kind === "list");
  if (wrapped === undefined) return { type: "array", items: { ...items, xml: { name } } };
  return { type: "array", xml: { name, wrapped: true }, items: { ...items, xml: { name: wrapped.item } } };
}

/** An always-empty list (ViPR's `tags`) is documented as a list of strings. */
function itemsSchema(items: readonly Item[]): Schema {
  return items.length === 0 ? { type: "string" } : valuesSchema(items, "");
}

function isNode(value: NonNullable<Child>): value is Node {
  return typeof value === "object" && value.kind === "node";
}

function isList(value: NonNullable<Child>): value is WrappedList | RepeatedItems {
  return typeof value === "object" && (value.kind === "list" || value.kind === "repeated");
}

function isRelatedList(value: NonNullable<Child>): value is RelatedList {
  return typeof value === "object" && value.kind === "related";
}

function isFormatted(value: NonNullable<Child>): value is FormattedValue {
  return typeof value === "object" && value.kind === "formatted";
}

function scalarSchema(values: readonly unknown[]): Schema {
  const types = new Set(values.map(scalarType));
  if (types.has("number")) types.delete("integer");
  const [type] = types;
  return { type: type ?? "string" };
}

function scalarType(value: unknown): string {
  if (typeof value === "number") return Number.isInteger(value) ? "integer" : "number";
  return typeof value;
}

/**
 * The schema of plain JSON values (the `/sim` API answers JSON only), merged like
 * representations; JSON.stringify keeps nulls, so a property some sample has as null is nullable.
 */
export function jsonValueSchema(samples: readonly unknown[]): Schema {
  const present = samples.filter((value) => value !== null && value !== undefined);
  const objects = present.filter(
    (value): value is Record<string, unknown> => typeof value === "object" && !Array.isArray(value),
  );
  if (objects.length > 0) {
    const names = [...new Set(objects.flatMap((object) => Object.keys(object)))];
    const properties: Record<string, Schema> = {};
    const required: string[] = [];
    for (const name of names) {
      const values = objects.filter((object) => object[name] !== undefined).map((object) => object[name]);
      const schema = jsonValueSchema(values);
      properties[name] = values.includes(null) && schema.type !== undefined ? { ...schema, nullable: true } : schema;
      if (values.length === objects.length) required.push(name);
    }
    return required.length > 0 ? { type: "object", properties, required } : { type: "object", properties };
  }
  const arrays = present.filter(Array.isArray);
  if (arrays.length > 0) return { type: "array", items: jsonValueSchema(arrays.flat()) };
  const types = new Set(present.map(scalarType));
  if (types.has("number")) types.delete("integer");
  const [type] = types;
  return type === undefined ? {} : { type };
}
