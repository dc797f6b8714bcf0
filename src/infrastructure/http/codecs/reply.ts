import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { Representation } from "../representations/document.js";
import { serialize } from "../representations/serializer.js";
import { negotiatedFormat, responseFormat } from "./media-types.js";

const CONTENT_TYPES = { json: "application/json", xml: "application/xml" } as const;

/** Sends the representation in the format the request's `Accept` header asks for. */
export function sendRepresentation(
  request: FastifyRequest,
  reply: FastifyReply,
  status: number,
  representation: Representation,
): FastifyReply {
  const format = responseFormat(request.headers.accept);
  return reply.code(status).type(CONTENT_TYPES[format]).send(serialize(representation, format));
}

/** The request's `Accept` header takes neither XML nor JSON, all a ViPR resource answers in: 406. */
export class NotAcceptable extends Error {
  constructor(readonly accept: string) {
    super(`None of the media types accepted (${accept}) is served: application/xml or application/json`);
    this.name = "NotAcceptable";
  }
}

/**
 * Refuses, before its handler runs (so that nothing is done for an answer the client would not
 * take), a request to a route answering ViPR representations whose `Accept` header takes neither.
 */
export function refuseUnacceptableRequests(app: FastifyInstance): void {
  app.addHook("preHandler", async (request) => {
    const responses = Object.values(request.routeOptions.config.apiDocs?.responses ?? {});
    if (!responses.some((response) => response.kind === "representation")) return;
    const accept = request.headers.accept;
    if (accept !== undefined && negotiatedFormat(accept) === undefined) throw new NotAcceptable(accept);
  });
}
