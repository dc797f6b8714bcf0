import { ViprErrors } from "../../domain/shared/vipr-errors.js";
import type { Caller } from "../../domain/tenancy/caller.js";
import type { ReadModel } from "../ports/read-model.js";
import { requireFoundInTenant, requireProjectRead } from "../shared/resource-access.js";

/**
 * The read checks every project-owned resource shares: 404/2000 when absent, 403/3000 when in
 * another tenant or when the caller may not read its project.
 */
export async function requireReadable<T extends { readonly tenantId: string; readonly projectId: string }>(
  readModel: ReadModel,
  caller: Caller,
  id: string,
  resource: T | null,
): Promise<T> {
  const found = requireFoundInTenant(caller, id, resource);
  const project = await readModel.project(found.projectId);
  if (!project) throw ViprErrors.insufficientPermissions(caller.userName);
  requireProjectRead(caller, project);
  return found;
}
