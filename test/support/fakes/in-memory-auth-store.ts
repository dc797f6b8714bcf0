import { randomBytes, scryptSync, timingSafeEqual } from "node:crypto";
import type { Clock } from "../../../src/application/ports/clock.js";
import type { AuthStore, AuthUser } from "../../../src/infrastructure/http/auth/auth-store.js";

export interface UserToAdd {
  readonly name: string;
  readonly password: string;
  readonly tenantId: string;
  readonly vdcRoles?: string[];
  readonly tenantRoles?: Record<string, string[]>;
}

/** Cheap scrypt parameters: a fake needs the behaviour of a hash, not its cost. */
const SCRYPT = { N: 1024, r: 8, p: 1 } as const;

function hashPassword(password: string): string {
  const salt = randomBytes(16);
  return `scrypt$${salt.toString("hex")}$${scryptSync(password, salt, 32, SCRYPT).toString("hex")}`;
}

/**
 * Users with scrypt-hashed passwords and random tokens that expire after their idle time on
 * the given clock; each resolution counts as use.
 */
export class InMemoryAuthStore implements AuthStore {
  private readonly users = new Map<string, AuthUser>();
  private readonly tokens = new Map<string, { userName: string; lastUsedAt: number }>();

  constructor(private readonly clock: Clock) {}

  addUser(user: UserToAdd): void {
    this.users.set(user.name, {
      name: user.name,
      passwordHash: hashPassword(user.password),
      tenantId: user.tenantId,
      vdcRoles: user.vdcRoles ?? [],
      tenantRoles: user.tenantRoles ?? {},
    });
  }

  /** Every user, as stored: a change to one applies to its next request. */
  allUsers(): AuthUser[] {
    return [...this.users.values()];
  }

  async findUser(name: string): Promise<AuthUser | null> {
    return this.users.get(name) ?? null;
  }

  async verifyPassword(user: AuthUser, password: string): Promise<boolean> {
    const [, saltHex, hashHex] = user.passwordHash.split("$");
    if (!saltHex || !hashHex) return false;
    const expected = Buffer.from(hashHex, "hex");
    const actual = scryptSync(password, Buffer.from(saltHex, "hex"), expected.length, SCRYPT);
    return timingSafeEqual(actual, expected);
  }

  async issueToken(userName: string, _idleTtlMs: number): Promise<string> {
    const token = randomBytes(24).toString("base64url");
    this.tokens.set(token, { userName, lastUsedAt: this.clock.now() });
    return token;
  }

  async resolveToken(token: string, idleTtlMs: number): Promise<string | null> {
    const entry = this.tokens.get(token);
    if (!entry) return null;
    const now = this.clock.now();
    if (now - entry.lastUsedAt > idleTtlMs) {
      this.tokens.delete(token);
      return null;
    }
    entry.lastUsedAt = now;
    return entry.userName;
  }

  async userOfToken(token: string, idleTtlMs: number): Promise<AuthUser | null> {
    const userName = await this.resolveToken(token, idleTtlMs);
    return userName === null ? null : this.findUser(userName);
  }

  async revokeToken(token: string): Promise<void> {
    this.tokens.delete(token);
  }

  private readonly proxyTokens = new Map<string, string>();

  async issueProxyToken(userName: string): Promise<string> {
    const token = randomBytes(24).toString("base64url");
    this.proxyTokens.set(token, userName);
    return token;
  }

  async userOfProxyToken(token: string): Promise<AuthUser | null> {
    const userName = this.proxyTokens.get(token);
    return userName === undefined ? null : this.findUser(userName);
  }

  async revokeProxyTokens(userName: string): Promise<void> {
    for (const [token, owner] of this.proxyTokens) if (owner === userName) this.proxyTokens.delete(token);
  }
}
