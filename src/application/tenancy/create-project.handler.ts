import { newUrn } from "../../domain/shared/urn.js";
import { ViprErrors } from "../../domain/shared/vipr-errors.js";
import { canCreateProject } from "../../domain/tenancy/access-policy.js";
import type { Caller } from "../../domain/tenancy/caller.js";
import { Project } from "../../domain/tenancy/project.js";
import type { Clock } from "../ports/clock.js";
import type { UnitOfWork } from "../ports/unit-of-work.js";
import { requiredText } from "../shared/request-fields.js";
import { requireUrn } from "../shared/resource-access.js";

export interface CreateProjectDraft {
  readonly name?: unknown;
}

/** `POST /tenants/{id}/projects`: TENANT_ADMIN or PROJECT_ADMIN; synchronous; the caller becomes the project's owner. */
export class CreateProjectHandler {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly clock: Clock,
  ) {}

  async handle(caller: Caller, tenantId: string, draft: CreateProjectDraft): Promise<{ id: string; name: string }> {
    requireUrn(tenantId);
    return this.unitOfWork.run(async (scope) => {
      if (!(await scope.tenants.exists(tenantId))) throw ViprErrors.unableToFindEntityInURL(tenantId);
      if (!canCreateProject(caller, tenantId)) throw ViprErrors.insufficientPermissions(caller.userName);
      const name = requiredText("name", draft.name);
      if (await scope.projects.findActiveByName(tenantId, name)) throw ViprErrors.duplicateLabel(name);
      const project = Project.create({
        id: newUrn("Project"),
        name,
        tenantId,
        owner: caller.userName,
        now: this.clock.now(),
      });
      await scope.projects.add(project);
      return { id: project.id, name };
    });
  }
}
