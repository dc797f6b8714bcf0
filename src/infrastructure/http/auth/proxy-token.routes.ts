import type { FastifyInstance } from "fastify";
import { ViprErrors } from "../../../domain/shared/vipr-errors.js";
import { documented } from "../api-docs/operation-docs.js";
import { authOperations } from "../api-docs/operations/auth.operations.js";
import type { HttpDependencies } from "../http-dependencies.js";
import { requestCaller } from "./authentication.js";
import { PROXY_TOKEN_HEADER } from "./proxy-caller.js";

/** `GET /proxytoken`: a proxy token for the caller, in `X-SDS-AUTH-PROXY-TOKEN`; no body. */
export function registerProxyTokenRoutes(app: FastifyInstance, { auth }: HttpDependencies): void {
  app.get("/proxytoken", documented(authOperations.proxyToken), async (request, reply) => {
    const caller = requestCaller(request);
    if (caller.proxiedBy !== undefined) throw ViprErrors.insufficientPermissions(caller.proxiedBy);
    reply.header(PROXY_TOKEN_HEADER, await auth.issueProxyToken(caller.userName));
    return reply.code(200).send();
  });
}
