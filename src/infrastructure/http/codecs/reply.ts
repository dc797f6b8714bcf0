import type { FastifyReply, FastifyRequest } from "fastify";
import type { Representation } from "../representations/document.js";
import { serialize } from "../representations/serializer.js";
import { responseFormat } from "./media-types.js";

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
