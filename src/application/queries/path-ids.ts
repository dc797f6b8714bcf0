import { ServiceCode } from "../../domain/shared/service-code.js";
import { ServiceError } from "../../domain/shared/service-error.js";
import { isValidUrn, type UrnType } from "../../domain/shared/urn.js";
import { ViprErrors } from "../../domain/shared/vipr-errors.js";
import { isSystemMonitor } from "../../domain/tenancy/access-policy.js";
import type { Caller } from "../../domain/tenancy/caller.js";
import type { ReadModel, WithProject } from "../ports/read-model.js";
import { requireReadable, requireReadableWithProject } from "./project-read-guard.js";

/*
 * How a read route meets the id in its path (docs/api/reads.md, "The id in the path"). The real
 * controller checks it twice: a permission filter first, which lets a SYSTEM_MONITOR caller
 * through without looking the id up and otherwise looks it up as the route's type (404/2000
 * whatever the id looks like, 403/3000 when not readable); then the route itself, which checks
 * the id's form. Only SYSTEM_MONITOR callers ever meet the route's own check.
 */

/** A project-owned resource, as the filter needs to know it. */
export interface ProjectOwned {
  readonly tenantId: string;
  readonly projectId: string;
}

/**
 * The resource a read route names, found by `find`. `ownCheck` is the route's own check of the
 * id, which only SYSTEM_MONITOR callers reach (the others have met the filter's lookup first).
 */
export async function readByPathId<T extends ProjectOwned>(
  readModel: ReadModel,
  caller: Caller,
  id: string,
  ownCheck: (id: string) => void,
  find: (id: string) => Promise<T | null>,
): Promise<T> {
  if (isSystemMonitor(caller)) ownCheck(id);
  return requireReadable(readModel, caller, id, await find(id));
}

/** {@link readByPathId} with a lookup that reads the resource and its project in one query. */
export async function readWithProjectByPathId<T extends ProjectOwned>(
  caller: Caller,
  id: string,
  ownCheck: (id: string) => void,
  find: (id: string) => Promise<WithProject<T> | null>,
): Promise<T> {
  if (isSystemMonitor(caller)) ownCheck(id);
  const found = await find(id);
  return requireReadableWithProject(caller, id, found?.resource ?? null, found?.project ?? null);
}

/**
 * The permission filter alone, for routes that check nothing of the id themselves (the task
 * routes): SYSTEM_MONITOR passes, anyone else needs the resource to exist and be readable.
 */
export async function passReadFilter(
  readModel: ReadModel,
  caller: Caller,
  id: string,
  find: (id: string) => Promise<ProjectOwned | null>,
): Promise<void> {
  if (isSystemMonitor(caller)) return;
  await requireReadable(readModel, caller, id, await find(id));
}

/** A route's check of a URN of any type (`ArgValidator.checkUri`): 400/1002. */
export function requireValidUrn(id: string): void {
  if (!isValidUrn(id)) throw ViprErrors.invalidUri(id);
}

/** A route's check that `id` is a URN of the type (`ArgValidator.checkFieldUriType` on `id`): 400/1008. */
export function requireIdOfType(type: UrnType): (id: string) => void {
  return (id) => {
    if (!isValidUrn(id))
      throw ServiceError.of(ServiceCode.PARAMETER_INVALID, "Parameter {0} is not a valid URI: {1}", "id", id);
    if (!isOfModelType(id, type)) {
      throw ServiceError.of(ServiceCode.PARAMETER_INVALID, "Parameter {0} is not a {2} URI: {1}", "id", id, type);
    }
  };
}

/**
 * The real controller's type test of a URN (`URIUtil.isType`): the text starts with
 * `urn:storageos:<Type>`, so that a `BlockSnapshotSession` URN also passes for `BlockSnapshot`.
 */
export function isOfModelType(id: string, type: UrnType): boolean {
  return id.startsWith(`urn:storageos:${type}`);
}
