import type { Caller, ProjectPrivilege } from "./caller.js";
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

export function canManageTenant(caller: Caller, tenantId: string): boolean {
  return hasTenantAdmin(caller, tenantId);
}

export function isSystemAdmin(caller: Caller): boolean {
  return caller.vdcRoles.has("SYSTEM_ADMIN");
}
