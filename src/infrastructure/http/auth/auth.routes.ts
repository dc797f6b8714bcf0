import { ViprErrors } from "../../../domain/shared/vipr-errors.js";
import { documented } from "../api-docs/operation-docs.js";
import { authOperations } from "../api-docs/operations/auth.operations.js";
import { sendRepresentation } from "../codecs/reply.js";
import { AuthenticationRequired } from "../error-responses.js";
import type { RoutePlugin } from "../http-dependencies.js";
import {
  loggedInRepresentation,
  loggedOutRepresentation,
  whoAmIRepresentation,
} from "../representations/auth.representations.js";
import { callerOfToken, requestCaller } from "./authentication.js";
import { AUTH_TOKEN_HEADER, authToken, basicCredentials, expiredTokenCookie, tokenCookie } from "./credentials.js";
import { PROXY_TOKEN_HEADER } from "./proxy-caller.js";

function isTrue(query: unknown, name: string): boolean {
  const value = (query as Record<string, unknown> | undefined)?.[name];
  return typeof value === "string" && value.toLowerCase() === "true";
}

function usesCookies(query: unknown): boolean {
  return isTrue(query, "using-cookies");
}

/**
 * `GET /login`, `GET /logout` (`?proxytokens=true` also ends the user's proxy tokens), `GET /user/whoami`
 * (docs/api/tenancy.md, "Logging in and tokens"), and `GET /proxytoken`: a proxy token for the
 * caller, in `X-SDS-AUTH-PROXY-TOKEN`, with no body.
 */
export const authRoutes: RoutePlugin = async (app, { auth, tokenIdleTtlMs }) => {
  app.get("/login", documented(authOperations.login), async (request, reply) => {
    const credentials = basicCredentials(request);
    if (credentials) {
      const user = await auth.findUser(credentials.userName);
      if (!user || !(await auth.verifyPassword(user, credentials.password))) {
        throw new AuthenticationRequired("Invalid username or password");
      }
      const token = await auth.issueToken(user.name, tokenIdleTtlMs);
      reply.header(AUTH_TOKEN_HEADER, token);
      if (usesCookies(request.query)) reply.header("Set-Cookie", tokenCookie(token, request.protocol === "https"));
      return sendRepresentation(request, reply, 200, loggedInRepresentation(user.name));
    }
    const token = authToken(request);
    if (token === undefined) throw new AuthenticationRequired("No credentials were specified");
    const caller = await callerOfToken(auth, token, tokenIdleTtlMs);
    if (caller === null) throw new AuthenticationRequired("The authentication token is not valid or has expired");
    reply.header(AUTH_TOKEN_HEADER, token);
    return sendRepresentation(request, reply, 200, loggedInRepresentation(caller.userName));
  });

  app.get("/logout", documented(authOperations.logout), async (request, reply) => {
    const caller = requestCaller(request);
    const token = authToken(request);
    if (token !== undefined) await auth.revokeToken(token);
    if (isTrue(request.query, "proxytokens")) await auth.revokeProxyTokens(caller.userName);
    if (request.headers.cookie !== undefined) reply.header("Set-Cookie", expiredTokenCookie());
    return sendRepresentation(request, reply, 200, loggedOutRepresentation(caller.userName));
  });

  app.get("/user/whoami", documented(authOperations.whoAmI), async (request, reply) => {
    const caller = requestCaller(request);
    return sendRepresentation(
      request,
      reply,
      200,
      whoAmIRepresentation({
        name: caller.userName,
        tenantId: caller.tenantId,
        vdcRoles: [...caller.vdcRoles],
        homeTenantRoles: [...(caller.tenantRoles.get(caller.tenantId) ?? [])],
        subtenantRoles: [...caller.tenantRoles]
          .filter(([tenantId, roles]) => tenantId !== caller.tenantId && roles.size > 0)
          .map(([tenantId, roles]) => ({ tenantId, roles: [...roles] })),
      }),
    );
  });

  app.get("/proxytoken", documented(authOperations.proxyToken), async (request, reply) => {
    const caller = requestCaller(request);
    if (caller.proxiedBy !== undefined) throw ViprErrors.insufficientPermissions(caller.proxiedBy);
    reply.header(PROXY_TOKEN_HEADER, await auth.issueProxyToken(caller.userName));
    return reply.code(200).send();
  });
};
