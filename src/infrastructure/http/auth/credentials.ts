import type { FastifyRequest } from "fastify";

export const AUTH_TOKEN_HEADER = "X-SDS-AUTH-TOKEN";
const TOKEN_COOKIE = AUTH_TOKEN_HEADER;

export interface BasicCredentials {
  readonly userName: string;
  readonly password: string;
}

/** HTTP Basic credentials from `Authorization`, or undefined when there are none (or they are garbled). */
export function basicCredentials(request: FastifyRequest): BasicCredentials | undefined {
  const match = /^\s*basic\s+([A-Za-z0-9+/=_-]+)\s*$/i.exec(request.headers.authorization ?? "");
  if (!match?.[1]) return undefined;
  const decoded = Buffer.from(match[1], "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  if (colon <= 0) return undefined;
  return { userName: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

/** The token from the `X-SDS-AUTH-TOKEN` header, or else from the cookie of that name. */
export function authToken(request: FastifyRequest): string | undefined {
  const header = request.headers[AUTH_TOKEN_HEADER.toLowerCase()];
  const fromHeader = Array.isArray(header) ? header[0] : header;
  if (fromHeader?.trim()) return fromHeader.trim();
  return cookieValue(request.headers.cookie, TOKEN_COOKIE);
}

function cookieValue(cookieHeader: string | undefined, name: string): string | undefined {
  for (const pair of (cookieHeader ?? "").split(";")) {
    const separator = pair.indexOf("=");
    if (separator < 0 || pair.slice(0, separator).trim() !== name) continue;
    const value = pair.slice(separator + 1).trim();
    try {
      return decodeURIComponent(value) || undefined;
    } catch {
      return value || undefined;
    }
  }
  return undefined;
}

/** `Set-Cookie` value carrying the token (`?using-cookies=true` at login); `Secure` over HTTPS. */
export function tokenCookie(token: string, secure: boolean): string {
  return `${TOKEN_COOKIE}=${encodeURIComponent(token)}; Path=/; HttpOnly${secure ? "; Secure" : ""}`;
}

/** `Set-Cookie` value that removes the token cookie (at logout). */
export function expiredTokenCookie(): string {
  return `${TOKEN_COOKIE}=; Path=/; HttpOnly; Max-Age=0`;
}
