import { randomUUID } from "node:crypto";
import type { IncomingMessage } from "node:http";
import type { FastifyInstance } from "fastify";

export const REQUEST_ID_HEADER = "X-Request-Id";

/** What a client's request id may look like to be kept: it ends up in every log line of the request. */
const ACCEPTABLE_ID = /^[A-Za-z0-9._:@/+=-]{1,128}$/;

/** Fastify's `genReqId`: the client's `X-Request-Id` when it is a sane token, a new UUID otherwise. */
export function requestIdOf(request: IncomingMessage): string {
  const header = request.headers[REQUEST_ID_HEADER.toLowerCase()];
  const given = Array.isArray(header) ? header[0] : header;
  return given !== undefined && ACCEPTABLE_ID.test(given) ? given : randomUUID();
}

/** Every answer, refusals included, carries the request's id (Fastify's `reqId` in the logs). */
export function echoRequestId(app: FastifyInstance): void {
  app.addHook("onRequest", async (request, reply) => {
    reply.header(REQUEST_ID_HEADER, request.id);
  });
}
