import type { DataSource, EntityManager } from "typeorm";
import { newUrn } from "../../domain/shared/urn.js";
import { isTenantRole, isVdcRole } from "../../domain/tenancy/caller.js";
import { ARRAY_FAMILIES, type FamilySystemType } from "../../drivers/array-families.js";
import { declaredCapabilities } from "../../drivers/simulation/declared-capabilities.js";
import { type ConfiguredUser, PROXY_USER_ROLE } from "../config/configured-users.js";
import { hashPassword, verifyPasswordHash } from "./password-hash.js";

export type SeededFamily = FamilySystemType;

export interface SeedOptions {
  readonly rootPassword: string;
  readonly sysmonitorPassword: string;
  /** More local users; their home tenants (subtenants of the provider tenant) are created when missing. */
  readonly users?: readonly ConfiguredUser[];
  /** Epoch ms stamped on rows the seed creates (default: now). */
  readonly now?: number;
  /**
   * Settings of seeded systems, by system type, set at every start (the families' seed
   * variables, `FamilySeed.variables`); settings not given are left as they are.
   */
  readonly systemSettings?: Readonly<Partial<Record<SeededFamily, Readonly<Record<string, string>>>>>;
}

export interface SeededIds {
  readonly tenantId: string;
  readonly projectId: string;
  readonly varrayId: string;
  readonly systemIds: Readonly<Record<SeededFamily, string>>;
  readonly poolIds: Readonly<Record<SeededFamily, string>>;
  readonly vpoolIds: Readonly<Record<SeededFamily, string>>;
  /** The `vpool-cg-<system type>` of each family whose arrays hold consistency groups. */
  readonly consistencyVpoolIds: Readonly<Partial<Record<SeededFamily, string>>>;
}

export const PROVIDER_TENANT_NAME = "Provider Tenant";

/**
 * One simulated array per family, each with one thin pool (its family's) and one block vpool on
 * varray1; a family whose arrays hold consistency groups has a second vpool, with
 * `multi_volume_consistency`.
 */
const FAMILIES = ARRAY_FAMILIES.map((family) => ({
  family: family.systemType,
  serial: family.seed.serialNumber,
  poolName: family.registration.poolName,
  poolNativeId: family.registration.poolName,
  maxSnapshots: family.seed.vpoolMaxSnapshots ?? family.registration.maxSnapshotsPerSource,
  consistencyGroups: declaredCapabilities(family).supportsConsistencyGroups,
}));

/** The real controller's `root` (its local users' configuration). */
export const ROOT_VDC_ROLES = ["SYSTEM_ADMIN", "SECURITY_ADMIN", "SYSTEM_MONITOR", "SYSTEM_AUDITOR"] as const;

/** An arbitrary constant: the advisory lock key under which seeding runs. */
const SEED_LOCK_KEY = 7_041_999_002;

/**
 * Creates what a fresh controller needs, and only what is missing: the provider tenant,
 * users `root` (SYSTEM_ADMIN, SECURITY_ADMIN, SYSTEM_MONITOR, SYSTEM_AUDITOR as the real
 * controller's root has, and TENANT_ADMIN of the provider tenant) and `sysmonitor` (SYSTEM_MONITOR), `varray1`, one storage system, thin pool and vpool per
 * family, and the project `default` owned by root. Existing rows are found by name and
 * kept; a configured password that no longer matches the stored hash replaces it.
 * Safe to run at every start and from several processes at once: it runs in one
 * transaction holding a transaction-level advisory lock.
 */
export async function seedDefaults(dataSource: DataSource, options: SeedOptions): Promise<SeededIds> {
  const now = options.now ?? Date.now();
  return dataSource.transaction(async (manager) => {
    await manager.query("SELECT pg_advisory_xact_lock($1)", [SEED_LOCK_KEY]);
    const tenantId = await ensureProviderTenant(manager, now);
    await ensureUser(manager, now, {
      name: "root",
      password: options.rootPassword,
      tenantId,
      vdcRoles: [...ROOT_VDC_ROLES],
      tenantRoles: { [tenantId]: ["TENANT_ADMIN"] },
    });
    await ensureUser(manager, now, {
      name: "sysmonitor",
      password: options.sysmonitorPassword,
      tenantId,
      vdcRoles: ["SYSTEM_MONITOR"],
      tenantRoles: {},
    });
    for (const user of options.users ?? []) await ensureConfiguredUser(manager, now, tenantId, user);
    const varrayId = await ensureVarray(manager, now, "varray1");
    const systemIds = {} as Record<SeededFamily, string>;
    const poolIds = {} as Record<SeededFamily, string>;
    const vpoolIds = {} as Record<SeededFamily, string>;
    const consistencyVpoolIds: Partial<Record<SeededFamily, string>> = {};
    for (const spec of FAMILIES) {
      systemIds[spec.family] = await ensureStorageSystem(manager, now, spec.family, spec.serial);
      const settings = options.systemSettings?.[spec.family];
      if (settings !== undefined && Object.keys(settings).length > 0) {
        await manager.query("UPDATE storage_systems SET settings = settings || $2::jsonb WHERE id = $1", [
          systemIds[spec.family],
          JSON.stringify(settings),
        ]);
      }
      poolIds[spec.family] = await ensurePool(manager, now, systemIds[spec.family], spec, varrayId);
      vpoolIds[spec.family] = await ensureVpool(manager, now, spec, varrayId, false);
      if (spec.consistencyGroups) {
        consistencyVpoolIds[spec.family] = await ensureVpool(manager, now, spec, varrayId, true);
      }
    }
    const projectId = await ensureProject(manager, now, tenantId, "default", "root");
    return { tenantId, projectId, varrayId, systemIds, poolIds, vpoolIds, consistencyVpoolIds };
  });
}

async function existingId(manager: EntityManager, sql: string, params: unknown[]): Promise<string | undefined> {
  const rows: { id: string }[] = await manager.query(sql, params);
  return rows[0]?.id;
}

async function ensureProviderTenant(manager: EntityManager, now: number): Promise<string> {
  const found = await existingId(
    manager,
    "SELECT id FROM tenants WHERE name = $1 AND parent_tenant_id IS NULL AND NOT inactive ORDER BY creation_time LIMIT 1",
    [PROVIDER_TENANT_NAME],
  );
  if (found) return found;
  const id = newUrn("TenantOrg");
  await manager.query("INSERT INTO tenants (id, name, creation_time) VALUES ($1, $2, $3)", [
    id,
    PROVIDER_TENANT_NAME,
    now,
  ]);
  return id;
}

async function ensureUser(
  manager: EntityManager,
  now: number,
  user: {
    name: string;
    password: string;
    tenantId: string;
    vdcRoles: string[];
    tenantRoles: Record<string, string[]>;
  },
): Promise<void> {
  const rows: { password_hash: string }[] = await manager.query("SELECT password_hash FROM users WHERE name = $1", [
    user.name,
  ]);
  const existing = rows[0];
  if (existing === undefined) {
    await manager.query(
      `INSERT INTO users (name, password_hash, tenant_id, vdc_roles, tenant_roles, creation_time)
       VALUES ($1, $2, $3, $4, $5::jsonb, $6)`,
      [
        user.name,
        await hashPassword(user.password),
        user.tenantId,
        user.vdcRoles,
        JSON.stringify(user.tenantRoles),
        now,
      ],
    );
    return;
  }
  if (!(await verifyPasswordHash(existing.password_hash, user.password))) {
    await manager.query("UPDATE users SET password_hash = $2, version = version + 1 WHERE name = $1", [
      user.name,
      await hashPassword(user.password),
    ]);
  }
  // A built-in user's VDC roles are the controller's: a database seeded before a role was added gets it.
  await manager.query("UPDATE users SET vdc_roles = $2, version = version + 1 WHERE name = $1 AND vdc_roles <> $2", [
    user.name,
    user.vdcRoles,
  ]);
}

/**
 * A configured user: created when missing; otherwise its password (when it no longer matches),
 * home tenant and VDC roles follow the configuration, and its configured tenant roles are
 * granted in addition to those granted through the API since.
 */
async function ensureConfiguredUser(
  manager: EntityManager,
  now: number,
  providerTenantId: string,
  user: ConfiguredUser,
): Promise<void> {
  const tenantId =
    user.tenant === null || user.tenant === PROVIDER_TENANT_NAME
      ? providerTenantId
      : await ensureSubtenant(manager, now, providerTenantId, user.tenant);
  const vdcRoles = user.roles.filter((role) => isVdcRole(role) || role === PROXY_USER_ROLE);
  const tenantRoles = user.roles.filter(isTenantRole);
  await ensureUser(manager, now, {
    name: user.name,
    password: user.password,
    tenantId,
    vdcRoles,
    tenantRoles: tenantRoles.length > 0 ? { [tenantId]: tenantRoles } : {},
  });
  await manager.query(
    `UPDATE users SET tenant_id = $2, vdc_roles = $3,
       tenant_roles = CASE WHEN $4::jsonb = '[]'::jsonb THEN tenant_roles
         ELSE jsonb_set(tenant_roles, ARRAY[$2::text],
           (SELECT to_jsonb(array_agg(DISTINCT role)) FROM jsonb_array_elements_text(
              coalesce(tenant_roles -> $2::text, '[]'::jsonb) || $4::jsonb) AS role)) END,
       version = version + 1
     WHERE name = $1 AND (tenant_id <> $2 OR vdc_roles <> $3 OR NOT coalesce(tenant_roles -> $2::text, '[]'::jsonb) @> $4::jsonb)`,
    [user.name, tenantId, vdcRoles, JSON.stringify(tenantRoles)],
  );
}

async function ensureSubtenant(manager: EntityManager, now: number, parentId: string, name: string): Promise<string> {
  const found = await existingId(
    manager,
    "SELECT id FROM tenants WHERE parent_tenant_id = $1 AND lower(name) = lower($2) AND NOT inactive LIMIT 1",
    [parentId, name],
  );
  if (found) return found;
  const id = newUrn("TenantOrg");
  await manager.query(
    "INSERT INTO tenants (id, name, parent_tenant_id, user_mappings, creation_time) VALUES ($1, $2, $3, '[]', $4)",
    [id, name, parentId, now],
  );
  return id;
}

async function ensureVarray(manager: EntityManager, now: number, name: string): Promise<string> {
  const found = await existingId(
    manager,
    "SELECT id FROM varrays WHERE name = $1 AND NOT inactive ORDER BY creation_time LIMIT 1",
    [name],
  );
  if (found) return found;
  const id = newUrn("VirtualArray");
  await manager.query("INSERT INTO varrays (id, name, creation_time) VALUES ($1, $2, $3)", [id, name, now]);
  return id;
}

async function ensureStorageSystem(
  manager: EntityManager,
  now: number,
  family: SeededFamily,
  serial: string,
): Promise<string> {
  const found = await existingId(
    manager,
    "SELECT id FROM storage_systems WHERE name = $1 AND system_type = $2 AND NOT inactive ORDER BY creation_time LIMIT 1",
    [family, family],
  );
  if (found) return found;
  const id = newUrn("StorageSystem");
  await manager.query(
    "INSERT INTO storage_systems (id, name, system_type, native_id, settings, creation_time) VALUES ($1, $2, $3, $4, '{}', $5)",
    [id, family, family, serial, now],
  );
  return id;
}

async function ensurePool(
  manager: EntityManager,
  now: number,
  systemId: string,
  spec: { poolName: string; poolNativeId: string },
  varrayId: string,
): Promise<string> {
  const found = await existingId(
    manager,
    "SELECT id FROM storage_pools WHERE storage_system_id = $1 AND native_id = $2 AND NOT inactive LIMIT 1",
    [systemId, spec.poolNativeId],
  );
  if (found) return found;
  const id = newUrn("StoragePool");
  await manager.query(
    `INSERT INTO storage_pools (id, name, storage_system_id, native_id, varray_ids, creation_time)
     VALUES ($1, $2, $3, $4, $5, $6)`,
    [id, spec.poolName, systemId, spec.poolNativeId, [varrayId], now],
  );
  return id;
}

async function ensureVpool(
  manager: EntityManager,
  now: number,
  spec: { readonly family: SeededFamily; readonly maxSnapshots: number },
  varrayId: string,
  multiVolumeConsistency: boolean,
): Promise<string> {
  const name = multiVolumeConsistency ? `vpool-cg-${spec.family}` : `vpool-${spec.family}`;
  const found = await existingId(
    manager,
    "SELECT id FROM vpools WHERE name = $1 AND NOT inactive ORDER BY creation_time LIMIT 1",
    [name],
  );
  if (found) return found;
  const id = newUrn("VirtualPool");
  await manager.query(
    `INSERT INTO vpools (id, name, system_type, varray_ids, max_snapshots, multi_volume_consistency, creation_time)
     VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [id, name, spec.family, [varrayId], spec.maxSnapshots, multiVolumeConsistency, now],
  );
  return id;
}

async function ensureProject(
  manager: EntityManager,
  now: number,
  tenantId: string,
  name: string,
  owner: string,
): Promise<string> {
  const found = await existingId(
    manager,
    "SELECT id FROM projects WHERE tenant_id = $1 AND lower(name) = lower($2) AND NOT inactive LIMIT 1",
    [tenantId, name],
  );
  if (found) return found;
  const id = newUrn("Project");
  await manager.query(
    "INSERT INTO projects (id, name, tenant_id, owner, acls, creation_time) VALUES ($1, $2, $3, $4, '[]', $5)",
    [id, name, tenantId, owner, now],
  );
  return id;
}
