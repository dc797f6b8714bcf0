export type VdcRole = "SYSTEM_ADMIN" | "SECURITY_ADMIN" | "SYSTEM_MONITOR" | "SYSTEM_AUDITOR";
export type TenantRole = "TENANT_ADMIN" | "PROJECT_ADMIN" | "TENANT_APPROVER";
export type ProjectPrivilege = "OWN" | "ALL" | "BACKUP" | "USE";

/** The authenticated user on whose behalf a request runs. */
export interface Caller {
  readonly userName: string;
  readonly tenantId: string;
  readonly vdcRoles: ReadonlySet<VdcRole>;
  /** Tenant roles by tenant id. */
  readonly tenantRoles: ReadonlyMap<string, ReadonlySet<TenantRole>>;
}
