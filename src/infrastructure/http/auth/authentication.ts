import type { FastifyReply, FastifyRequest } from "fastify";
import { InvariantViolation } from "../../../domain/shared/service-error.js";
import type { Caller, TenantRole, VdcRole } from "../../../domain/tenancy/caller.js";
import { isApiDocsRoute } from "../api-docs/api-docs-paths.js";
import { AuthenticationRequired } from "../error-responses.js";
import { DASHBOARD_ROUTES } from "../routes/dashboard.routes.js";
import { LIVENESS_PATH, READINESS_PATH } from "../routes/health.routes.js";
import { METRICS_PATH } from "../routes/metrics.routes.js";
import { isQueueDashboardUrl } from "../routes/queue-dashboard-path.js";
import type { AuthStore, AuthUser } from "./auth-store.js";
import { authToken } from "./credentials.js";
import { actingCaller } from "./proxy-caller.js";

const VDC_ROLES: ReadonlySet<string> = new Set<VdcRole>([
  "SYSTEM_ADMIN",
  "SECURITY_ADMIN",
  "SYSTEM_MONITOR",
  "SYSTEM_AUDITOR",
]);
const TENANT_ROLES: ReadonlySet<string> = new Set<TenantRole>(["TENANT_ADMIN", "PROJECT_ADMIN", "TENANT_APPROVER"]);

function isVdcRole(role: string): role is VdcRole {
  return VDC_ROLES.has(role);
}

function isTenantRole(role: string): role is TenantRole {
  return TENANT_ROLES.has(role);
}

/** The caller a user acts as; roles the controller does not know are ignored. */
export function callerOf(user: AuthUser): Caller {
  return {
    userName: user.name,
    tenantId: user.tenantId,
    vdcRoles: new Set(user.vdcRoles.filter(isVdcRole)),
    tenantRoles: new Map(
      Object.entries(user.tenantRoles).map(([tenantId, roles]) => [tenantId, new Set(roles.filter(isTenantRole))]),
    ),
  };
}

/** The caller behind a token, or null when the token is unknown, revoked or expired. */
export async function callerOfToken(auth: AuthStore, token: string, idleTtlMs: number): Promise<Caller | null> {
  const user = await auth.userOfToken(token, idleTtlMs);
  return user ? callerOf(user) : null;
}

const callers = new WeakMap<FastifyRequest, Caller>();

/**
 * Routes that authenticate on their own (`GET /login` takes Basic credentials, the queue
 * dashboard checks its callers itself), health checks, the Prometheus scrape, the dashboard's files;
 * the API documentation (`/apidocs`: "Try it out" sends the token the page is given).
 */
const PUBLIC_ROUTES: ReadonlySet<string> = new Set([
  "/login",
  LIVENESS_PATH,
  READINESS_PATH,
  METRICS_PATH,
  ...DASHBOARD_ROUTES,
]);

/**
 * The `onRequest` hook: every route but the public ones needs a valid `X-SDS-AUTH-TOKEN`
 * (header or cookie). This is check 1 of every operation; it runs before the body is read.
 */
export function requireToken(auth: AuthStore, idleTtlMs: number) {
  return async (request: FastifyRequest, _reply: FastifyReply): Promise<void> => {
    const route = request.routeOptions.url ?? "";
    if (PUBLIC_ROUTES.has(route) || isQueueDashboardUrl(route) || isApiDocsRoute(route)) return;
    const token = authToken(request);
    if (token === undefined) throw new AuthenticationRequired("No credentials were specified");
    const caller = await callerOfToken(auth, token, idleTtlMs);
    if (caller === null) throw new AuthenticationRequired("The authentication token is not valid or has expired");
    callers.set(request, await actingCaller(auth, request, caller, callerOf));
  };
}

/** The authenticated caller of a request that passed {@link requireToken}. */
export function requestCaller(request: FastifyRequest): Caller {
  const caller = callers.get(request);
  if (!caller) throw new InvariantViolation(`no authenticated caller for ${request.method} ${request.url}`);
  return caller;
}
