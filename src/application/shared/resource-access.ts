import { ServiceCode } from "../../domain/shared/service-code.js";
import { ServiceError } from "../../domain/shared/service-error.js";
import { isUrnOfType, type UrnType } from "../../domain/shared/urn.js";
import { ViprErrors } from "../../domain/shared/vipr-errors.js";
import {
  canReadProject,
  canSeeTenant,
  canWriteProject,
  type ProjectAccessFacts,
} from "../../domain/tenancy/access-policy.js";
import type { Caller } from "../../domain/tenancy/caller.js";
import type { ProjectRepository } from "../ports/repositories.js";

/** An id must be a URN of the resource's type: otherwise 400/1002. */
export function requireUrn(id: string, type: UrnType): void {
  if (!isUrnOfType(id, type)) throw ViprErrors.invalidUri(id);
}

/** A resource found by a path id: 404/2000 when absent, 403/3000 when in another tenant. */
export function requireFoundInTenant<T extends { readonly tenantId: string }>(
  caller: Caller,
  id: string,
  resource: T | null,
): T {
  if (!resource) throw ViprErrors.unableToFindEntityInURL(id);
  if (!canSeeTenant(caller, resource.tenantId)) throw ViprErrors.insufficientPermissions(caller.userName);
  return resource;
}

/** A body field naming a resource that does not exist: 400/1004. */
export function unknownInBody(id: string): ServiceError {
  return ServiceError.of(ServiceCode.PARAMETER_NOT_FOUND, "Unable to find entity with the given id {0}", id);
}

/** 403/3000 unless the caller may change the project's resources. */
export async function requireProjectWrite(
  caller: Caller,
  projects: ProjectRepository,
  projectId: string,
): Promise<void> {
  const project = await projects.findById(projectId);
  if (!project || !canWriteProject(caller, project.toState()))
    throw ViprErrors.insufficientPermissions(caller.userName);
}

/** 403/3000 unless the caller may read the project's resources. */
export function requireProjectRead(caller: Caller, project: ProjectAccessFacts): void {
  if (!canReadProject(caller, project)) throw ViprErrors.insufficientPermissions(caller.userName);
}
