import { createHmac, randomBytes } from "node:crypto";
import type { AuthStore } from "../../../infrastructure/http/auth/auth-store.js";

/** What a user may do on the surface: read, or also change (provision, SnapVX). */
export interface UnisphereUser {
  readonly name: string;
  readonly mayChange: boolean;
}

/** Checks the HTTP Basic credentials every Unisphere request carries. */
export interface UnisphereUsers {
  /** The user, or null for wrong credentials or a user without a role on the surface. */
  authenticate(userName: string, password: string): Promise<UnisphereUser | null>;
}

/** How long a checked user name and password are taken as right without checking them again. */
const VERIFIED_FOR_MS = 30_000;
const ROLES_THAT_CHANGE = ["SYSTEM_ADMIN"];
const ROLES_THAT_READ = ["SYSTEM_ADMIN", "SYSTEM_MONITOR"];

/**
 * The service's own users (docs/unisphere.md, "Users"): SYSTEM_ADMIN may do everything,
 * SYSTEM_MONITOR may read; anyone else is refused. Unisphere clients send the password with
 * every request and the stored hash is slow to check on purpose, so a checked pair is
 * remembered for a while, keyed by an HMAC of it under a key of this process (the password
 * itself is not kept); a changed password or role applies within that while.
 */
export class ServiceUsersOnUnisphere implements UnisphereUsers {
  private readonly key = randomBytes(32);
  private readonly verified = new Map<string, { readonly user: UnisphereUser; readonly until: number }>();

  constructor(
    private readonly auth: AuthStore,
    private readonly now: () => number = Date.now,
  ) {}

  async authenticate(userName: string, password: string): Promise<UnisphereUser | null> {
    const pair = createHmac("sha256", this.key).update(userName).update("\0").update(password).digest("base64");
    const now = this.now();
    const known = this.verified.get(pair);
    if (known && known.until > now) return known.user;
    this.verified.delete(pair);

    const stored = await this.auth.findUser(userName);
    if (!stored || !(await this.auth.verifyPassword(stored, password))) return null;
    if (!stored.vdcRoles.some((role) => ROLES_THAT_READ.includes(role))) return null;
    const user = { name: stored.name, mayChange: stored.vdcRoles.some((role) => ROLES_THAT_CHANGE.includes(role)) };
    if (this.verified.size > 1000) this.verified.clear();
    this.verified.set(pair, { user, until: now + VERIFIED_FOR_MS });
    return user;
  }
}
