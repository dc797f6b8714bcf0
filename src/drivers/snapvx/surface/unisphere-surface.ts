import { createServer as createHttpsServer } from "node:https";
import type { AddressInfo } from "node:net";
import fastify, {
  type FastifyBaseLogger,
  type FastifyInstance,
  type FastifyRequest,
  type FastifyServerFactory,
} from "fastify";
import { basicCredentials } from "../../../infrastructure/http/auth/credentials.js";
import type { TlsCertificate } from "../../../infrastructure/http/tls-certificate.js";
import { microcodeHasSnapIds } from "../unisphere/powermax-identity.js";
import { UNISPHERE_BASE_PATH, type UnisphereErrorBody } from "../unisphere/unisphere-wire.js";
import { registerDeviceSnapshotRoutes } from "./device-snapshot.routes.js";
import type { PowerMaxArrays } from "./powermax-arrays.js";
import { registerProvisioningRoutes } from "./provisioning.routes.js";
import { registerStorageGroupSnapshotRoutes } from "./storage-group-snapshot.routes.js";
import { registerSystemRoutes, SIMULATED_UNISPHERE, type SimulatedUnisphereIdentity } from "./system.routes.js";
import { refusalOf } from "./unisphere-refusal.js";
import type { SurfaceContext } from "./unisphere-requests.js";
import type { UnisphereSurfaceStore } from "./unisphere-surface-store.js";
import type { UnisphereUser, UnisphereUsers } from "./unisphere-users.js";

export interface UnisphereSurfaceDependencies {
  readonly arrays: PowerMaxArrays;
  readonly store: UnisphereSurfaceStore;
  readonly users: UnisphereUsers;
  /** What the surface says it is; Unisphere 10.3 with PowerMax 8000 arrays on 5978.711 by default. */
  readonly identity?: SimulatedUnisphereIdentity;
  readonly logger?: FastifyBaseLogger;
}

const MAX_BODY_BYTES = 1024 * 1024;

/**
 * A Unisphere for PowerMax REST API for coprsim's simulated PowerMax (`vmax`) arrays, under
 * `/univmax/restapi` (docs/unisphere.md). Every request carries HTTP Basic credentials of one
 * of the service's users; refusals answer Unisphere's `{"message": …}`.
 */
export function createUnisphereApp(deps: UnisphereSurfaceDependencies, serverFactory?: FastifyServerFactory) {
  const identity = deps.identity ?? SIMULATED_UNISPHERE;
  const app = fastify({
    bodyLimit: MAX_BODY_BYTES,
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 512 },
    ...(deps.logger ? { loggerInstance: deps.logger } : { logger: false }),
    ...(serverFactory ? { serverFactory } : {}),
  });
  const context: SurfaceContext = {
    arrays: deps.arrays,
    store: deps.store,
    apiVersions: identity.apiVersions,
    snapIds: microcodeHasSnapIds(identity.microcode),
  };

  // Clients send `Content-Type: application/json` on every request, bodiless DELETEs included.
  app.removeContentTypeParser("application/json");
  app.addContentTypeParser("application/json", { parseAs: "string" }, (_request, text, done) => {
    const raw = String(text);
    if (raw.trim() === "") return done(null, undefined);
    try {
      done(null, JSON.parse(raw));
    } catch {
      done(Object.assign(new Error("The request body is not valid JSON"), { statusCode: 400 }), undefined);
    }
  });

  app.addHook("onRequest", async (request, reply) => {
    const credentials = basicCredentials(request);
    const user = credentials ? await deps.users.authenticate(credentials.userName, credentials.password) : null;
    if (!user) {
      return reply.code(401).header("WWW-Authenticate", 'Basic realm="Unisphere"').send(errorBody("Unauthorized"));
    }
    if (request.method !== "GET" && !user.mayChange) {
      return reply.code(403).send(errorBody(`User ${user.name} is not authorized to change the array`));
    }
    (request as FastifyRequest & { unisphereUser?: UnisphereUser }).unisphereUser = user;
    return undefined;
  });

  app.setErrorHandler((error, request, reply) => {
    const refusal = refusalOf(error);
    if (refusal) return reply.code(refusal.status).send(errorBody(refusal.message));
    const status = (error as { statusCode?: number }).statusCode;
    if (status !== undefined && status >= 400 && status < 500) {
      return reply.code(status).send(errorBody((error as Error).message));
    }
    request.log.error({ err: error }, "Unisphere request failed");
    return reply.code(500).send(errorBody("Internal error of the simulated Unisphere"));
  });
  app.setNotFoundHandler((request, reply) =>
    reply.code(404).send(errorBody(`No resource at ${request.method} ${request.url.split("?")[0]}`)),
  );

  app.register(
    async (surface) => {
      registerSystemRoutes(surface, context, identity);
      registerProvisioningRoutes(surface, context);
      registerStorageGroupSnapshotRoutes(surface, context);
      registerDeviceSnapshotRoutes(surface, context);
    },
    { prefix: UNISPHERE_BASE_PATH },
  );
  return app;
}

export interface RunningUnisphereSurface {
  readonly port: number;
  close(): Promise<void>;
}

/** Serves the surface over HTTPS with the service's certificate. */
export async function startUnisphereSurface(
  deps: UnisphereSurfaceDependencies,
  options: { readonly port: number; readonly host: string; readonly tls: TlsCertificate },
): Promise<RunningUnisphereSurface> {
  const app: FastifyInstance = createUnisphereApp(deps, (handler) =>
    createHttpsServer({ key: options.tls.key, cert: options.tls.cert }, handler),
  );
  await app.listen({ port: options.port, host: options.host });
  return {
    port: (app.server.address() as AddressInfo).port,
    async close() {
      // Keep-alive connections of clients would hold the close until they let go.
      const sweep = setInterval(() => app.server.closeIdleConnections(), 50);
      try {
        await app.close();
      } finally {
        clearInterval(sweep);
      }
    },
  };
}

function errorBody(message: string): UnisphereErrorBody {
  return { message };
}
