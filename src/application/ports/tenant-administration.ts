import type { TenantRole } from "../../domain/tenancy/caller.js";

/** A subject (a user name) and the roles it holds in one tenant. */
export interface RoleAssignment {
  readonly subjectId: string;
  readonly roles: readonly TenantRole[];
}

/** ViPR's user mapping of a tenant: which users of an authentication domain belong to it. */
export interface UserMapping {
  readonly domain: string;
  readonly attributes: readonly { readonly key: string; readonly values: readonly string[] }[];
  readonly groups: readonly string[];
}

/** A tenant as `tenant_org` shows it. */
export interface TenantOrgView {
  readonly id: string;
  readonly name: string;
  readonly parentTenantId: string | null;
  readonly description: string | null;
  readonly userMappings: readonly UserMapping[];
  readonly inactive: boolean;
  readonly creationTime: number;
}

export interface NewSubtenant {
  readonly id: string;
  readonly name: string;
  readonly parentTenantId: string;
  readonly description: string | null;
  readonly userMappings: readonly UserMapping[];
  readonly creationTime: number;
  /** Becomes TENANT_ADMIN of the new subtenant. */
  readonly creator: string;
}

/**
 * Tenants, their subtenants and tenant role assignments, and the local users they name.
 * Role assignments are read by authentication at every request, so a change applies to the
 * affected user's next request.
 */
export interface TenantAdministration {
  tenantOrg(id: string): Promise<TenantOrgView | null>;
  /** Active subtenants of the tenant, by name. */
  subtenantsOf(parentTenantId: string): Promise<TenantOrgView[]>;
  /** Creates the subtenant; null (and nothing created) when an active sibling has that name (any case). */
  createSubtenant(subtenant: NewSubtenant): Promise<TenantOrgView | null>;
  /** The home tenant of the active local user, or null when there is no such user. */
  homeTenantOf(userName: string): Promise<string | null>;
  /** Every subject holding a role in the tenant, by subject. */
  roleAssignments(tenantId: string): Promise<RoleAssignment[]>;
  /** Adds, then removes, roles in the tenant, atomically; answers the assignments after the change. */
  changeRoleAssignments(
    tenantId: string,
    add: readonly RoleAssignment[],
    remove: readonly RoleAssignment[],
  ): Promise<RoleAssignment[]>;
}

export const TENANT_ADMINISTRATION = Symbol("TenantAdministration");
