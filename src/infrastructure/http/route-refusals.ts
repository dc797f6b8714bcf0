import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { ServiceCode } from "../../domain/shared/service-code.js";
import { ServiceError } from "../../domain/shared/service-error.js";
import { ViprErrors } from "../../domain/shared/vipr-errors.js";
import { sendError } from "./error-responses.js";

/** Why no route answered a request, and for a 405 the methods the path does serve. */
export interface UnmatchedRoute {
  readonly error: ServiceError;
  readonly allow?: string;
}

interface KnownRoute {
  readonly method: string;
  readonly pattern: RegExp;
}

function patternOf(url: string): RegExp {
  const segments = url
    .split("/")
    .map((segment) => (segment.startsWith(":") ? "[^/]+" : segment.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")));
  return new RegExp(`^${segments.join("/")}/?$`);
}

/**
 * Remembers every route the app declares, so that a request no route matched can be told
 * apart: a path served with other methods is 405/1007 (with `Allow`), anything else 404.
 * Call before the routes are registered.
 */
export function trackRoutes(
  app: FastifyInstance,
): (request: FastifyRequest) => { error: ServiceError; allow?: string } {
  const routes: KnownRoute[] = [];
  app.addHook("onRoute", (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    for (const method of methods) routes.push({ method: String(method).toUpperCase(), pattern: patternOf(route.url) });
  });

  return (request) => {
    const path = request.url.split("?")[0] ?? "";
    const allowed = [...new Set(routes.filter((route) => route.pattern.test(path)).map((route) => route.method))];
    if (allowed.length > 0) {
      return {
        error: new ServiceError(
          ServiceCode.METHOD_NOT_SUPPORTED,
          `Method ${request.method} is not supported for ${path}`,
        ),
        allow: allowed.join(", "),
      };
    }
    return { error: new ServiceError(ServiceCode.ENTITY_NOT_FOUND, `No resource is served at ${path}`) };
  };
}

/** The router's own refusals of a URL it cannot take apart: a malformed escape, a segment too long to be an id. */
const MALFORMED_URL_ERRORS: ReadonlySet<string> = new Set(["FST_ERR_BAD_URL", "FST_ERR_MAX_PARAM_LENGTH"]);

function decodes(segment: string): boolean {
  try {
    decodeURIComponent(segment);
    return true;
  } catch {
    return false;
  }
}

/**
 * Fastify's `frameworkErrors`: a URL the router refuses before any route is matched holds no
 * valid id, so it is 400/1002 naming the segment at fault (the one that does not decode, else
 * the longest), in the ViPR error body rather than fastify's own (docs/deviations.md,
 * "Snapshot-session operations": the session routes would look such an id up).
 */
export function answerFrameworkError(error: Error, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  if (!("code" in error) || !MALFORMED_URL_ERRORS.has(String(error.code))) return sendError(request, reply, error);
  const segments = (request.url.split("?")[0] ?? "").split("/");
  const segment =
    segments.find((each) => !decodes(each)) ??
    segments.reduce((longest, each) => (each.length > longest.length ? each : longest), "");
  return sendError(request, reply, ViprErrors.invalidUri(decodes(segment) ? decodeURIComponent(segment) : segment));
}
