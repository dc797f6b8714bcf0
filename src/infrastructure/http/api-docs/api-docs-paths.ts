/** Where the documentation is served: the Swagger UI page, `/json` and `/yaml` the OpenAPI document. */
export const API_DOCS_PREFIX = "/apidocs";

/**
 * Routes left out of the OpenAPI document on purpose: the documentation's own pages and
 * assets, and the operators' web pages (queue dashboard, coprsim dashboard) with their assets.
 * Every other route must carry its documentation (`documented`), or the completeness test fails.
 */
export const UNDOCUMENTED_PREFIXES: readonly string[] = [API_DOCS_PREFIX, "/admin/queues", "/ui"];

/** Whether the route (its declared url) is one of the undocumented ones. */
export function isUndocumentedRoute(url: string): boolean {
  return UNDOCUMENTED_PREFIXES.some((prefix) => url === prefix || url.startsWith(`${prefix}/`));
}

/** Whether the route belongs to the documentation itself (served without a token). */
export function isApiDocsRoute(url: string): boolean {
  return url === API_DOCS_PREFIX || url.startsWith(`${API_DOCS_PREFIX}/`);
}
