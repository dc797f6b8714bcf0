import { ServiceCode } from "../../../domain/shared/service-code.js";
import { ServiceError } from "../../../domain/shared/service-error.js";
import { documented } from "../api-docs/operation-docs.js";
import { healthOperations } from "../api-docs/operations/health.operations.js";
import { sendError } from "../error-responses.js";
import type { RoutePlugin } from "../http-dependencies.js";

export const LIVENESS_PATH = "/health/live";
export const READINESS_PATH = "/health/ready";

/**
 * `GET /health/live`: the process serves requests. `GET /health/ready` (given a readiness
 * check): Postgres and the queue backend answer too, or 503/6000 naming what does not.
 * Neither needs a token (container health checks call them).
 */
export const healthRoutes: RoutePlugin = async (app, { observability }) => {
  app.get(LIVENESS_PATH, documented(healthOperations.live), async (_request, reply) =>
    reply.header("cache-control", "no-store").send({ status: "ok" }),
  );
  const readiness = observability?.readiness;
  if (!readiness) return;
  app.get(READINESS_PATH, documented(healthOperations.ready), async (request, reply) => {
    reply.header("cache-control", "no-store");
    const report = await readiness();
    if (report.ready) return reply.send({ status: "ok", checks: report.checks });
    const unavailable = Object.keys(report.checks).filter((name) => report.checks[name] !== "ok");
    return sendError(
      request,
      reply,
      new ServiceError(ServiceCode.SERVICE_UNAVAILABLE, `Not ready: no answer from ${unavailable.join(" and ")}`),
    );
  });
};
