import { ViprErrors } from "../../domain/shared/vipr-errors.js";
import { canAdministerProject } from "../../domain/tenancy/access-policy.js";
import type { Caller } from "../../domain/tenancy/caller.js";
import type { UnitOfWork } from "../ports/unit-of-work.js";
import { requireUrn } from "../shared/resource-access.js";

/**
 * `POST /projects/{id}/deactivate`: TENANT_ADMIN of the project's tenant, or OWN on it.
 * Refused while the project holds active volumes or consistency groups (its row locked against
 * either being created in it meanwhile); synchronous, no body.
 */
export class DeactivateProjectHandler {
  constructor(private readonly unitOfWork: UnitOfWork) {}

  async handle(caller: Caller, projectId: string): Promise<void> {
    requireUrn(projectId);
    await this.unitOfWork.run(async (scope) => {
      const project = await scope.projects.findLocked(projectId, "update");
      if (!project) throw ViprErrors.unableToFindEntityInURL(projectId);
      if (!canAdministerProject(caller, project.toState())) throw ViprErrors.insufficientPermissions(caller.userName);
      if (project.inactive) throw ViprErrors.entityInURLIsInactive(projectId);
      const referencing = await scope.projects.activeReferenceType(projectId);
      if (referencing) throw ViprErrors.hasActiveReferences("Project", projectId, referencing);
      await scope.projects.save(project.deactivate());
    });
  }
}
