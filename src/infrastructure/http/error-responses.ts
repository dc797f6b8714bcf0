import type { FastifyReply, FastifyRequest } from "fastify";
import { ConcurrencyConflict } from "../../application/ports/concurrency-conflict.js";
import { ServiceCode, serviceCodeDescriptions } from "../../domain/shared/service-code.js";
import { ServiceError } from "../../domain/shared/service-error.js";
import { isDatabaseConnectionFailure } from "../persistence/connection-failure.js";
import { UnsupportedMediaType } from "./codecs/raw-body.js";
import { sendRepresentation } from "./codecs/reply.js";
import { type ErrorBody, errorRepresentation } from "./representations/error.representation.js";

/** The HTTP status of each service code (§3). */
const STATUS_OF_CODE: Readonly<Record<ServiceCode, number>> = {
  1002: 400,
  1004: 400,
  1005: 400,
  1006: 400,
  1007: 405,
  1008: 400,
  1013: 400,
  1014: 400,
  1031: 400,
  1056: 400,
  2000: 404,
  2001: 404,
  3000: 403,
  5101: 500,
  6000: 503,
  12000: 500,
  16001: 500,
  999: 500,
};

/** ViPR's SECURITY_UNAUTHORIZED_OPERATION: no, or no valid, credentials. */
export const UNAUTHENTICATED_CODE = 4000;

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

function refusal(status: number, code: number, description: string, details: string, headers = {}): ErrorResponse {
  return { status, headers, body: { code, description, details, retryable: false }, unexpected: false };
}

function serviceUnavailable(details: string): ErrorResponse {
  return {
    status: 503,
    headers: RETRY_AFTER,
    body: {
      code: ServiceCode.SERVICE_UNAVAILABLE,
      description: serviceCodeDescriptions[6000],
      details,
      retryable: true,
    },
    unexpected: false,
  };
}

export { isDatabaseConnectionFailure };

/** The one place where an error becomes an HTTP answer. */
export function errorResponseFor(error: unknown): ErrorResponse {
  if (error instanceof AuthenticationRequired) {
    return refusal(401, UNAUTHENTICATED_CODE, "Unable to authenticate the user", error.details, {
      "WWW-Authenticate": 'basic realm="ViPR"',
    });
  }
  if (error instanceof UnsupportedMediaType) {
    return refusal(415, error.code, error.description, error.details);
  }
  if (error instanceof ServiceError) {
    const status = STATUS_OF_CODE[error.code];
    const retryable = error.retryable || error.code === ServiceCode.SERVICE_UNAVAILABLE;
    return {
      status,
      headers: error.code === ServiceCode.SERVICE_UNAVAILABLE ? RETRY_AFTER : {},
      body: { code: error.code, description: error.description, details: error.details, retryable },
      unexpected: status >= 500 && status !== 503,
    };
  }
  if (error instanceof ConcurrencyConflict) {
    const busy = refusal(400, ServiceCode.RESOURCE_BUSY, serviceCodeDescriptions[1056], `${error.message}; try again`);
    return { ...busy, body: { ...busy.body, retryable: true } };
  }
  if (isDatabaseConnectionFailure(error)) {
    return serviceUnavailable("The database cannot be reached");
  }
  const fastifyStatus = fastifyErrorStatus(error);
  if (fastifyStatus !== undefined) {
    const details = fastifyStatus === 413 ? "The request body is larger than 1 MiB" : (error as Error).message;
    return refusal(fastifyStatus, ServiceCode.BAD_REQUEST_BODY, serviceCodeDescriptions[1013], details);
  }
  return {
    status: 500,
    headers: {},
    body: {
      code: ServiceCode.UNEXPECTED,
      description: serviceCodeDescriptions[999],
      details: serviceCodeDescriptions[999],
      retryable: false,
    },
    unexpected: true,
  };
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
