import type { FastifyInstance } from "fastify";
import { isUndocumentedRoute } from "../../../src/infrastructure/http/api-docs/api-docs-paths.js";
import { declaredRoutes } from "../../../src/infrastructure/http/api-docs/declared-routes.js";

/* Checks of the served OpenAPI document: completeness against the app's routes, structure, and values against schemas. */

export type OpenApiDocument = {
  openapi: string;
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, JsonSchema>; securitySchemes: Record<string, unknown> };
};
export type Operation = {
  parameters?: { in: string; name: string; required?: boolean }[];
  requestBody?: { content: Record<string, MediaType> };
  responses: Record<string, { description?: string; content?: Record<string, MediaType> }>;
  security?: unknown[];
};
export type MediaType = { schema?: JsonSchema; examples?: Record<string, { value: unknown }>; example?: unknown };
export type JsonSchema = Record<string, any>;

const OPERATION_METHODS = new Set(["get", "put", "post", "delete", "patch", "head", "options", "trace"]);

/** `/block/snapshot-sessions/:id` → `/block/snapshot-sessions/{id}`. */
export function openApiPath(url: string): string {
  return url.replace(/:([A-Za-z0-9_]+)/g, "{$1}");
}

/**
 * The routes the app declared that the document lacks: every route but the undocumented ones
 * (the documentation's own, the operators' web pages) and fastify's HEAD twins of GET routes.
 */
export function routesMissingFromDocument(app: FastifyInstance, document: OpenApiDocument): string[] {
  const routes = declaredRoutes(app);
  const getUrls = new Set(routes.filter((route) => route.method === "GET").map((route) => route.url));
  return routes
    .filter((route) => !isUndocumentedRoute(route.url))
    .filter((route) => !(route.method === "HEAD" && getUrls.has(route.url)))
    .filter((route) => document.paths[openApiPath(route.url)]?.[route.method.toLowerCase()] === undefined)
    .map((route) => `${route.method} ${route.url}`);
}

/** Structural faults of an OpenAPI 3.0 document (empty when none). */
export function structuralFaults(document: OpenApiDocument): string[] {
  const faults: string[] = [];
  if (!/^3\.\d+\.\d+$/.test(document.openapi)) faults.push(`openapi is ${document.openapi}`);
  for (const [path, item] of Object.entries(document.paths)) {
    const operations = Object.entries(item).filter(([method]) => OPERATION_METHODS.has(method));
    if (operations.length === 0) faults.push(`${path} has no operation`);
    const templated = [...path.matchAll(/\{([^}]+)\}/g)].map((match) => match[1]);
    for (const [method, operation] of operations) {
      const where = `${method.toUpperCase()} ${path}`;
      const responses = Object.entries(operation.responses ?? {});
      if (responses.length === 0) faults.push(`${where} has no responses`);
      for (const [status, response] of responses) {
        if (!/^[1-5]\d\d$|^default$/.test(status)) faults.push(`${where} has response ${status}`);
        if (typeof response.description !== "string") faults.push(`${where} ${status} has no description`);
      }
      const pathParameters = (operation.parameters ?? []).filter((parameter) => parameter.in === "path");
      for (const name of templated) {
        const parameter = pathParameters.find((candidate) => candidate.name === name);
        if (parameter?.required !== true) faults.push(`${where} does not declare the path parameter ${name}`);
      }
      for (const parameter of pathParameters) {
        if (!templated.includes(parameter.name)) faults.push(`${where} declares ${parameter.name}, not in its path`);
      }
      for (const requirement of operation.security ?? []) {
        for (const scheme of Object.keys(requirement as object)) {
          if (document.components.securitySchemes[scheme] === undefined) faults.push(`${where} uses scheme ${scheme}`);
        }
      }
    }
  }
  for (const ref of referencesIn(document)) {
    const name = ref.replace("#/components/schemas/", "");
    if (!ref.startsWith("#/components/schemas/") || document.components.schemas[name] === undefined) {
      faults.push(`unresolved reference ${ref}`);
    }
  }
  return faults;
}

function referencesIn(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(referencesIn);
  if (typeof value !== "object" || value === null) return [];
  return Object.entries(value).flatMap(([key, member]) =>
    key === "$ref" && typeof member === "string" ? [member] : referencesIn(member),
  );
}

/** The schema a `$ref` names among the document's components, or the schema itself. */
export function resolved(schema: JsonSchema, document: OpenApiDocument): JsonSchema {
  return typeof schema.$ref === "string"
    ? (document.components.schemas[schema.$ref.replace("#/components/schemas/", "")] ?? {})
    : schema;
}

/**
 * Where a JSON value departs from its schema: a property the schema does not declare, a
 * required one missing, a value of another type, a null where none may be. Follows `$ref`s to
 * the document's components.
 */
export function schemaMismatches(value: unknown, schema: JsonSchema, document: OpenApiDocument, at = "$"): string[] {
  if (typeof schema.$ref === "string") {
    return schemaMismatches(
      value,
      document.components.schemas[schema.$ref.replace("#/components/schemas/", "")] ?? {},
      document,
      at,
    );
  }
  if (value === null) return schema.nullable === true ? [] : [`${at} is null`];
  if (Array.isArray(schema.anyOf) || Array.isArray(schema.oneOf)) {
    const options: JsonSchema[] = schema.anyOf ?? schema.oneOf;
    return options.some((option) => schemaMismatches(value, option, document, at).length === 0)
      ? []
      : [`${at} matches none of the alternatives`];
  }
  switch (schema.type) {
    case "object": {
      if (typeof value !== "object" || value === null || Array.isArray(value)) return [`${at} is not an object`];
      const properties: Record<string, JsonSchema> = schema.properties ?? {};
      const faults = Object.entries(value).flatMap(([name, member]) =>
        properties[name] === undefined
          ? [`${at}.${name} is not in the schema`]
          : schemaMismatches(member, properties[name], document, `${at}.${name}`),
      );
      for (const name of schema.required ?? []) {
        if (!(name in value)) faults.push(`${at}.${name} is required`);
      }
      return faults;
    }
    case "array":
      return Array.isArray(value)
        ? value.flatMap((item, index) => schemaMismatches(item, schema.items ?? {}, document, `${at}[${index}]`))
        : [`${at} is not an array`];
    case "integer":
      return Number.isInteger(value) ? [] : [`${at} is not an integer`];
    case "number":
      return typeof value === "number" ? [] : [`${at} is not a number`];
    case "string":
      return typeof value === "string" ? [] : [`${at} is not a string`];
    case "boolean":
      return typeof value === "boolean" ? [] : [`${at} is not a boolean`];
    default:
      return [];
  }
}
