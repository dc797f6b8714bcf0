import type { FastifyInstance } from "fastify";

export const LIVENESS_PATH = "/health/live";

/** `GET /health/live`: the process serves requests. Needs no token (container health checks call it). */
export function registerHealthRoutes(app: FastifyInstance): void {
  app.get(LIVENESS_PATH, async (_request, reply) => reply.header("cache-control", "no-store").send({ status: "ok" }));
}
