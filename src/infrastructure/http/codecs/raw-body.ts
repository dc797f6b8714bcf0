import type { FastifyInstance } from "fastify";
import { ServiceCode } from "../../../domain/shared/service-code.js";
import { ServiceError } from "../../../domain/shared/service-error.js";
import type { WireFormat } from "../representations/serializer.js";
import { formatOfMediaType } from "./media-types.js";

/** A request body as received, with the format it is written in; decoded by each route. */
export interface RawBody {
  readonly format: WireFormat;
  readonly text: string;
}

export const MAX_BODY_BYTES = 1024 * 1024;

/**
 * The body's format, from `Content-Type`. A body without one is refused as the real controller
 * refuses it (it reads such a body as `application/octet-stream`, which no ViPR resource takes).
 */
function requestFormat(contentType: string | undefined): WireFormat {
  if (contentType === undefined) throw new UnsupportedMediaType(undefined);
  const format = formatOfMediaType(contentType);
  if (format === undefined) throw new UnsupportedMediaType(contentType);
  return format;
}

/** The request's body has no `Content-Type`, or one that is neither JSON nor XML: 415/1003. */
export class UnsupportedMediaType extends ServiceError {
  constructor(readonly contentType: string | undefined) {
    super(
      ServiceCode.UNSUPPORTED_MEDIA_TYPE,
      contentType === undefined
        ? "The request body has no Content-Type: send application/json or application/xml"
        : `Unsupported Content-Type ${contentType}: send application/json or application/xml`,
    );
  }
}

/**
 * Replaces fastify's parsers with one that only captures the text and its format: the
 * route decodes it with the description of its request body, after authentication. Bodies
 * over {@link MAX_BODY_BYTES} are refused by fastify (413) before they are read.
 */
export function captureRawBodies(app: FastifyInstance): void {
  // An empty `Content-Type:` says nothing, like no header (fastify would refuse it on its own terms).
  app.addHook("onRequest", async (request) => {
    if (request.headers["content-type"]?.trim() === "") delete request.headers["content-type"];
  });
  app.removeAllContentTypeParsers();
  app.addContentTypeParser("*", { parseAs: "string" }, (request, body, done) => {
    try {
      const text = String(body).replace(/^\uFEFF/, "");
      const raw: RawBody = { format: requestFormat(request.headers["content-type"]), text };
      done(null, raw);
    } catch (error) {
      done(error as Error, undefined);
    }
  });
}

export function isRawBody(value: unknown): value is RawBody {
  return typeof value === "object" && value !== null && "format" in value && "text" in value;
}
