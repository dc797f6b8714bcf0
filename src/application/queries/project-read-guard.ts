import { ViprErrors } from "../../domain/shared/vipr-errors.js";
import type { Caller } from "../../domain/tenancy/caller.js";
import type { ProjectView, ReadModel } from "../ports/read-model.js";
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
  return requireReadableIn(caller, found, await readModel.project(found.projectId));
}

/** The same checks, for a resource read with its project (`project` null when its row is missing). */
export function requireReadableWithProject<T extends { readonly tenantId: string; readonly projectId: string }>(
  caller: Caller,
  id: string,
  resource: T | null,
  project: ProjectView | null,
): T {
  return requireReadableIn(caller, requireFoundInTenant(caller, id, resource), project);
}

function requireReadableIn<T>(caller: Caller, found: T, project: ProjectView | null): T {
  if (!project) throw ViprErrors.insufficientPermissions(caller.userName);
  requireProjectRead(caller, project);
  return found;
}
