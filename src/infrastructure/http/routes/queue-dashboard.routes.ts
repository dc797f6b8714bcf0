import { createBullBoard } from "@bull-board/api";
import { BullMQAdapter } from "@bull-board/api/bullMQAdapter";
import { FastifyAdapter } from "@bull-board/fastify";
import type { FastifyReply, FastifyRequest } from "fastify";
import { ViprErrors } from "../../../domain/shared/vipr-errors.js";
import type { AuthStore } from "../auth/auth-store.js";
import { callerOfToken } from "../auth/authentication.js";
import { authToken } from "../auth/credentials.js";
import { AuthenticationRequired, sendError } from "../error-responses.js";
import type { RoutePlugin } from "../http-dependencies.js";
import { QUEUE_DASHBOARD_PATH } from "./queue-dashboard-path.js";

/**
 * The bull-board dashboard of the workflow queue at `/admin/queues`, for SYSTEM_ADMIN only.
 * A browser cannot send `X-SDS-AUTH-TOKEN`, so the token is also taken from the cookie of that
 * name that `GET /login?using-cookies=true` sets. The check is the dashboard's own hook, which
 * answers refusals itself: bull-board's plugin installs its own error handler, which would
 * otherwise turn them into its error body instead of ViPR's. Served only with observability.
 */
export const queueDashboardRoutes: RoutePlugin = async (dashboard, deps) => {
  if (!deps.observability) return;
  const board = new FastifyAdapter();
  board.setBasePath(QUEUE_DASHBOARD_PATH);
  createBullBoard({
    queues: deps.observability.queues.map((queue) => new BullMQAdapter(queue)),
    serverAdapter: board,
    options: { uiConfig: { boardTitle: "coprsim" } },
  });
  dashboard.addHook("onRequest", async (request, reply) => refuseAllButSystemAdmin(deps, request, reply));
  await dashboard.register(board.registerPlugin(), { prefix: QUEUE_DASHBOARD_PATH });
};

async function refuseAllButSystemAdmin(
  deps: { auth: AuthStore; tokenIdleTtlMs: number },
  request: FastifyRequest,
  reply: FastifyReply,
): Promise<FastifyReply | undefined> {
  try {
    const token = authToken(request);
    if (token === undefined) throw new AuthenticationRequired("No credentials were specified");
    const caller = await callerOfToken(deps.auth, token, deps.tokenIdleTtlMs);
    if (caller === null) throw new AuthenticationRequired("The authentication token is not valid or has expired");
    if (!caller.vdcRoles.has("SYSTEM_ADMIN")) throw ViprErrors.insufficientPermissions(caller.userName);
    return undefined;
  } catch (error) {
    return sendError(request, reply, error);
  }
}
