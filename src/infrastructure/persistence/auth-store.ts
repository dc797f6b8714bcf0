import { createHash, randomBytes } from "node:crypto";
import type { DataSource } from "typeorm";
import { type Clock, systemClock } from "../../application/ports/clock.js";
import type { TenantRole, VdcRole } from "../../domain/tenancy/caller.js";
import { hashPassword, verifyPasswordHash } from "./password-hash.js";

export { hashPassword } from "./password-hash.js";

/** A local user as authentication needs it. */
export interface AuthUser {
  readonly name: string;
  readonly passwordHash: string;
  readonly tenantId: string;
  readonly vdcRoles: VdcRole[];
  /** Roles by tenant id. */
  readonly tenantRoles: Record<string, TenantRole[]>;
}

const TOKEN_BYTES = 32;

interface UserRow {
  name: string;
  password_hash: string;
  tenant_id: string;
  vdc_roles: string[];
  tenant_roles: unknown;
}

function authUser(row: UserRow): AuthUser {
  return {
    name: row.name,
    passwordHash: row.password_hash,
    tenantId: row.tenant_id,
    vdcRoles: row.vdc_roles as VdcRole[],
    tenantRoles: row.tenant_roles as Record<string, TenantRole[]>,
  };
}

function digest(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

/**
 * Users and login tokens in Postgres. A token is 256 random bits, handed out once; only its
 * SHA-256 is stored. Tokens expire after `idleTtlMs` without use (sliding expiry).
 */
export class PgAuthStore {
  /** Only to burn the same time for unknown users as for known ones. */
  private static decoyHash: Promise<string> | undefined;

  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock = systemClock,
  ) {}

  static hashPassword(password: string): Promise<string> {
    return hashPassword(password);
  }

  /** The active user of that name, or null. */
  async findUser(name: string): Promise<AuthUser | null> {
    const rows: UserRow[] = await this.dataSource.query(
      "SELECT name, password_hash, tenant_id, vdc_roles, tenant_roles FROM users WHERE name = $1 AND NOT inactive",
      [name],
    );
    return rows[0] === undefined ? null : authUser(rows[0]);
  }

  /**
   * Whether the password is the user's. With `null` (no such user) it still spends the
   * time of a hash comparison and answers false, so timing does not reveal user names.
   */
  async verifyPassword(user: Pick<AuthUser, "passwordHash"> | null, password: string): Promise<boolean> {
    if (user === null) {
      PgAuthStore.decoyHash ??= hashPassword("decoy password");
      await verifyPasswordHash(await PgAuthStore.decoyHash, password);
      return false;
    }
    return verifyPasswordHash(user.passwordHash, password);
  }

  /** A new token for the user; it expires after `idleTtlMs` without use. */
  async issueToken(userName: string, idleTtlMs: number): Promise<string> {
    const token = randomBytes(TOKEN_BYTES).toString("base64url");
    const now = this.clock.now();
    await this.dataSource.query("DELETE FROM auth_tokens WHERE expires_at < $1", [now]);
    await this.dataSource.query(
      "INSERT INTO auth_tokens (token_hash, user_name, created_at, last_used_at, expires_at) VALUES ($1, $2, $3, $3, $4)",
      [digest(token), userName, now, now + idleTtlMs],
    );
    return token;
  }

  /**
   * The name of the active user holding the token, or null when the token is unknown, was
   * revoked, or was idle for `idleTtlMs` or longer. A successful resolve extends the token's
   * life; the stored last-use time is refreshed at most once per `min(1 min, ttl / 10)`, so
   * a busy client does not write on every request.
   */
  async resolveToken(token: string, idleTtlMs: number): Promise<string | null> {
    return (await this.userOfToken(token, idleTtlMs))?.name ?? null;
  }

  /** {@link resolveToken}'s user, whole, from the same single statement. */
  async userOfToken(token: string, idleTtlMs: number): Promise<AuthUser | null> {
    const now = this.clock.now();
    const refreshAfter = Math.min(60_000, Math.floor(idleTtlMs / 10));
    const rows: UserRow[] = await this.dataSource.query(
      `WITH live AS (
         SELECT token_hash, user_name, last_used_at FROM auth_tokens
         WHERE token_hash = $1 AND NOT proxy AND last_used_at > $2::bigint - $3::bigint
       ), touched AS (
         UPDATE auth_tokens a SET last_used_at = $2, expires_at = $2::bigint + $3::bigint
         FROM live WHERE a.token_hash = live.token_hash AND live.last_used_at <= $2::bigint - $4::bigint
       )
       SELECT u.name, u.password_hash, u.tenant_id, u.vdc_roles, u.tenant_roles
       FROM live JOIN users u ON u.name = live.user_name AND NOT u.inactive`,
      [digest(token), now, idleTtlMs, refreshAfter],
    );
    return rows[0] === undefined ? null : authUser(rows[0]);
  }

  /** Invalidates the token; unknown tokens are ignored. */
  async revokeToken(token: string): Promise<void> {
    await this.dataSource.query("DELETE FROM auth_tokens WHERE token_hash = $1", [digest(token)]);
  }

  /** A proxy token: stored like a login token (its hash only), flagged, and never idle-expired. */
  async issueProxyToken(userName: string): Promise<string> {
    const token = randomBytes(TOKEN_BYTES).toString("base64url");
    const now = this.clock.now();
    await this.dataSource.query(
      `INSERT INTO auth_tokens (token_hash, user_name, created_at, last_used_at, expires_at, proxy)
       VALUES ($1, $2, $3, $3, $4, true)`,
      [digest(token), userName, now, Number.MAX_SAFE_INTEGER],
    );
    return token;
  }

  async userOfProxyToken(token: string): Promise<AuthUser | null> {
    const rows: UserRow[] = await this.dataSource.query(
      `SELECT u.name, u.password_hash, u.tenant_id, u.vdc_roles, u.tenant_roles
       FROM auth_tokens t JOIN users u ON u.name = t.user_name AND NOT u.inactive
       WHERE t.token_hash = $1 AND t.proxy`,
      [digest(token)],
    );
    return rows[0] === undefined ? null : authUser(rows[0]);
  }

  async revokeProxyTokens(userName: string): Promise<void> {
    await this.dataSource.query("DELETE FROM auth_tokens WHERE user_name = $1 AND proxy", [userName]);
  }
}
