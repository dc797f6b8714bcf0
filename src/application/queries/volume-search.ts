import { ServiceCode } from "../../domain/shared/service-code.js";
import { ServiceError } from "../../domain/shared/service-error.js";
import type { VolumeCriteria, VolumeView } from "../ports/read-model.js";
import { javaHashMapOrder } from "./resource-search.js";

/*
 * The volume search's own parameters (docs/api/reads.md, "Search"): `wwn`, `virtual_array`,
 * `personality`, `protection`, each may be repeated, and a volume must meet all of them. Volumes
 * here are never protected (no RecoverPoint, SRDF or VPLEX) and have no personality, which
 * decides what the last two find.
 */

const CRITERIA = ["wwn", "virtual_array", "personality", "protection"] as const;
const PERSONALITIES = ["SOURCE", "TARGET", "METADATA"];
const PROTECTIONS = ["true", "false", "rp", "srdf", "vplex", "ha"];

export async function searchVolumesByOtherParameters(
  parameters: ReadonlyMap<string, readonly string[]>,
  modelClass: string,
  find: (criteria: VolumeCriteria) => Promise<VolumeView[]>,
): Promise<VolumeView[]> {
  // Where the real controller prints its list of criteria, it prints a Java array's identity
  // (`[Ljava.lang.String;@1b6d3586`, different in every process): the list is named instead.
  const criteriaText = `[${CRITERIA.join(", ")}]`;
  if (!CRITERIA.some((criterion) => parameters.has(criterion))) {
    throw ServiceError.of(
      ServiceCode.PARAMETER_MISSING,
      "Parameter for {0} search is incorrect, at least one of tag, name, project or {1} is required",
      modelClass,
      criteriaText,
    );
  }
  const other = javaHashMapOrder([...parameters.keys()])
    .filter((key) => !(CRITERIA as readonly string[]).includes(key))
    .at(-1);
  if (other !== undefined) {
    throw ServiceError.of(
      ServiceCode.PARAMETER_INVALID,
      "{1} parameter for {0} search could not be combined with any other parameter but found {2}",
      modelClass,
      criteriaText,
      other,
    );
  }

  const matches: VolumeView[][] = [];
  for (const wwn of parameters.get("wwn") ?? []) matches.push(await find({ wwn }));
  for (const varrayId of parameters.get("virtual_array") ?? []) matches.push(await find({ varrayId }));
  for (const personality of parameters.get("personality") ?? []) {
    if (!PERSONALITIES.includes(personality)) throw invalidValue(modelClass, "personality", personality, PERSONALITIES);
    matches.push([]);
  }
  const found = matches.length === 0 ? null : intersection(matches);
  const protections = parameters.get("protection") ?? [];
  for (const protection of protections) {
    if (!PROTECTIONS.includes(protection.toLowerCase())) {
      throw invalidValue(modelClass, "protection", protection, PROTECTIONS);
    }
  }
  if (protections.length === 0) return found ?? [];
  // Unprotected volumes meet `false` and, as on the real controller, any value it takes without
  // comparing it exactly (`TRUE`, `False`); `true` and the protection kinds exclude them.
  const excludes = protections.some((p) => p === "true" || ["rp", "srdf", "vplex", "ha"].includes(p.toLowerCase()));
  return excludes ? [] : (found ?? (await find({})));
}

function intersection(lists: readonly VolumeView[][]): VolumeView[] {
  const [first = [], ...others] = lists;
  return first.filter((volume) => others.every((list) => list.some((other) => other.id === volume.id)));
}

function invalidValue(modelClass: string, parameter: string, value: string, valid: readonly string[]): ServiceError {
  return ServiceError.of(
    ServiceCode.BAD_REQUEST_BODY,
    "{1} object parameter for {0} search contained an invalid value of: {2}.  Valid values are {3}.",
    modelClass,
    parameter,
    value,
    `[${valid.join(", ")}]`,
  );
}
