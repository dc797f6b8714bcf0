import type { ProjectView, TenantView } from "../../../application/ports/read-model.js";
import { dataObjectFields } from "./data-object.js";
import { type Representation, repeated, representation } from "./document.js";
import { hrefOf, namedRelated, related, selfLink } from "./links.js";

/** `tenant_info`: the caller's home tenant (`GET /tenant`). */
export function tenantInfoRepresentation(tenant: TenantView): Representation {
  return representation("tenant_info", { id: tenant.id, name: tenant.name, link: selfLink(hrefOf(tenant.id)) });
}

/** `projects`: `{"project":[{id,name,link}]}`. */
export function projectListRepresentation(projects: readonly ProjectView[]): Representation {
  return representation("projects", { project: repeated(projects.map((p) => namedRelated(p.id, p.name))) });
}

/** `project` as `POST /tenants/{id}/projects` answers: `{id, name, link}`. */
export function projectCreatedRepresentation(project: { readonly id: string; readonly name: string }): Representation {
  return representation("project", { id: project.id, name: project.name, link: selfLink(hrefOf(project.id)) });
}

/** `project` (`GET /projects/{id}`). */
export function projectRepresentation(project: ProjectView): Representation {
  return representation("project", {
    ...dataObjectFields(project),
    tenant: related(project.tenantId),
    owner: project.owner,
  });
}
