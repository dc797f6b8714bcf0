import { describe, expect, it } from "vitest";
import type { OperationDocs } from "../../../src/infrastructure/http/api-docs/operation-docs.js";
import { authOperations } from "../../../src/infrastructure/http/api-docs/operations/auth.operations.js";
import { healthOperations } from "../../../src/infrastructure/http/api-docs/operations/health.operations.js";
import { linkedTargetOperations } from "../../../src/infrastructure/http/api-docs/operations/linked-target.operations.js";
import { simOperations } from "../../../src/infrastructure/http/api-docs/operations/sim.operations.js";
import { snapshotSessionOperations } from "../../../src/infrastructure/http/api-docs/operations/snapshot-session.operations.js";
import { storageOperations } from "../../../src/infrastructure/http/api-docs/operations/storage.operations.js";
import { taskOperations } from "../../../src/infrastructure/http/api-docs/operations/task.operations.js";
import { tenancyOperations } from "../../../src/infrastructure/http/api-docs/operations/tenancy.operations.js";
import { volumeOperations } from "../../../src/infrastructure/http/api-docs/operations/volume.operations.js";
import { representationSchema } from "../../../src/infrastructure/http/api-docs/representation-schemas.js";
import { xmlRequestExample } from "../../../src/infrastructure/http/api-docs/request-examples.js";
import { requestBodySchema } from "../../../src/infrastructure/http/api-docs/request-schemas.js";
import { simFaultSchema } from "../../../src/infrastructure/http/api-docs/sim-schemas.js";
import { decodeJsonBody } from "../../../src/infrastructure/http/codecs/json-body-decoder.js";
import { decodeXmlBody } from "../../../src/infrastructure/http/codecs/xml-body-decoder.js";
import { list, node, repeated, representation } from "../../../src/infrastructure/http/representations/document.js";
import { unlinkTargetsBody } from "../../../src/infrastructure/http/requests/request-bodies.js";
import { FAULT_FIELDS, faultRequest } from "../../../src/infrastructure/http/requests/sim-requests.js";

const everyOperation: [string, OperationDocs][] = Object.entries({
  ...prefixed("auth", authOperations),
  ...prefixed("health", healthOperations),
  ...prefixed("linkedTarget", linkedTargetOperations),
  ...prefixed("sim", simOperations),
  ...prefixed("session", snapshotSessionOperations),
  ...prefixed("storage", storageOperations),
  ...prefixed("task", taskOperations),
  ...prefixed("tenancy", tenancyOperations),
  ...prefixed("volume", volumeOperations),
});

function prefixed(prefix: string, operations: Record<string, OperationDocs>): Record<string, OperationDocs> {
  return Object.fromEntries(Object.entries(operations).map(([name, docs]) => [`${prefix}.${name}`, docs]));
}

/** The XML decoder reads every value as text; the JSON one keeps numbers and booleans. */
describe("request examples", () => {
  const described = everyOperation.flatMap(([name, docs]) =>
    docs.body?.kind === "described"
      ? Object.entries(docs.body.examples ?? {}).map(([example, { json }]) => ({
          name,
          example,
          json,
          body: docs.body,
        }))
      : [],
  );

  it("exist for every ViPR body", () => {
    const withBody = everyOperation.filter(([, docs]) => docs.body?.kind === "described").map(([name]) => name);
    expect(new Set(described.map((example) => example.name))).toEqual(new Set(withBody));
  });

  it.each(described)("$name ($example): the JSON and its XML decode to the same request", ({ json, body }) => {
    if (body?.kind !== "described") throw new Error("not a described body");
    const fromJson = decodeJsonBody(JSON.stringify(json), body.body);
    const fromXml = decodeXmlBody(xmlRequestExample(body.body, json), body.body);
    expect(fromXml).toEqual(fromJson);
  });

  it("refuses to write an example with a property the body does not have", () => {
    expect(() => xmlRequestExample(unlinkTargetsBody, { colour: "red" })).toThrow(/colour/);
  });

  it("of the /sim faults are accepted by the fault reader", () => {
    const examples = simOperations.injectFault.body.examples;
    for (const { value } of Object.values(examples)) {
      expect(() => faultRequest({ format: "json", text: JSON.stringify(value) })).not.toThrow();
    }
  });
});

describe("request schemas", () => {
  it("JSON: no root, unknown properties refused, values of their type", () => {
    expect(requestBodySchema(unlinkTargetsBody, "json")).toEqual({
      type: "object",
      properties: {
        linked_targets: {
          type: "array",
          items: {
            type: "object",
            properties: {
              delete_target: {
                anyOf: [{ type: "boolean" }, { type: "integer" }, { type: "string", enum: ["true", "false", ""] }],
                description: "a boolean",
              },
              id: { type: "string", format: "uri-reference" },
            },
            additionalProperties: false,
          },
        },
      },
      additionalProperties: false,
    });
  });

  it("XML: the root element, and wrapped lists with their item element", () => {
    const schema = requestBodySchema(unlinkTargetsBody, "xml");
    expect(schema.xml).toEqual({ name: "snapshot_session_unlink_targets" });
    expect((schema.properties as Record<string, unknown>).linked_targets).toMatchObject({
      xml: { name: "linked_targets", wrapped: true },
      items: { xml: { name: "linked_target" } },
    });
  });

  it("the /sim fault body lists exactly the properties its reader accepts", () => {
    const variants = simFaultSchema.oneOf as { properties: Record<string, unknown> }[];
    const names = new Set(variants.flatMap((variant) => Object.keys(variant.properties)));
    expect(names).toEqual(new Set(FAULT_FIELDS));
  });
});

describe("representation schemas", () => {
  const sample = (children: Parameters<typeof representation>[1]) => representation("thing", children);

  it("merge samples: a property any sample has, required when all have it; attributes and lists annotated for XML", () => {
    const schema = representationSchema([
      sample({ id: "a", link: node({}, { rel: "self" }), tags: list("tag", []), n: 1, end: 5 }),
      sample({ id: "b", link: node({}, { rel: "self" }), tags: list("tag", ["x"]), n: 1.5, item: repeated(["y"]) }),
    ]);
    expect(schema).toEqual({
      type: "object",
      xml: { name: "thing" },
      required: ["id", "link", "tags", "n"],
      properties: {
        id: { type: "string" },
        link: {
          type: "object",
          required: ["rel"],
          properties: { rel: { type: "string", xml: { attribute: true } } },
        },
        tags: { type: "array", xml: { name: "tags", wrapped: true }, items: { type: "string", xml: { name: "tag" } } },
        n: { type: "number" },
        end: { type: "integer" },
        item: { type: "array", items: { type: "string", xml: { name: "item" } } },
      },
    });
  });
});
