import type { OperationDocs } from "../operation-docs.js";

const tag: OperationDocs["tag"] = "Operations";

/** The endpoints container health checks and Prometheus call: no token. */
export const healthOperations = {
  live: {
    tag,
    summary: "Liveness: the process serves requests",
    auth: "none",
    responses: { 200: { kind: "json", schemaName: "Liveness", description: "Alive", samples: [{ status: "ok" }] } },
  },
  ready: {
    tag,
    summary: "Readiness: Postgres and the queue backend answer",
    auth: "none",
    responses: {
      200: {
        kind: "json",
        schemaName: "Readiness",
        description: "Ready; each dependency's check",
        samples: [{ status: "ok", checks: { postgres: "ok", queue: "ok" } }],
      },
    },
    refusals: [6000],
  },
  metrics: {
    tag,
    summary: "Prometheus metrics: HTTP latency by route, tasks by state, queue depths, link durations, bytes copied",
    auth: "none",
    responses: {
      200: {
        kind: "content",
        description: "The Prometheus text exposition format",
        mediaType: "text/plain",
        schema: { type: "string" },
      },
    },
  },
} satisfies Record<string, OperationDocs>;
