import { ServiceCode } from "../../domain/shared/service-code.js";
import { ServiceError } from "../../domain/shared/service-error.js";
import { ViprErrors } from "../../domain/shared/vipr-errors.js";
import { canReadProject, canSeeTenant, isSystemMonitor } from "../../domain/tenancy/access-policy.js";
import type { Caller } from "../../domain/tenancy/caller.js";
import type { NameCriteria, ReadModel } from "../ports/read-model.js";
import type { ProjectOwned } from "./path-ids.js";
import { readableOnly } from "./readable-resources.js";

/*
 * `GET /block/{volumes,snapshot-sessions,snapshots}/search`, the real controller's search of
 * project-owned resources (docs/api/reads.md, "Search"): by a name prefix of at least two
 * characters, any case, alone or within one project; by project alone; by tag (nothing here is
 * tagged); or by the kind's own parameters. SYSTEM_MONITOR sees every match; anyone else sees
 * the matches they may read, or, within a project they may read, all of them.
 */

/** A parsed query string: each parameter's values, in the order given. */
export type QueryParameters = Readonly<Record<string, string | readonly string[] | undefined>>;

export interface Named extends ProjectOwned {
  readonly id: string;
  readonly name: string;
}

export interface SearchableKind<T extends Named> {
  /** The real controller's model class, which its search refusals name. */
  readonly modelClass: string;
  find(criteria: NameCriteria): Promise<T[]>;
  /** The kind's other search parameters; without them, any other parameter is unknown (400/1008). */
  searchOther?(parameters: ReadonlyMap<string, readonly string[]>): Promise<T[]>;
}

const MINIMUM_SEARCH_LENGTH = 2;
/** A parameter the login filter reads, not the search. */
const COOKIES_PARAMETER = "using-cookies";

export async function searchResources<T extends Named>(
  readModel: ReadModel,
  caller: Caller,
  query: QueryParameters,
  kind: SearchableKind<T>,
): Promise<T[]> {
  let authorized = isSystemMonitor(caller);
  const parameters = parametersOf(query);
  const first = (key: string) => parameters.get(key)?.[0];

  const name = first("name");
  if (name !== undefined) {
    requireSearchLength("name", name, kind.modelClass);
    requireOnlyCombinedWith(parameters, kind.modelClass, "name", "project");
  }
  const tag = first("tag");
  if (tag !== undefined) {
    requireSearchLength("tag", tag, kind.modelClass);
    requireOnlyCombinedWith(parameters, kind.modelClass, "tag", "tenant");
  }
  const projectId = first("project");
  if (projectId !== undefined) {
    requireOnlyCombinedWith(parameters, kind.modelClass, "project", "name");
    if (!authorized) {
      const project = await readModel.project(projectId);
      const readable = project !== null && canSeeTenant(caller, project.tenantId) && canReadProject(caller, project);
      if (!readable) throw ViprErrors.insufficientPermissions(caller.userName);
      authorized = true;
    }
  }

  if (name !== undefined || tag !== undefined) {
    // Nothing is tagged here: a search by tag finds nothing.
    const found = name === undefined ? [] : byIndexOrder(await kind.find({ namePrefix: name, projectId }));
    return authorized ? found : readableOnly(readModel, caller, found);
  }
  if (projectId !== undefined) return kind.find({ projectId });
  if (kind.searchOther) return readableOnly(readModel, caller, await kind.searchOther(parameters));
  throw ServiceError.of(
    ServiceCode.PARAMETER_INVALID,
    "Unknown parameter for {0}: {1}",
    "search",
    javaMapText(parameters),
  );
}

/** The parameters without the login filter's, each with its values (`?a=1&a=2` → a: [1, 2]). */
function parametersOf(query: QueryParameters): Map<string, readonly string[]> {
  const parameters = new Map<string, readonly string[]>();
  for (const [key, value] of Object.entries(query)) {
    if (key === COOKIES_PARAMETER || value === undefined) continue;
    parameters.set(key, typeof value === "string" ? [value] : value);
  }
  return parameters;
}

function requireSearchLength(field: string, value: string, modelClass: string): void {
  if (value.length < MINIMUM_SEARCH_LENGTH) {
    throw ServiceError.of(
      ServiceCode.PARAMETER_INVALID,
      "{0} parameter {1} for {2} search must be at least {3} characters",
      field,
      value,
      modelClass,
      MINIMUM_SEARCH_LENGTH,
    );
  }
}

function requireOnlyCombinedWith(
  parameters: ReadonlyMap<string, readonly string[]>,
  modelClass: string,
  first: string,
  second: string,
): void {
  for (const key of parameters.keys()) {
    if (key !== first && key !== second) {
      throw ServiceError.of(
        ServiceCode.BAD_REQUEST_BODY,
        "{1} parameter for {0} search could only be combined with {2} parameter",
        modelClass,
        first,
        second,
      );
    }
  }
}

/** Name matches in the order of the real controller's name index: lower-cased name, name, id. */
function byIndexOrder<T extends Named>(found: readonly T[]): T[] {
  const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  return [...found].sort(
    (a, b) => compare(a.name.toLowerCase(), b.name.toLowerCase()) || compare(a.name, b.name) || compare(a.id, b.id),
  );
}

/**
 * The parameters as the real controller prints them in its refusal: Java's `HashMap.toString()`
 * of the query's multi-valued map, `{key=[value, …], …}`, keys in the hash map's iteration order.
 */
export function javaMapText(parameters: ReadonlyMap<string, readonly string[]>): string {
  const keys = javaHashMapOrder([...parameters.keys()]);
  return `{${keys.map((key) => `${key}=[${(parameters.get(key) ?? []).join(", ")}]`).join(", ")}}`;
}

/** The order a `java.util.HashMap` of default capacity iterates keys inserted in this order. */
export function javaHashMapOrder(keys: readonly string[]): string[] {
  let capacity = 16;
  while (keys.length > capacity * 0.75) capacity *= 2;
  const bucketOf = (key: string) => {
    let hash = 0;
    for (let i = 0; i < key.length; i++) hash = (Math.imul(31, hash) + key.charCodeAt(i)) | 0;
    return (hash ^ (hash >>> 16)) & (capacity - 1);
  };
  return keys
    .map((key, order) => ({ key, order, bucket: bucketOf(key) }))
    .sort((a, b) => a.bucket - b.bucket || a.order - b.order)
    .map((entry) => entry.key);
}
