import type { FastifyReply, FastifyRequest } from "fastify";
import { ConcurrencyConflict } from "../../application/ports/concurrency-conflict.js";
import { ServiceCode, serviceCodeDescriptions } from "../../domain/shared/service-code.js";
import { ServiceError } from "../../domain/shared/service-error.js";
import { isDatabaseConnectionFailure } from "../persistence/connection-failure.js";
import { NotAcceptable, sendRepresentation } from "./codecs/reply.js";
import { type ErrorBody, errorRepresentation } from "./representations/error.representation.js";

/** The HTTP status of each service code (docs/api/conventions.md, "Service codes"). */
const STATUS_OF_CODE: Readonly<Record<ServiceCode, number>> = {
  1002: 400,
  1003: 415,
  1004: 400,
  1005: 400,
  1006: 400,
  1007: 405,
  1008: 400,
  1013: 400,
  1014: 400,
  1020: 400,
  1031: 400,
  1056: 400,
  2000: 404,
  2001: 404,
  3000: 403,
  4000: 401,
  5101: 500,
  6000: 503,
  8500: 503,
  12000: 500,
  16001: 500,
  999: 500,
};

/** No valid token (or credentials): 401, with the `WWW-Authenticate` challenge. */
export class AuthenticationRequired extends Error {
  constructor(readonly details: string) {
    super(details);
    this.name = "AuthenticationRequired";
  }
}

export interface ErrorResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: ErrorBody;
  /** Not the client's doing: worth a log line with the stack. */
  readonly unexpected: boolean;
}

const RETRY_AFTER = { "Retry-After": "30" };
const FASTIFY_STATUS: Readonly<Record<string, number>> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 413,
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 415,
};

function refusal(status: number, code: ServiceCode, details: string | undefined, headers = {}): ErrorResponse {
  const body = { code, description: serviceCodeDescriptions[code], details, retryable: false };
  return { status, headers, body, unexpected: false };
}

export { isDatabaseConnectionFailure };

/**
 * The one place where an error becomes an HTTP answer. As on the real controller, no refusal is
 * `retryable`; only a database that cannot be reached is (503/8500): the same request may
 * succeed after `Retry-After`.
 */
export function errorResponseFor(error: unknown): ErrorResponse {
  if (error instanceof AuthenticationRequired) {
    return refusal(401, ServiceCode.UNAUTHENTICATED, error.details, { "WWW-Authenticate": 'basic realm="ViPR"' });
  }
  if (error instanceof ServiceError) {
    const status = STATUS_OF_CODE[error.code];
    return {
      status,
      headers: status === 503 ? RETRY_AFTER : {},
      body: { code: error.code, description: error.description, details: error.details, retryable: error.retryable },
      unexpected: status >= 500 && status !== 503,
    };
  }
  if (error instanceof NotAcceptable) {
    // The real controller has no code of its own for it: its unexpected-error code, with 406.
    return refusal(406, ServiceCode.UNEXPECTED, error.message);
  }
  if (error instanceof ConcurrencyConflict) {
    return refusal(400, ServiceCode.RESOURCE_BUSY, `${error.message}; try again`);
  }
  if (isDatabaseConnectionFailure(error)) {
    const unreachable = refusal(503, ServiceCode.DATABASE_UNREACHABLE, "The database cannot be reached", RETRY_AFTER);
    return { ...unreachable, body: { ...unreachable.body, retryable: true } };
  }
  const fastifyStatus = fastifyErrorStatus(error);
  if (fastifyStatus === 415) {
    return refusal(415, ServiceCode.UNSUPPORTED_MEDIA_TYPE, (error as Error).message);
  }
  if (fastifyStatus !== undefined) {
    const details = fastifyStatus === 413 ? "The request body is larger than 1 MiB" : (error as Error).message;
    return refusal(fastifyStatus, ServiceCode.BAD_REQUEST_BODY, details);
  }
  // The real controller's details are the failure's own message, and absent when it has none.
  const message = error instanceof Error && error.message.trim() !== "" ? error.message : undefined;
  return { ...refusal(500, ServiceCode.UNEXPECTED, message), unexpected: true };
}

/** Fastify's own refusals of a request (body too large, bad media type, bad content length…). */
function fastifyErrorStatus(error: unknown): number | undefined {
  if (!(error instanceof Error) || !("code" in error) || typeof error.code !== "string") return undefined;
  if (!error.code.startsWith("FST_")) return undefined;
  const known = FASTIFY_STATUS[error.code];
  if (known !== undefined) return known;
  const status = "statusCode" in error && typeof error.statusCode === "number" ? error.statusCode : 500;
  return status >= 400 && status < 500 ? 400 : undefined;
}

/** Answers with the error body in the requested format; logs what was not the client's doing. */
export function sendError(request: FastifyRequest, reply: FastifyReply, error: unknown): FastifyReply {
  const response = errorResponseFor(error);
  if (response.unexpected) request.log.error({ err: error }, "request failed unexpectedly");
  else if (response.status === 503) request.log.warn({ err: error }, "service unavailable");
  reply.headers(response.headers);
  return sendRepresentation(request, reply, response.status, errorRepresentation(response.body));
}
