import { type ServiceCode, serviceCodeDescriptions } from "../../../domain/shared/service-code.js";
import { urnType } from "../../../domain/shared/urn.js";
import type { Representation } from "../representations/document.js";
import { errorRepresentation } from "../representations/error.representation.js";
import { RESOURCE_PATHS } from "../representations/links.js";
import { toJson, toXml } from "../representations/serializer.js";
import type { OperationDocs, RequestDocs, ResponseDocs } from "./operation-docs.js";
import {
  bodyRefusals,
  bodyTooLarge,
  type DocumentedRefusal,
  notAcceptable,
  refusalOf,
  unauthenticated,
  unsupportedMediaType,
} from "./refusals.js";
import { jsonValueSchema, representationSchema } from "./representation-schemas.js";
import { xmlRequestExample } from "./request-examples.js";
import { requestBodySchema } from "./request-schemas.js";
import { sampleIds } from "./samples.js";
import type { Schema } from "./schema.js";

const JSON_TYPE = "application/json";
const XML_TYPE = "application/xml";

/** The schemas operations share, by name, emitted once under `components.schemas`. */
export class SchemaComponents {
  private readonly schemas = new Map<string, Schema>();

  ref(name: string, schema: Schema): Schema {
    const known = this.schemas.get(name);
    if (known !== undefined && JSON.stringify(known) !== JSON.stringify(schema)) {
      throw new Error(`two different schemas are named ${name}`);
    }
    this.schemas.set(name, schema);
    return { $ref: `#/components/schemas/${name}` };
  }

  all(): Record<string, Schema> {
    return Object.fromEntries([...this.schemas].sort(([a], [b]) => a.localeCompare(b)));
  }
}

/**
 * The route's documentation as the route schema @fastify/swagger turns into an OpenAPI
 * operation. It is handed to the document generator only (its `transform`), never to
 * fastify: requests are still decoded, and refused, by the routes themselves.
 */
export function operationSchema(docs: OperationDocs, url: string, components: SchemaComponents): Schema {
  const schema: Record<string, unknown> = { summary: docs.summary, tags: [docs.tag] };
  if (docs.description !== undefined) schema.description = docs.description;
  if (docs.auth === "none") schema.security = [];
  if (docs.auth === "login") schema.security = [{ basicAuth: [] }, { authToken: [] }];
  const params = pathParameters(url, docs.params ?? {});
  if (params !== undefined) schema.params = params;
  if (docs.query !== undefined) schema.querystring = queryParameters(docs.query);
  if (docs.body !== undefined) schema.body = { content: requestContent(docs.body) };
  const response: Record<string, unknown> = {};
  for (const [status, responseDocs] of Object.entries(docs.responses)) {
    response[status] = responseSchema(responseDocs, components);
  }
  for (const [status, refusals] of refusalsByStatus(docs, url)) {
    response[status] = errorResponseSchema(refusals, components);
  }
  schema.response = response;
  return schema;
}

function pathParameters(url: string, described: Readonly<Record<string, string>>): Schema | undefined {
  const names = url
    .split("/")
    .filter((segment) => segment.startsWith(":"))
    .map((segment) => segment.slice(1));
  if (names.length === 0) return undefined;
  const properties = Object.fromEntries(names.map((name) => [name, pathParameter(url, name, described[name])]));
  return { type: "object", properties, required: names };
}

function pathParameter(url: string, name: string, description: string | undefined): Schema {
  if (name === "op_id") {
    return { type: "string", description: description ?? "The task's `op_id` (a UUID), or the task's URN" };
  }
  const type = resourceTypeOf(url, name);
  const example = Object.values(sampleIds).find((id) => urnType(id) === type);
  const urn = type === undefined ? "a resource URN" : `the ${type} URN`;
  return {
    type: "string",
    description: description ?? `${urn} (\`urn:storageos:<Type>:<uuid>:vdc1\`; a malformed one is 400/1002)`,
    ...(example !== undefined ? { example } : {}),
  };
}

/** The URN type of `:name` in the url: the resource whose collection the segment before it is. */
function resourceTypeOf(url: string, name: string): string | undefined {
  const collection = url.slice(0, url.indexOf(`/:${name}`)).replace(/^\/sim/, "");
  return Object.entries(RESOURCE_PATHS).find(([, path]) => path.endsWith(collection) && collection !== "")?.[0];
}

function queryParameters(query: NonNullable<OperationDocs["query"]>): Schema {
  const properties = Object.fromEntries(
    Object.entries(query).map(([name, parameter]) => [
      name,
      { ...(parameter.schema ?? { type: "string" }), description: parameter.description },
    ]),
  );
  const required = Object.entries(query)
    .filter(([, parameter]) => parameter.required === true)
    .map(([name]) => name);
  return required.length > 0 ? { type: "object", properties, required } : { type: "object", properties };
}

function requestContent(body: RequestDocs): Record<string, Schema> {
  switch (body.kind) {
    case "described": {
      const examples = Object.entries(body.examples ?? {});
      return {
        [JSON_TYPE]: withExamples(
          requestBodySchema(body.body, "json"),
          examples.map(([name, example]) => [name, { summary: example.summary, value: example.json }]),
        ),
        [XML_TYPE]: withExamples(
          requestBodySchema(body.body, "xml"),
          examples.map(([name, example]) => [
            name,
            { summary: example.summary, value: xmlRequestExample(body.body, example.json) },
          ]),
        ),
      };
    }
    case "json":
      return { [JSON_TYPE]: withExamples(body.schema, Object.entries(body.examples ?? {})) };
    case "content":
      return { [body.mediaType]: { schema: body.schema } };
  }
}

/** A media type object; @fastify/swagger moves a request schema's `x-examples` to the media type's `examples`. */
function withExamples(schema: Schema, examples: readonly (readonly [string, unknown])[]): Schema {
  return { schema: examples.length > 0 ? { ...schema, "x-examples": Object.fromEntries(examples) } : schema };
}

function responseSchema(docs: ResponseDocs, components: SchemaComponents): Schema {
  switch (docs.kind) {
    case "representation": {
      const schema = components.ref(docs.schemaName, representationSchema(docs.samples));
      const [first] = docs.samples;
      const examples = docs.examples ?? (first ? { example: { summary: docs.description, value: first } } : {});
      return {
        description: docs.description,
        ...(docs.headers !== undefined ? { headers: headersSchema(docs.headers) } : {}),
        content: representationContent(schema, examples),
      };
    }
    case "json":
      return {
        description: docs.description,
        content: {
          [JSON_TYPE]: {
            schema: components.ref(docs.schemaName, jsonValueSchema(docs.samples)),
            example: docs.samples[0],
          },
        },
      };
    case "content":
      return { description: docs.description, content: { [docs.mediaType]: { schema: docs.schema } } };
    case "empty":
      return {
        description: docs.description,
        type: "null",
        ...(docs.headers !== undefined ? { headers: headersSchema(docs.headers) } : {}),
      };
  }
}

function representationContent(
  schema: Schema,
  examples: Readonly<Record<string, { readonly summary: string; readonly value: Representation }>>,
): Schema {
  const rendered = (render: (value: Representation) => unknown) =>
    Object.fromEntries(
      Object.entries(examples).map(([name, example]) => [
        name,
        { summary: example.summary, value: render(example.value) },
      ]),
    );
  return {
    [JSON_TYPE]: { schema, examples: rendered(toJson) },
    [XML_TYPE]: { schema, examples: rendered(toXml) },
  };
}

function headersSchema(headers: Readonly<Record<string, string>>): Schema {
  return Object.fromEntries(
    Object.entries(headers).map(([name, description]) => [name, { type: "string", description }]),
  );
}

/** The refusals the operation can give: those of its kind (token, path, body) and its own. */
function refusalsByStatus(docs: OperationDocs, url: string): Map<number, DocumentedRefusal[]> {
  const refusals: DocumentedRefusal[] = [];
  if (docs.auth !== "none") refusals.push(unauthenticated, refusalOf(8500));
  if (Object.values(docs.responses).some((response) => response.kind === "representation")) {
    refusals.push(notAcceptable);
  }
  if (url.includes("/:id")) refusals.push(refusalOf(1002), refusalOf(2000));
  if (docs.body?.kind === "described")
    refusals.push(...bodyRefusals(docs.body.body), bodyTooLarge, unsupportedMediaType);
  if (docs.body?.kind === "json") {
    refusals.push(refusalOf(1005), refusalOf(1008), refusalOf(1013), bodyTooLarge, unsupportedMediaType);
  }
  if (docs.body?.kind === "content") refusals.push(refusalOf(1013), bodyTooLarge);
  for (const code of docs.refusals ?? []) refusals.push(refusalOf(code));

  const byStatus = new Map<number, DocumentedRefusal[]>();
  for (const refusal of refusals) {
    const same = byStatus.get(refusal.response.status) ?? [];
    if (!same.some((known) => known.key === refusal.key)) same.push(refusal);
    byStatus.set(refusal.response.status, same);
  }
  return new Map([...byStatus].sort(([a], [b]) => a - b));
}

function errorResponseSchema(refusals: readonly DocumentedRefusal[], components: SchemaComponents): Schema {
  const schema = components.ref("Error", representationSchema(refusals.map(errorOf)));
  const headers = Object.assign({}, ...refusals.map((refusal) => refusal.response.headers)) as Record<string, string>;
  const lines = refusals.map(
    ({ response: { body } }) => `${body.code} ${serviceCodeDescriptions[body.code as ServiceCode] ?? body.description}`,
  );
  const examples = Object.fromEntries(
    refusals.map((refusal) => [
      refusal.key,
      { summary: `${refusal.response.body.code}: ${refusal.response.body.details}`, value: errorOf(refusal) },
    ]),
  );
  return {
    description: `ViPR error: ${[...new Set(lines)].join("; ")}`,
    ...(Object.keys(headers).length > 0 ? { headers: headersSchema(headerDescriptions(headers)) } : {}),
    content: representationContent(schema, examples),
  };
}

function errorOf(refusal: DocumentedRefusal): Representation {
  return errorRepresentation(refusal.response.body);
}

function headerDescriptions(headers: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, `\`${value}\``]));
}
