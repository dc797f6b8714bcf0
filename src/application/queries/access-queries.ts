import { ViprErrors } from "../../domain/shared/vipr-errors.js";
import {
  canListAllSubtenants,
  canReadProjectAcl,
  canReadTenantOrg,
  canReadTenantRoles,
} from "../../domain/tenancy/access-policy.js";
import type { Caller } from "../../domain/tenancy/caller.js";
import { TenancyErrors } from "../../domain/tenancy/tenancy-errors.js";
import type { ReadModel } from "../ports/read-model.js";
import type { RoleAssignment, TenantAdministration, TenantOrgView } from "../ports/tenant-administration.js";
import { requireUrn } from "../shared/resource-access.js";
import { type ProjectAclEntry, projectAclEntries } from "../tenancy/project-acl-entries.js";

/** Tenants, subtenants, role assignments and project ACLs, with the caller's read checks. */
export class AccessQueries {
  constructor(
    private readonly readModel: ReadModel,
    private readonly tenants: TenantAdministration,
  ) {}

  /** `GET /tenants/{id}`. */
  async tenantOrg(caller: Caller, id: string): Promise<TenantOrgView> {
    const tenant = await this.tenantNamed(id);
    if (!canReadTenantOrg(caller, tenant.id)) throw ViprErrors.insufficientPermissions(caller.userName);
    return tenant;
  }

  /**
   * `GET /tenants/{id}/subtenants` (of the root tenant only): all of them for its admins and the
   * VDC roles; otherwise those the caller is TENANT_ADMIN of, and 403 when there are none.
   */
  async subtenants(caller: Caller, id: string): Promise<TenantOrgView[]> {
    const tenant = await this.tenantNamed(id);
    if (tenant.parentTenantId !== null) throw TenancyErrors.notSupportedForSubtenants();
    const subtenants = await this.tenants.subtenantsOf(tenant.id);
    if (canListAllSubtenants(caller, tenant.id)) return subtenants;
    const administered = subtenants.filter((sub) => caller.tenantRoles.get(sub.id)?.has("TENANT_ADMIN"));
    if (administered.length === 0) throw ViprErrors.insufficientPermissions(caller.userName);
    return administered;
  }

  /** `GET /tenants/{id}/role-assignments`. */
  async roleAssignments(caller: Caller, id: string): Promise<RoleAssignment[]> {
    const tenant = await this.tenantNamed(id);
    if (!canReadTenantRoles(caller, tenant.id)) throw ViprErrors.insufficientPermissions(caller.userName);
    return this.tenants.roleAssignments(tenant.id);
  }

  /** `GET /projects/{id}/acl`. */
  async projectAcl(caller: Caller, id: string): Promise<ProjectAclEntry[]> {
    requireUrn(id);
    const project = await this.readModel.project(id);
    if (!project) throw ViprErrors.unableToFindEntityInURL(id);
    if (!canReadProjectAcl(caller, project)) throw ViprErrors.insufficientPermissions(caller.userName);
    return projectAclEntries(project);
  }

  private async tenantNamed(id: string): Promise<TenantOrgView> {
    requireUrn(id);
    const tenant = await this.tenants.tenantOrg(id);
    if (!tenant) throw ViprErrors.unableToFindEntityInURL(id);
    return tenant;
  }
}
