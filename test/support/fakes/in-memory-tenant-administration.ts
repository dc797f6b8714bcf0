import type {
  NewSubtenant,
  RoleAssignment,
  TenantAdministration,
  TenantOrgView,
  UserMapping,
} from "../../../src/application/ports/tenant-administration.js";
import { isTenantRole, type TenantRole } from "../../../src/domain/tenancy/caller.js";
import type { InMemoryAuthStore } from "./in-memory-auth-store.js";
import type { InMemoryStore } from "./in-memory-store.js";

/** Tenants of the store and role assignments kept on the auth store's users, as the Postgres one keeps them. */
export class InMemoryTenantAdministration implements TenantAdministration {
  private readonly details = new Map<string, { description: string | null; userMappings: readonly UserMapping[] }>();

  constructor(
    private readonly store: InMemoryStore,
    private readonly auth: InMemoryAuthStore,
  ) {}

  async tenantOrg(id: string): Promise<TenantOrgView | null> {
    const tenant = this.store.tenants.get(id);
    if (!tenant) return null;
    const details = this.details.get(id) ?? { description: null, userMappings: [] };
    return { ...tenant, ...details, inactive: false };
  }

  async subtenantsOf(parentTenantId: string): Promise<TenantOrgView[]> {
    const children = [...this.store.tenants.values()].filter((tenant) => tenant.parentTenantId === parentTenantId);
    const views = await Promise.all(children.map((child) => this.tenantOrg(child.id)));
    return views.filter((view) => view !== null).sort((a, b) => a.name.localeCompare(b.name));
  }

  async createSubtenant(subtenant: NewSubtenant): Promise<TenantOrgView | null> {
    const siblings = await this.subtenantsOf(subtenant.parentTenantId);
    if (siblings.some((sibling) => sibling.name.toLowerCase() === subtenant.name.toLowerCase())) return null;
    const { id, name, parentTenantId, creationTime, description, userMappings } = subtenant;
    this.store.tenants.set(id, { id, name, parentTenantId, creationTime });
    this.details.set(id, { description, userMappings });
    await this.changeRoleAssignments(id, [{ subjectId: subtenant.creator, roles: ["TENANT_ADMIN"] }], []);
    return this.tenantOrg(id);
  }

  async homeTenantOf(userName: string): Promise<string | null> {
    return (await this.auth.findUser(userName))?.tenantId ?? null;
  }

  async roleAssignments(tenantId: string): Promise<RoleAssignment[]> {
    return this.auth
      .allUsers()
      .map((user) => ({
        subjectId: user.name,
        roles: (user.tenantRoles[tenantId] ?? []).filter((role): role is TenantRole => isTenantRole(role)),
      }))
      .filter((assignment) => assignment.roles.length > 0)
      .sort((a, b) => a.subjectId.localeCompare(b.subjectId));
  }

  async changeRoleAssignments(
    tenantId: string,
    add: readonly RoleAssignment[],
    remove: readonly RoleAssignment[],
  ): Promise<RoleAssignment[]> {
    for (const user of this.auth.allUsers()) {
      const held = new Set(user.tenantRoles[tenantId] ?? []);
      for (const entry of add) if (entry.subjectId === user.name) for (const role of entry.roles) held.add(role);
      for (const entry of remove) if (entry.subjectId === user.name) for (const role of entry.roles) held.delete(role);
      if (held.size === 0) delete user.tenantRoles[tenantId];
      else user.tenantRoles[tenantId] = [...held];
    }
    return this.roleAssignments(tenantId);
  }
}
