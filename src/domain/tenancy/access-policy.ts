import type { Caller, ProjectPrivilege, VdcRole } from "./caller.js";
import type { ProjectAcl } from "./project.js";

/** What the access rules need to know of a project. */
export interface ProjectAccessFacts {
  readonly tenantId: string;
  readonly owner: string;
  readonly acls: readonly ProjectAcl[];
}

const WRITE_PRIVILEGES: ReadonlySet<ProjectPrivilege> = new Set(["OWN", "ALL"]);

function hasTenantAdmin(caller: Caller, tenantId: string): boolean {
  return caller.tenantRoles.get(tenantId)?.has("TENANT_ADMIN") ?? false;
}

function privilegesOn(caller: Caller, project: ProjectAccessFacts): ProjectPrivilege[] {
  const granted = project.acls.filter((acl) => acl.userName === caller.userName).flatMap((acl) => acl.privileges);
  return project.owner === caller.userName ? ["OWN", ...granted] : granted;
}

/** Whether the resource belongs to a tenant the caller may see at all. */
export function canSeeTenant(caller: Caller, tenantId: string): boolean {
  return caller.tenantId === tenantId || caller.tenantRoles.has(tenantId) || caller.vdcRoles.has("SYSTEM_MONITOR");
}

const WRITE_ROUTE_PRIVILEGES: ReadonlySet<ProjectPrivilege> = new Set(["OWN", "ALL", "BACKUP"]);

/**
 * The permission filter in front of ViPR's writes to a project's volumes and sessions, which
 * runs before the request is read: TENANT_ADMIN of its tenant, or OWN, ALL or BACKUP on it
 * (not USE). Who may make the change, {@link canWriteProject}, is checked later.
 */
export function passesWriteRouteFilter(caller: Caller, project: ProjectAccessFacts): boolean {
  return (
    hasTenantAdmin(caller, project.tenantId) || privilegesOn(caller, project).some((p) => WRITE_ROUTE_PRIVILEGES.has(p))
  );
}

/** Changing a project's volumes and sessions: TENANT_ADMIN of its tenant, or OWN/ALL on it. */
export function canWriteProject(caller: Caller, project: ProjectAccessFacts): boolean {
  return hasTenantAdmin(caller, project.tenantId) || privilegesOn(caller, project).some((p) => WRITE_PRIVILEGES.has(p));
}

/** Reading a project's resources: anyone who may write, any ACL holder, and SYSTEM_MONITOR. */
export function canReadProject(caller: Caller, project: ProjectAccessFacts): boolean {
  return (
    canWriteProject(caller, project) ||
    privilegesOn(caller, project).length > 0 ||
    caller.vdcRoles.has("SYSTEM_MONITOR") ||
    (caller.tenantId === project.tenantId && (caller.tenantRoles.get(project.tenantId)?.size ?? 0) > 0)
  );
}

/** Creating a project in a tenant: its TENANT_ADMIN or PROJECT_ADMIN. */
export function canCreateProject(caller: Caller, tenantId: string): boolean {
  const roles = caller.tenantRoles.get(tenantId);
  return (roles?.has("TENANT_ADMIN") || roles?.has("PROJECT_ADMIN")) ?? false;
}

function hasVdcRole(caller: Caller, ...roles: VdcRole[]): boolean {
  return roles.some((role) => caller.vdcRoles.has(role));
}

/** `GET /tenants/{id}`: the tenant's own users and role holders, and the VDC roles. */
export function canReadTenantOrg(caller: Caller, tenantId: string): boolean {
  return canSeeTenant(caller, tenantId) || hasVdcRole(caller, "SECURITY_ADMIN", "SYSTEM_ADMIN");
}

/** Creating a subtenant: SECURITY_ADMIN, or TENANT_ADMIN of the parent. */
export function canCreateSubtenant(caller: Caller, parentTenantId: string): boolean {
  return hasVdcRole(caller, "SECURITY_ADMIN") || hasTenantAdmin(caller, parentTenantId);
}

/** Listing every subtenant of a tenant (others see only those they administer). */
export function canListAllSubtenants(caller: Caller, parentTenantId: string): boolean {
  return (
    hasVdcRole(caller, "SYSTEM_MONITOR", "SECURITY_ADMIN", "SYSTEM_ADMIN") || hasTenantAdmin(caller, parentTenantId)
  );
}

/** Changing a tenant's role assignments: SECURITY_ADMIN, or TENANT_ADMIN of that tenant. */
export function canChangeTenantRoles(caller: Caller, tenantId: string): boolean {
  return hasVdcRole(caller, "SECURITY_ADMIN") || hasTenantAdmin(caller, tenantId);
}

/** Reading a tenant's role assignments: who may change them, and SYSTEM_MONITOR. */
export function canReadTenantRoles(caller: Caller, tenantId: string): boolean {
  return canChangeTenantRoles(caller, tenantId) || hasVdcRole(caller, "SYSTEM_MONITOR");
}

/** Changing a project's ACL, or deactivating it: TENANT_ADMIN of its tenant, or OWN on it (its owner). */
export function canAdministerProject(caller: Caller, project: ProjectAccessFacts): boolean {
  return hasTenantAdmin(caller, project.tenantId) || privilegesOn(caller, project).includes("OWN");
}

/** Reading a project's ACL: who may change it, and SYSTEM_MONITOR. */
export function canReadProjectAcl(caller: Caller, project: ProjectAccessFacts): boolean {
  return canAdministerProject(caller, project) || hasVdcRole(caller, "SYSTEM_MONITOR");
}

/**
 * Reading a tenant's tasks (`/vdc/tasks`): SYSTEM_ADMIN and SECURITY_ADMIN any tenant's, others
 * their home tenant's and those of the subtenants where they hold a role. SYSTEM_MONITOR alone
 * does not reach other tenants' tasks, as on the real controller.
 */
export function canReadTasksOf(caller: Caller, tenantId: string): boolean {
  return (
    hasVdcRole(caller, "SYSTEM_ADMIN", "SECURITY_ADMIN") ||
    caller.tenantId === tenantId ||
    (caller.tenantRoles.get(tenantId)?.size ?? 0) > 0
  );
}

/**
 * SYSTEM_MONITOR reads everything; on the real controller it also passes the permission filter
 * of a read route without the resource being looked up first.
 */
export function isSystemMonitor(caller: Caller): boolean {
  return caller.vdcRoles.has("SYSTEM_MONITOR");
}

export function isSystemAdmin(caller: Caller): boolean {
  return caller.vdcRoles.has("SYSTEM_ADMIN");
}
