import { ServiceCode } from "../../domain/shared/service-code.js";
import { ServiceError } from "../../domain/shared/service-error.js";
import { isValidUrn } from "../../domain/shared/urn.js";
import { ViprErrors } from "../../domain/shared/vipr-errors.js";
import {
  canReadProject,
  canSeeTenant,
  canWriteProject,
  type ProjectAccessFacts,
  passesWriteRouteFilter,
} from "../../domain/tenancy/access-policy.js";
import type { Caller } from "../../domain/tenancy/caller.js";
import type { ProjectRepository } from "../ports/repositories.js";

/**
 * An id must be a well-formed ViPR URN: otherwise 400/1002. Its type and VDC are not judged
 * here: a well-formed URN of another type or VDC names nothing the lookup finds (404/2000 for
 * a path id), as on the real controller (docs/api/snapshot-sessions.md, "Ids in the path").
 */
export function requireUrn(id: string): void {
  if (!isValidUrn(id)) throw ViprErrors.invalidUri(id);
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

/**
 * The resource a path id names, looked up as the real controller's permission filter looks it
 * up, before anything else (the body included): an id that names nothing, a malformed one too,
 * is 404/2000 (docs/api/snapshot-sessions.md, "Checks common to every operation").
 */
export async function requireFoundByPathId<T>(id: string, find: (id: string) => Promise<T | null>): Promise<T> {
  const found = isValidUrn(id) ? await find(id) : null;
  if (!found) throw ViprErrors.unableToFindEntityInURL(id);
  return found;
}

/**
 * 403/3000 unless the caller passes the permission filter in front of writes to the project's
 * resources (TENANT_ADMIN of its tenant, or OWN, ALL or BACKUP on it). It runs before the body
 * is read; {@link requireProjectWrite} comes later, among the operation's own checks.
 */
export async function requireWriteRouteAccess(
  caller: Caller,
  projects: Pick<ProjectRepository, "findById">,
  projectId: string,
): Promise<void> {
  const project = await projects.findById(projectId);
  if (!project || !passesWriteRouteFilter(caller, project.toState()))
    throw ViprErrors.insufficientPermissions(caller.userName);
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
