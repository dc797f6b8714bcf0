import { ViprErrors } from "../../domain/shared/vipr-errors.js";
import { canChangeTenantRoles } from "../../domain/tenancy/access-policy.js";
import type { Caller } from "../../domain/tenancy/caller.js";
import { TenancyErrors } from "../../domain/tenancy/tenancy-errors.js";
import type { RoleAssignment, TenantAdministration } from "../ports/tenant-administration.js";
import { type AssignmentChangesDraft, readRoleChanges } from "./assignment-changes.js";
import { requireActiveTenant, requireDirectChange } from "./tenant-lookup.js";

/**
 * `PUT /tenants/{id}/role-assignments`: SECURITY_ADMIN, or TENANT_ADMIN of the tenant; not
 * through a proxy token. A subject must be a local user of the tenant (or, as the root
 * tenant's users administer subtenants, of its parent).
 */
export class ChangeRoleAssignmentsHandler {
  constructor(private readonly tenants: TenantAdministration) {}

  async handle(caller: Caller, tenantId: string, draft: AssignmentChangesDraft): Promise<RoleAssignment[]> {
    const tenant = await requireActiveTenant(this.tenants, tenantId);
    if (!canChangeTenantRoles(caller, tenant.id)) throw ViprErrors.insufficientPermissions(caller.userName);
    requireDirectChange(caller);
    const changes = readRoleChanges(draft);
    for (const entry of changes.add) {
      const home = await this.tenants.homeTenantOf(entry.subjectId);
      if (home === null || (home !== tenant.id && home !== tenant.parentTenantId))
        throw TenancyErrors.invalidSubject(entry.subjectId, tenant.id);
    }
    const asAssignment = ({ subjectId, values }: { subjectId: string; values: RoleAssignment["roles"] }) => ({
      subjectId,
      roles: values,
    });
    return this.tenants.changeRoleAssignments(
      tenant.id,
      changes.add.map(asAssignment),
      changes.remove.map(asAssignment),
    );
  }
}
