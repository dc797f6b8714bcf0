import { createServer as createHttpsServer } from "node:https";
import type { AddressInfo } from "node:net";
import fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyServerFactory } from "fastify";
import { registerApiDocs } from "./api-docs/api-docs.js";
import { recordDeclaredRoutes } from "./api-docs/declared-routes.js";
import { authRoutes } from "./auth/auth.routes.js";
import { requireToken } from "./auth/authentication.js";
import { captureRawBodies, MAX_BODY_BYTES } from "./codecs/raw-body.js";
import { refuseUnacceptableRequests } from "./codecs/reply.js";
import { sendError } from "./error-responses.js";
import type { HttpDependencies, RoutePlugin } from "./http-dependencies.js";
import { echoRequestId, requestIdOf } from "./request-id.js";
import { answerFrameworkError, trackRoutes } from "./route-refusals.js";
import { consistencyGroupProtectionRoutes } from "./routes/consistency-group-protection.routes.js";
import { consistencyGroupRoutes } from "./routes/consistency-groups.routes.js";
import { dashboardRoutes } from "./routes/dashboard.routes.js";
import { healthRoutes } from "./routes/health.routes.js";
import { metricsRoutes, observeRequests } from "./routes/metrics.routes.js";
import { queueDashboardRoutes } from "./routes/queue-dashboard.routes.js";
import { simRoutes } from "./routes/sim.routes.js";
import { snapshotSessionRoutes } from "./routes/snapshot-sessions.routes.js";
import { snapshotRoutes } from "./routes/snapshots.routes.js";
import { storageRoutes } from "./routes/storage.routes.js";
import { taskRoutes } from "./routes/tasks.routes.js";
import { tenancyRoutes } from "./routes/tenancy.routes.js";
import { upgradeRoutes } from "./routes/upgrade.routes.js";
import { volumeRoutes } from "./routes/volumes.routes.js";
import type { TlsCertificate } from "./tls-certificate.js";

export type { HttpDependencies } from "./http-dependencies.js";

/**
 * Every concept's routes, in the order the API documentation lists them. Each plugin takes the
 * services it calls from the dependencies; the operators' plugins (readiness, metrics, the queue
 * dashboard) declare nothing without observability.
 */
const ROUTE_PLUGINS: readonly RoutePlugin[] = [
  healthRoutes,
  authRoutes,
  upgradeRoutes,
  tenancyRoutes,
  storageRoutes,
  volumeRoutes,
  consistencyGroupRoutes,
  snapshotSessionRoutes,
  snapshotRoutes,
  consistencyGroupProtectionRoutes,
  taskRoutes,
  metricsRoutes,
  simRoutes,
  queueDashboardRoutes,
  dashboardRoutes,
];

/** The ViPR-compatible API as a fastify app on plain HTTP (use `inject()` in tests). */
export function createHttpApp(deps: HttpDependencies): FastifyInstance {
  return buildApp(deps);
}

function buildApp(deps: HttpDependencies, serverFactory?: FastifyServerFactory): FastifyInstance {
  const loggerInstance: FastifyBaseLogger | undefined = deps.logger;
  const app = fastify({
    bodyLimit: MAX_BODY_BYTES,
    // A path segment over 256 characters cannot be an id: 400/1002 (answerFrameworkError). Not
    // fastify's 100: the queue dashboard's job ids, a task's and a target's URNs, run to ~160.
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 256 },
    genReqId: requestIdOf,
    frameworkErrors: answerFrameworkError,
    ...(loggerInstance ? { loggerInstance } : { logger: false }),
    ...(serverFactory ? { serverFactory } : {}),
  });
  echoRequestId(app);
  recordDeclaredRoutes(app);
  captureRawBodies(app);
  const refusalFor = trackRoutes(app);
  app.addHook("onRequest", requireToken(deps.auth, deps.tokenIdleTtlMs));
  refuseUnacceptableRequests(app);
  if (deps.observability) observeRequests(app, deps.observability.metrics);
  app.setErrorHandler((error, request, reply) => sendError(request, reply, error));
  app.setNotFoundHandler((request, reply) => {
    const refusal = refusalFor(request);
    if (refusal.allow !== undefined) reply.header("Allow", refusal.allow);
    return sendError(request, reply, refusal.error);
  });

  // The documentation's generator sees only the routes declared once it has loaded: the route
  // plugins are registered after it, and fastify loads plugins in the order they are registered.
  registerApiDocs(app);
  for (const routes of ROUTE_PLUGINS) app.register(routes, deps);
  return app;
}

export interface HttpServersOptions {
  /** Plain HTTP, for local tooling; 8080 by default (0 picks a free port). */
  readonly httpPort?: number;
  /** HTTPS; 4443 by default (0 picks a free port). */
  readonly httpsPort?: number;
  /** The address both listen on; all interfaces by default. */
  readonly host?: string;
  readonly tls: TlsCertificate;
}

export interface RunningHttpServers {
  readonly httpPort: number;
  readonly httpsPort: number;
  /** Stops accepting connections and resolves once the requests in flight are answered. */
  close(): Promise<void>;
}

/** Serves the same API on plain HTTP and on HTTPS. */
export async function startHttpServers(
  deps: HttpDependencies,
  options: HttpServersOptions,
): Promise<RunningHttpServers> {
  const host = options.host ?? "0.0.0.0";
  const plain = buildApp(deps);
  const secure = buildApp(deps, (handler) =>
    createHttpsServer({ key: options.tls.key, cert: options.tls.cert }, handler),
  );
  const close = async () => {
    // Closing closes the idle keep-alive connections only once; a connection busy then goes idle
    // once answered, and would hold the close until its client let go (up to a minute).
    const sweep = setInterval(() => {
      plain.server.closeIdleConnections();
      secure.server.closeIdleConnections();
    }, 50);
    try {
      await Promise.all([plain.close(), secure.close()]);
    } finally {
      clearInterval(sweep);
    }
  };
  try {
    await plain.listen({ port: options.httpPort ?? 8080, host });
    await secure.listen({ port: options.httpsPort ?? 4443, host });
  } catch (error) {
    await close();
    throw error;
  }
  return {
    httpPort: (plain.server.address() as AddressInfo).port,
    httpsPort: (secure.server.address() as AddressInfo).port,
    close,
  };
}
