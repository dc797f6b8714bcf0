import type { FastifyInstance } from "fastify";

export interface DeclaredRoute {
  readonly method: string;
  readonly url: string;
  /** Whether the route carries its documentation (`config.apiDocs`). */
  readonly documented: boolean;
}

const declared = new WeakMap<FastifyInstance, DeclaredRoute[]>();

/**
 * Records every route the app declares, wherever it is declared (fastify's own HEAD routes
 * included), so that the documentation can be checked against them. Call first.
 */
export function recordDeclaredRoutes(app: FastifyInstance): void {
  const routes: DeclaredRoute[] = [];
  declared.set(app, routes);
  app.addHook("onRoute", (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    for (const method of methods) {
      routes.push({
        method: String(method).toUpperCase(),
        url: route.url,
        documented: route.config?.apiDocs !== undefined,
      });
    }
  });
}

/** The routes the app declared so far (all of them once it is ready). */
export function declaredRoutes(app: FastifyInstance): readonly DeclaredRoute[] {
  return declared.get(app) ?? [];
}
