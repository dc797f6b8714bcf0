import { isTenantRole, isVdcRole } from "../../domain/tenancy/caller.js";

/** A local user beyond root and sysmonitor, from `COPRSIM_USERS`. */
export interface ConfiguredUser {
  readonly name: string;
  readonly password: string;
  /** The home tenant's name: the provider tenant, or a subtenant of it (created when missing). */
  readonly tenant: string | null;
  /** VDC roles, and tenant roles held in the home tenant. */
  readonly roles: readonly string[];
}

/** ViPR's proxy user role: its holder may act for another user with that user's proxy token. */
export const PROXY_USER_ROLE = "PROXY_USER";

const RESERVED_NAMES: ReadonlySet<string> = new Set(["root", "sysmonitor"]);
const USER_NAME = /^[A-Za-z0-9][A-Za-z0-9._@-]{0,127}$/;

/**
 * `COPRSIM_USERS`: a JSON array of `{"name","password","tenant"?,"roles"?}`. Every problem is
 * reported as a sentence about the variable's value (the caller names the variable).
 */
export function parseConfiguredUsers(raw: string): ConfiguredUser[] {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    throw new Error("must be a JSON array of users");
  }
  if (!Array.isArray(value)) throw new Error("must be a JSON array of users");
  const seen = new Set<string>();
  return value.map((entry, index) => {
    const where = `entry ${index + 1}`;
    if (typeof entry !== "object" || entry === null || Array.isArray(entry))
      throw new Error(`${where} is not an object`);
    const { name, password, tenant, roles, ...unknown } = entry as Record<string, unknown>;
    const extra = Object.keys(unknown);
    if (extra.length > 0) throw new Error(`${where} has unknown field ${extra[0]}`);
    if (typeof name !== "string" || !USER_NAME.test(name))
      throw new Error(`${where} needs a user name (letters, digits, . _ @ -)`);
    if (RESERVED_NAMES.has(name)) throw new Error(`${where}: ${name} is configured with its own variable`);
    if (seen.has(name)) throw new Error(`${where}: ${name} appears twice`);
    seen.add(name);
    if (typeof password !== "string" || password === "") throw new Error(`${where} (${name}) needs a password`);
    if (tenant !== undefined && (typeof tenant !== "string" || tenant.trim() === ""))
      throw new Error(`${where} (${name}): tenant must be a tenant name`);
    if (roles !== undefined && !Array.isArray(roles)) throw new Error(`${where} (${name}): roles must be a list`);
    const known = (roles ?? []).map((role: unknown) => {
      if (typeof role !== "string" || !(isVdcRole(role) || isTenantRole(role) || role === PROXY_USER_ROLE))
        throw new Error(`${where} (${name}): unknown role ${JSON.stringify(role)}`);
      return role;
    });
    return { name, password, tenant: typeof tenant === "string" ? tenant.trim() : null, roles: known };
  });
}
