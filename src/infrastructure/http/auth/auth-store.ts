/** A local user as authentication needs it; `tenantRoles` maps a tenant id to the roles held there. */
export interface AuthUser {
  name: string;
  passwordHash: string;
  tenantId: string;
  vdcRoles: string[];
  tenantRoles: Record<string, string[]>;
}

/**
 * Users and login tokens. Tokens are random (at least 128 bits) and stored only as hashes;
 * a token expires after `idleTtlMs` without use, and each successful resolution counts as use.
 */
export interface AuthStore {
  /** The user with that name, or null. */
  findUser(name: string): Promise<AuthUser | null>;
  /** Whether the password matches the user's stored hash (constant-time comparison). */
  verifyPassword(user: AuthUser, password: string): Promise<boolean>;
  /** A new token for the user, valid until `idleTtlMs` passes without use. */
  issueToken(userName: string, idleTtlMs: number): Promise<string>;
  /** The name of the token's user, refreshing its idle timer; null when unknown, revoked or expired. */
  resolveToken(token: string, idleTtlMs: number): Promise<string | null>;
  /** Like {@link resolveToken}, but the whole active user, in one look-up (every request makes it). */
  userOfToken(token: string, idleTtlMs: number): Promise<AuthUser | null>;
  /** Invalidates the token; an unknown token is not an error. */
  revokeToken(token: string): Promise<void>;
  /** A new proxy token for the user (`GET /proxytoken`): not a login token, and without idle expiry. */
  issueProxyToken(userName: string): Promise<string>;
  /** The active user a proxy token stands for, or null when unknown or revoked. */
  userOfProxyToken(token: string): Promise<AuthUser | null>;
  /** Invalidates every proxy token of the user. */
  revokeProxyTokens(userName: string): Promise<void>;
}
