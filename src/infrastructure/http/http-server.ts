import { createServer as createHttpsServer } from "node:https";
import type { AddressInfo } from "node:net";
import fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyServerFactory } from "fastify";
import { registerApiDocs } from "./api-docs/api-docs.js";
import { recordDeclaredRoutes } from "./api-docs/declared-routes.js";
import { registerAuthRoutes } from "./auth/auth.routes.js";
import { requireToken } from "./auth/authentication.js";
import { registerProxyTokenRoutes } from "./auth/proxy-token.routes.js";
import { captureRawBodies, MAX_BODY_BYTES } from "./codecs/raw-body.js";
import { refuseUnacceptableRequests } from "./codecs/reply.js";
import { sendError } from "./error-responses.js";
import type { HttpDependencies } from "./http-dependencies.js";
import { echoRequestId, requestIdOf } from "./request-id.js";
import { answerFrameworkError, trackRoutes } from "./route-refusals.js";
import { registerDashboard } from "./routes/dashboard.routes.js";
import { registerHealthRoutes } from "./routes/health.routes.js";
import { observeRequests, registerMetricsRoute } from "./routes/metrics.routes.js";
import { registerQueueDashboard } from "./routes/queue-dashboard.routes.js";
import { registerSimRoutes } from "./routes/sim.routes.js";
import { registerSnapshotSessionRoutes } from "./routes/snapshot-sessions.routes.js";
import { registerSnapshotRoutes } from "./routes/snapshots.routes.js";
import { registerStorageRoutes } from "./routes/storage.routes.js";
import { registerStorageAdministrationRoutes } from "./routes/storage-administration.routes.js";
import { registerTaskRoutes } from "./routes/tasks.routes.js";
import { registerTenancyRoutes } from "./routes/tenancy.routes.js";
import { registerUpgradeRoutes } from "./routes/upgrade.routes.js";
import { registerVolumeRoutes } from "./routes/volumes.routes.js";
import type { TlsCertificate } from "./tls-certificate.js";

export type { HttpDependencies } from "./http-dependencies.js";

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

  registerApiDocs(app);
  // The routes are declared once the documentation's plugin is loaded, so that its generator sees them all.
  app.after(() => {
    registerHealthRoutes(app, deps.observability?.readiness);
    registerAuthRoutes(app, deps);
    registerProxyTokenRoutes(app, deps);
    registerUpgradeRoutes(app);
    registerTenancyRoutes(app, deps);
    registerStorageRoutes(app, deps);
    registerStorageAdministrationRoutes(app, deps);
    registerVolumeRoutes(app, deps);
    registerSnapshotSessionRoutes(app, deps);
    registerSnapshotRoutes(app, deps);
    registerTaskRoutes(app, deps);
    registerSimRoutes(app, deps);
    if (deps.observability) {
      registerMetricsRoute(app, deps.observability.metrics);
      registerQueueDashboard(app, { ...deps, queues: deps.observability.queues });
    }
    registerDashboard(app);
  });
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
