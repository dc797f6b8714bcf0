import { ViprErrors } from "../../domain/shared/vipr-errors.js";
import type { Caller } from "../../domain/tenancy/caller.js";
import type { TenantAdministration, TenantOrgView } from "../ports/tenant-administration.js";
import { requireUrn } from "../shared/resource-access.js";

/** The tenant named in the URL: 400/1002 when not a tenant URN, 404/2000 when absent, 404/2001 when inactive. */
export async function requireActiveTenant(tenants: TenantAdministration, tenantId: string): Promise<TenantOrgView> {
  requireUrn(tenantId);
  const tenant = await tenants.tenantOrg(tenantId);
  if (!tenant) throw ViprErrors.unableToFindEntityInURL(tenantId);
  if (tenant.inactive) throw ViprErrors.entityInURLIsInactive(tenantId);
  return tenant;
}

/** Changes of who may do what are refused to a proxy user acting for someone (ViPR's blockProxies). */
export function requireDirectChange(caller: Caller): void {
  if (caller.proxiedBy !== undefined) throw ViprErrors.insufficientPermissions(caller.proxiedBy);
}
