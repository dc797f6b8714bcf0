import type { FastifyInstance, FastifyRequest } from "fastify";
import { ServiceCode } from "../../domain/shared/service-code.js";
import { ServiceError } from "../../domain/shared/service-error.js";

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
