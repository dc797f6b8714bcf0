export const VDC_ROLES = ["SYSTEM_ADMIN", "SECURITY_ADMIN", "SYSTEM_MONITOR", "SYSTEM_AUDITOR"] as const;
export const TENANT_ROLES = ["TENANT_ADMIN", "PROJECT_ADMIN", "TENANT_APPROVER"] as const;
export const PROJECT_PRIVILEGES = ["OWN", "ALL", "BACKUP", "USE"] as const;

export type VdcRole = (typeof VDC_ROLES)[number];
export type TenantRole = (typeof TENANT_ROLES)[number];
export type ProjectPrivilege = (typeof PROJECT_PRIVILEGES)[number];

export function isVdcRole(role: string): role is VdcRole {
  return (VDC_ROLES as readonly string[]).includes(role);
}

export function isTenantRole(role: string): role is TenantRole {
  return (TENANT_ROLES as readonly string[]).includes(role);
}

export function isProjectPrivilege(privilege: string): privilege is ProjectPrivilege {
  return (PROJECT_PRIVILEGES as readonly string[]).includes(privilege);
}

/** The authenticated user on whose behalf a request runs. */
export interface Caller {
  readonly userName: string;
  readonly tenantId: string;
  readonly vdcRoles: ReadonlySet<VdcRole>;
  /** Tenant roles by tenant id. */
  readonly tenantRoles: ReadonlyMap<string, ReadonlySet<TenantRole>>;
  /** Set when a proxy user acts for this caller with a proxy token. */
  readonly proxiedBy?: string;
}
