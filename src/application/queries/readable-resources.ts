import { canReadProject, canSeeTenant } from "../../domain/tenancy/access-policy.js";
import type { Caller } from "../../domain/tenancy/caller.js";
import type { ProjectView, ReadModel } from "../ports/read-model.js";

/**
 * The resources of a listing that the caller may read (its tenant visible, its project
 * readable), in their order; the others are left out rather than refused.
 */
export async function readableOnly<T extends { readonly tenantId: string; readonly projectId: string }>(
  readModel: ReadModel,
  caller: Caller,
  resources: readonly T[],
): Promise<T[]> {
  const projects = new Map<string, ProjectView | null>();
  const readable: T[] = [];
  for (const resource of resources) {
    if (!canSeeTenant(caller, resource.tenantId)) continue;
    if (!projects.has(resource.projectId))
      projects.set(resource.projectId, await readModel.project(resource.projectId));
    const project = projects.get(resource.projectId);
    if (project && canReadProject(caller, project)) readable.push(resource);
  }
  return readable;
}
