import { fileURLToPath } from "node:url";
import fastifyStatic from "@fastify/static";
import type { RoutePlugin } from "../http-dependencies.js";

/** Where the web dashboard is served. Its files need no token; the API calls it makes carry one. */
export const DASHBOARD_PATH = "/ui";

/** The routes that serve the dashboard's files, as the token check sees them. */
export const DASHBOARD_ROUTES: readonly string[] = [DASHBOARD_PATH, `${DASHBOARD_PATH}/*`];

/** Plain HTML, CSS and ES modules, served as they are (no build step). */
const DASHBOARD_FILES = fileURLToPath(new URL("../ui/", import.meta.url));

/** The dashboard talks only to the API of the origin that served it. */
const CONTENT_SECURITY_POLICY = "default-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

/**
 * `GET /ui/`: the web dashboard, a client of the public API. A plugin of its own, so that its
 * `sendFile` does not meet other plugins that serve files.
 */
export const dashboardRoutes: RoutePlugin = async (dashboard) => {
  await dashboard.register(fastifyStatic, {
    root: DASHBOARD_FILES,
    prefix: `${DASHBOARD_PATH}/`,
    index: false,
    setHeaders: (reply) => {
      reply.header("content-security-policy", CONTENT_SECURITY_POLICY);
      reply.header("x-content-type-options", "nosniff");
    },
  });
  // The router ignores trailing slashes, so `/ui` and `/ui/` both land here; the page's
  // relative module paths need the slash.
  dashboard.get(DASHBOARD_PATH, (request, reply) =>
    request.url.split("?")[0]?.endsWith("/") ? reply.sendFile("index.html") : reply.redirect(`${DASHBOARD_PATH}/`, 301),
  );
};
