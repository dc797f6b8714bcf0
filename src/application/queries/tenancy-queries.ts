import { ViprErrors } from "../../domain/shared/vipr-errors.js";
import { canSeeTenant } from "../../domain/tenancy/access-policy.js";
import type { Caller } from "../../domain/tenancy/caller.js";
import type { ProjectView, ReadModel, TenantView } from "../ports/read-model.js";
import { requireProjectRead, requireUrn } from "../shared/resource-access.js";

export class TenancyQueries {
  constructor(private readonly readModel: ReadModel) {}

  /** The caller's home tenant. */
  async homeTenant(caller: Caller): Promise<TenantView> {
    const tenant = await this.readModel.tenant(caller.tenantId);
    if (!tenant) throw ViprErrors.unableToFindEntityInURL(caller.tenantId);
    return tenant;
  }

  async tenant(caller: Caller, id: string): Promise<TenantView> {
    requireUrn(id);
    const tenant = await this.readModel.tenant(id);
    if (!tenant) throw ViprErrors.unableToFindEntityInURL(id);
    if (!canSeeTenant(caller, id)) throw ViprErrors.insufficientPermissions(caller.userName);
    return tenant;
  }

  /** Active projects of the tenant that the caller may read. */
  async projectsOfTenant(caller: Caller, tenantId: string): Promise<ProjectView[]> {
    await this.tenant(caller, tenantId);
    const projects = await this.readModel.projectsOfTenant(tenantId);
    return projects.filter((project) => {
      try {
        requireProjectRead(caller, project);
        return !project.inactive;
      } catch {
        return false;
      }
    });
  }

  async project(caller: Caller, id: string): Promise<ProjectView> {
    requireUrn(id);
    const project = await this.readModel.project(id);
    if (!project) throw ViprErrors.unableToFindEntityInURL(id);
    if (!canSeeTenant(caller, project.tenantId)) throw ViprErrors.insufficientPermissions(caller.userName);
    requireProjectRead(caller, project);
    return project;
  }
}
