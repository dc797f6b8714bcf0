import { ServiceCode } from "../../domain/shared/service-code.js";
import { ServiceError } from "../../domain/shared/service-error.js";

/** The query of a `…/search` request as it arrived: each parameter with every value given. */
export type SearchParameters = Readonly<Record<string, string | readonly string[] | undefined>>;

/** What a search of a resource shared by every tenant (a virtual pool, say) looks for. */
export type ZoneResourceSearch = { readonly by: "name"; readonly prefix: string } | { readonly by: "tag" };

const MINIMUM_SEARCH_LENGTH = 2;

/**
 * Reads the parameters of a search of a resource that belongs to no tenant or project, with the
 * checks of the real controller, in its order: `name` (or `tag`) at least 2 characters and
 * combined with nothing but `project` (or `tenant`), `project` refused for such a resource, and
 * no search parameter at all refused. `resourceClass` is the controller's class name of the
 * resource, which its messages name. See docs/api/storage.md, "Finding a virtual pool by name".
 */
export function readZoneResourceSearch(resourceClass: string, parameters: SearchParameters): ZoneResourceSearch {
  const given = Object.fromEntries(
    Object.entries(parameters)
      .filter(([key, value]) => value !== undefined && key !== "using-cookies")
      .map(([key, value]) => [key, typeof value === "string" ? [value] : [...(value as readonly string[])]]),
  ) as Record<string, string[]>;
  const first = (key: string): string | undefined => given[key]?.[0];

  const name = first("name");
  if (name !== undefined) {
    checkLength("name", name, resourceClass);
    checkCombination(given, resourceClass, "name", "project");
  }
  const tag = first("tag");
  if (tag !== undefined) {
    checkLength("tag", tag, resourceClass);
    checkCombination(given, resourceClass, "tag", "tenant");
  }
  if (first("project") !== undefined) {
    checkCombination(given, resourceClass, "project", "name");
    throw ServiceError.of(
      ServiceCode.PARAMETER_INVALID,
      "Project parameter is not supported for {0} search",
      resourceClass,
    );
  }
  if (name !== undefined) return { by: "name", prefix: name };
  if (tag !== undefined) return { by: "tag" };
  throw ServiceError.of(ServiceCode.PARAMETER_INVALID, "Unknown parameter for {0}: {1}", "search", javaMapText(given));
}

/** Whether a name matches a search prefix: labels are compared without regard to case. */
export function matchesNamePrefix(name: string, prefix: string): boolean {
  return name.toLowerCase().startsWith(prefix.toLowerCase());
}

function checkLength(field: string, value: string, resourceClass: string): void {
  if (value.length < MINIMUM_SEARCH_LENGTH) {
    throw ServiceError.of(
      ServiceCode.PARAMETER_INVALID,
      "{0} parameter {1} for {2} search must be at least {3} characters",
      field,
      value,
      resourceClass,
      MINIMUM_SEARCH_LENGTH,
    );
  }
}

function checkCombination(given: Record<string, string[]>, resourceClass: string, first: string, second: string): void {
  if (Object.keys(given).some((key) => key !== first && key !== second)) {
    throw ServiceError.of(
      ServiceCode.BAD_REQUEST_BODY,
      "{1} parameter for {0} search could only be combined with {2} parameter",
      resourceClass,
      first,
      second,
    );
  }
}

/** The query parameters as the real controller prints them in a message: `{name=[a], tag=[b]}`. */
function javaMapText(given: Record<string, string[]>): string {
  return `{${Object.entries(given)
    .map(([key, values]) => `${key}=[${values.join(", ")}]`)
    .join(", ")}}`;
}
