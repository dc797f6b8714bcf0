import { ViprErrors } from "../../domain/shared/vipr-errors.js";
import { canAdministerProject } from "../../domain/tenancy/access-policy.js";
import type { Caller } from "../../domain/tenancy/caller.js";
import type { ProjectAcl } from "../../domain/tenancy/project.js";
import { TenancyErrors } from "../../domain/tenancy/tenancy-errors.js";
import type { TenantAdministration } from "../ports/tenant-administration.js";
import type { UnitOfWork } from "../ports/unit-of-work.js";
import { requireUrn } from "../shared/resource-access.js";
import { type AssignmentChangesDraft, readAclChanges } from "./assignment-changes.js";
import { type ProjectAclEntry, projectAclEntries } from "./project-acl-entries.js";
import { requireDirectChange } from "./tenant-lookup.js";

/**
 * `PUT /projects/{id}/acl`: TENANT_ADMIN of the project's tenant, or OWN on the project (its
 * owner); not through a proxy token. A subject must be a local user of the project's tenant.
 */
export class ChangeProjectAclHandler {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly tenants: TenantAdministration,
  ) {}

  async handle(caller: Caller, projectId: string, draft: AssignmentChangesDraft): Promise<ProjectAclEntry[]> {
    requireUrn(projectId);
    return this.unitOfWork.run(async (scope) => {
      const project = await scope.projects.findById(projectId);
      if (!project) throw ViprErrors.unableToFindEntityInURL(projectId);
      if (!canAdministerProject(caller, project.toState())) throw ViprErrors.insufficientPermissions(caller.userName);
      if (project.inactive) throw ViprErrors.entityInURLIsInactive(projectId);
      requireDirectChange(caller);
      const changes = readAclChanges(draft);
      const tenantId = project.toState().tenantId;
      for (const entry of changes.add) {
        if ((await this.tenants.homeTenantOf(entry.subjectId)) !== tenantId)
          throw TenancyErrors.invalidSubject(entry.subjectId, tenantId);
      }
      const asAcl = ({ subjectId, values }: { subjectId: string; values: ProjectAcl["privileges"] }) => ({
        userName: subjectId,
        privileges: values,
      });
      const changed = project.changeAcls(changes.add.map(asAcl), changes.remove.map(asAcl));
      await scope.projects.save(changed);
      return projectAclEntries(changed.toState());
    });
  }
}
