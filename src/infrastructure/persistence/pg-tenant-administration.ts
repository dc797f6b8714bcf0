import type { DataSource, EntityManager } from "typeorm";
import type {
  NewSubtenant,
  RoleAssignment,
  TenantAdministration,
  TenantOrgView,
  UserMapping,
} from "../../application/ports/tenant-administration.js";
import { isTenantRole, type TenantRole } from "../../domain/tenancy/caller.js";

interface TenantRow {
  id: string;
  name: string;
  parent_tenant_id: string | null;
  description: string | null;
  user_mappings: UserMapping[];
  inactive: boolean;
  creation_time: string;
}

const TENANT_COLUMNS = "id, name, parent_tenant_id, description, user_mappings, inactive, creation_time";

function tenantOrgOf(row: TenantRow): TenantOrgView {
  return {
    id: row.id,
    name: row.name,
    parentTenantId: row.parent_tenant_id,
    description: row.description,
    userMappings: row.user_mappings,
    inactive: row.inactive,
    creationTime: Number(row.creation_time),
  };
}

function rolesIn(tenantRoles: unknown, tenantId: string): TenantRole[] {
  const roles = (tenantRoles as Record<string, unknown> | null)?.[tenantId];
  return Array.isArray(roles) ? roles.filter((role): role is TenantRole => isTenantRole(String(role))) : [];
}

/**
 * Tenants and tenant role assignments in Postgres. A role assignment is kept on its user, in
 * `users.tenant_roles` (tenant id → roles), which authentication reads with the token at every
 * request: a change applies to that user's next request.
 */
export class PgTenantAdministration implements TenantAdministration {
  constructor(private readonly dataSource: DataSource) {}

  async tenantOrg(id: string): Promise<TenantOrgView | null> {
    const rows: TenantRow[] = await this.dataSource.query(`SELECT ${TENANT_COLUMNS} FROM tenants WHERE id = $1`, [id]);
    return rows[0] === undefined ? null : tenantOrgOf(rows[0]);
  }

  async subtenantsOf(parentTenantId: string): Promise<TenantOrgView[]> {
    const rows: TenantRow[] = await this.dataSource.query(
      `SELECT ${TENANT_COLUMNS} FROM tenants WHERE parent_tenant_id = $1 AND NOT inactive ORDER BY lower(name), id`,
      [parentTenantId],
    );
    return rows.map(tenantOrgOf);
  }

  /** Names are unique among active siblings by a unique index, so two creations racing cannot both succeed. */
  async createSubtenant(subtenant: NewSubtenant): Promise<TenantOrgView | null> {
    return this.dataSource.transaction(async (manager) => {
      const rows: TenantRow[] = await manager.query(
        `INSERT INTO tenants (id, name, parent_tenant_id, description, user_mappings, creation_time)
         VALUES ($1, $2, $3, $4, $5::jsonb, $6) ON CONFLICT DO NOTHING RETURNING ${TENANT_COLUMNS}`,
        [
          subtenant.id,
          subtenant.name,
          subtenant.parentTenantId,
          subtenant.description,
          JSON.stringify(subtenant.userMappings),
          subtenant.creationTime,
        ],
      );
      if (rows[0] === undefined) return null;
      await changeRolesOf(manager, subtenant.id, [{ subjectId: subtenant.creator, roles: ["TENANT_ADMIN"] }], []);
      return tenantOrgOf(rows[0]);
    });
  }

  async homeTenantOf(userName: string): Promise<string | null> {
    const rows: { tenant_id: string }[] = await this.dataSource.query(
      "SELECT tenant_id FROM users WHERE name = $1 AND NOT inactive",
      [userName],
    );
    return rows[0]?.tenant_id ?? null;
  }

  async roleAssignments(tenantId: string): Promise<RoleAssignment[]> {
    return roleAssignmentsIn(this.dataSource.manager, tenantId);
  }

  async changeRoleAssignments(
    tenantId: string,
    add: readonly RoleAssignment[],
    remove: readonly RoleAssignment[],
  ): Promise<RoleAssignment[]> {
    return this.dataSource.transaction(async (manager) => {
      await changeRolesOf(manager, tenantId, add, remove);
      return roleAssignmentsIn(manager, tenantId);
    });
  }
}

async function roleAssignmentsIn(manager: EntityManager, tenantId: string): Promise<RoleAssignment[]> {
  const rows: { name: string; tenant_roles: unknown }[] = await manager.query(
    "SELECT name, tenant_roles FROM users WHERE NOT inactive AND tenant_roles ? $1 ORDER BY name",
    [tenantId],
  );
  return rows
    .map((row) => ({ subjectId: row.name, roles: rolesIn(row.tenant_roles, tenantId) }))
    .filter((assignment) => assignment.roles.length > 0);
}

/** Adds, then removes, each subject's roles in the tenant; rows locked in name order. Unknown subjects are skipped. */
async function changeRolesOf(
  manager: EntityManager,
  tenantId: string,
  add: readonly RoleAssignment[],
  remove: readonly RoleAssignment[],
): Promise<void> {
  const subjects = [...new Set([...add, ...remove].map((entry) => entry.subjectId))].sort();
  for (const subject of subjects) {
    const rows: { tenant_roles: unknown }[] = await manager.query(
      "SELECT tenant_roles FROM users WHERE name = $1 FOR UPDATE",
      [subject],
    );
    if (rows[0] === undefined) continue;
    const held = new Set(rolesIn(rows[0].tenant_roles, tenantId));
    for (const entry of add) if (entry.subjectId === subject) for (const role of entry.roles) held.add(role);
    for (const entry of remove) if (entry.subjectId === subject) for (const role of entry.roles) held.delete(role);
    await manager.query(
      held.size === 0
        ? "UPDATE users SET tenant_roles = tenant_roles - $2::text, version = version + 1 WHERE name = $1"
        : "UPDATE users SET tenant_roles = jsonb_set(tenant_roles, ARRAY[$2::text], $3::jsonb), version = version + 1 WHERE name = $1",
      held.size === 0 ? [subject, tenantId] : [subject, tenantId, JSON.stringify([...held])],
    );
  }
}
