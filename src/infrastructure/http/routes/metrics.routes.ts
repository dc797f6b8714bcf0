import type { FastifyInstance } from "fastify";
import { documented } from "../api-docs/operation-docs.js";
import { healthOperations } from "../api-docs/operations/health.operations.js";
import type { RoutePlugin } from "../http-dependencies.js";
import type { ObservabilityDependencies } from "../observability-dependencies.js";

export const METRICS_PATH = "/metrics";

/** Requests no route matched are counted under this route label. */
const UNMATCHED_ROUTE = "unmatched";

/**
 * Times every request by its route's pattern (`/block/snapshot-sessions/:id/link-targets`),
 * never its URL, whose ids would make a series per resource. Add before the routes.
 */
export function observeRequests(app: FastifyInstance, metrics: ObservabilityDependencies["metrics"]): void {
  app.addHook("onResponse", async (request, reply) => {
    const route = request.routeOptions.url ?? UNMATCHED_ROUTE;
    metrics.observeRequest(request.method, route, reply.statusCode, reply.elapsedTime / 1000);
  });
}

/**
 * `GET /metrics`: the Prometheus text exposition. Needs no token, as exporters do: a scraper
 * holds no ViPR login, and the figures are counts with no names or ids in them.
 */
export const metricsRoutes: RoutePlugin = async (app, { observability }) => {
  if (!observability) return;
  const { metrics } = observability;
  app.get(METRICS_PATH, documented(healthOperations.metrics), async (_request, reply) =>
    reply
      .header("cache-control", "no-store")
      .type(metrics.contentType)
      .send(await metrics.render()),
  );
};
