import type { FastifyRequest } from "fastify";
import { ViprErrors } from "../../../domain/shared/vipr-errors.js";
import type { Caller } from "../../../domain/tenancy/caller.js";
import { PROXY_USER_ROLE } from "../../config/configured-users.js";
import { AuthenticationRequired } from "../error-responses.js";
import type { AuthStore, AuthUser } from "./auth-store.js";

export const PROXY_TOKEN_HEADER = "X-SDS-AUTH-PROXY-TOKEN";

function proxyTokenOf(request: FastifyRequest): string | undefined {
  const header = request.headers[PROXY_TOKEN_HEADER.toLowerCase()];
  const value = (Array.isArray(header) ? header[0] : header)?.trim();
  return value || undefined;
}

/**
 * ViPR's proxy tokens: a user's proxy token lets a proxy user (one holding PROXY_USER) act as
 * that user, by sending it in `X-SDS-AUTH-PROXY-TOKEN` beside its own login token. Without the
 * header the login token's user acts. A proxy token alone authenticates nobody.
 */
export async function actingCaller(
  auth: AuthStore,
  request: FastifyRequest,
  caller: Caller,
  callerOf: (user: AuthUser) => Caller,
): Promise<Caller> {
  const proxyToken = proxyTokenOf(request);
  if (proxyToken === undefined) return caller;
  const proxyUser = await auth.findUser(caller.userName);
  if (!proxyUser?.vdcRoles.includes(PROXY_USER_ROLE)) throw ViprErrors.insufficientPermissions(caller.userName);
  const represented = await auth.userOfProxyToken(proxyToken);
  if (represented === null) throw new AuthenticationRequired("The proxy token is not valid");
  return { ...callerOf(represented), proxiedBy: caller.userName };
}
