import type { Representation } from "../representations/document.js";
import type { RequestBody } from "../requests/request-body.js";
import type { RefusalCode } from "./refusals.js";
import type { Schema } from "./schema.js";

/*
 * What a route tells the API documentation about itself, attached to the route as
 * `config.apiDocs` (see `documented`). Bodies and responses are the definitions the route
 * itself decodes and answers with; the document is generated from them (./openapi-operation.ts).
 */

export interface Example<Value> {
  readonly summary: string;
  readonly value: Value;
}

/** A ViPR representation (JSON and XML), its schema read from sample representations. */
export interface RepresentationResponse {
  readonly kind: "representation";
  /** The name of its schema among the document's components. */
  readonly schemaName: string;
  readonly description: string;
  readonly samples: readonly Representation[];
  readonly examples?: Readonly<Record<string, Example<Representation>>>;
  readonly headers?: Readonly<Record<string, string>>;
}

/** Plain JSON (the `/sim` API), its schema read from sample values. */
export interface JsonResponse {
  readonly kind: "json";
  readonly schemaName: string;
  readonly description: string;
  readonly samples: readonly unknown[];
}

export interface ContentResponse {
  readonly kind: "content";
  readonly description: string;
  readonly mediaType: string;
  readonly schema: Schema;
}

export interface EmptyResponse {
  readonly kind: "empty";
  readonly description: string;
  readonly headers?: Readonly<Record<string, string>>;
}

export type ResponseDocs = RepresentationResponse | JsonResponse | ContentResponse | EmptyResponse;

/** The JSON and the XML of one request, both decoded by the route's body description. */
export interface RequestExample {
  readonly summary: string;
  readonly json: unknown;
}

export type RequestDocs =
  /** A ViPR body (JSON or XML) decoded with its description. */
  | {
      readonly kind: "described";
      readonly body: RequestBody<unknown>;
      readonly examples?: Readonly<Record<string, RequestExample>>;
    }
  /** A JSON-only body (the `/sim` API), its schema given by the code that reads it. */
  | { readonly kind: "json"; readonly schema: Schema; readonly examples?: Readonly<Record<string, Example<unknown>>> }
  | { readonly kind: "content"; readonly mediaType: string; readonly schema: Schema };

export interface QueryParameter {
  readonly description: string;
  readonly schema?: Schema;
  readonly required?: boolean;
}

/** The document's sections, in the order a client walks through them. */
export const API_TAGS = {
  Authentication: "Log in for a token (`X-SDS-AUTH-TOKEN`), check it, log out",
  Tenancy: "Tenants, subtenants, projects, role assignments and project ACLs",
  Storage: "Storage systems (simulated arrays), their pools, virtual arrays and virtual pools",
  Volumes: "Block volumes and their tasks",
  "Consistency groups": "Block consistency groups: volumes of a project whose snapshots are taken together",
  "Snapshot sessions": "Snapshot sessions of a volume, and linking, relinking, unlinking targets",
  "Linked targets": "Linked targets (ViPR's block snapshots), with their copy mode and link state",
  Tasks: "Asynchronous operations: poll a task until `ready` or `error`",
  "Simulator (/sim)": "The simulated arrays' internals, volume data, faults and clock (SYSTEM_ADMIN, JSON)",
  Operations: "Health checks and Prometheus metrics (no token)",
} as const;

export interface OperationDocs {
  readonly summary: string;
  readonly description?: string;
  readonly tag: keyof typeof API_TAGS;
  /**
   * `token` (default): `X-SDS-AUTH-TOKEN` (header or cookie); `login`: HTTP Basic, or a token
   * to check; `none`: public.
   */
  readonly auth?: "token" | "login" | "none";
  readonly body?: RequestDocs;
  readonly query?: Readonly<Record<string, QueryParameter>>;
  /** Path parameters described otherwise than from the path (an `:id` is the URN of the path's resource). */
  readonly params?: Readonly<Record<string, string>>;
  readonly responses: Readonly<Record<number, ResponseDocs>>;
  /**
   * Service codes the operation refuses with, beyond those every such operation can give (no
   * token, a malformed or unknown URN in the path, a malformed body, the database unavailable).
   */
  readonly refusals?: readonly RefusalCode[];
}

declare module "fastify" {
  interface FastifyContextConfig {
    apiDocs?: OperationDocs;
  }
}

/** Route options attaching the operation's documentation: `app.get(url, documented({...}), handler)`. */
export function documented(docs: OperationDocs): { config: { apiDocs: OperationDocs } } {
  return { config: { apiDocs: docs } };
}
