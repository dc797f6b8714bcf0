import type { ProjectView, TenantView } from "../../../application/ports/read-model.js";
import type { RoleAssignment, TenantOrgView, UserMapping } from "../../../application/ports/tenant-administration.js";
import type { ProjectAclEntry } from "../../../application/tenancy/project-acl-entries.js";
import { dataObjectFields } from "./data-object.js";
import { list, node, type Representation, repeated, representation } from "./document.js";
import { hrefOf, namedRelated, related, selfLink } from "./links.js";

/** `tenant_info`: the caller's home tenant (`GET /tenant`). */
export function tenantInfoRepresentation(tenant: TenantView): Representation {
  // TenantResponse's Java properties are name, selfLink and tenant: JAXB writes them in that order.
  return representation("tenant_info", { name: tenant.name, link: selfLink(hrefOf(tenant.id)), id: tenant.id });
}

/** `projects`: `{"project":[{id,link,name}]}`. */
export function projectListRepresentation(projects: readonly ProjectView[]): Representation {
  return representation("projects", { project: repeated(projects.map((p) => namedRelated(p.id, p.name))) });
}

/** `tenant_project`, what `POST /tenants/{id}/projects` answers (CoprHD's ProjectElement): `{id, link, name}`. */
export function projectCreatedRepresentation(project: { readonly id: string; readonly name: string }): Representation {
  return representation("tenant_project", namedRelated(project.id, project.name).children);
}

/** `project` (`GET /projects/{id}`). */
export function projectRepresentation(project: ProjectView): Representation {
  return representation("project", {
    ...dataObjectFields(project),
    owner: project.owner,
    tenant: related(project.tenantId),
  });
}

function userMappingNode(mapping: UserMapping) {
  return node({
    domain: mapping.domain,
    attributes: list(
      "attribute",
      mapping.attributes.map((attribute) => node({ key: attribute.key, value: repeated(attribute.values) })),
    ),
    groups: list("group", mapping.groups),
  });
}

/** `tenant_org` (`GET /tenants/{id}`, and a created subtenant). */
export function tenantOrgRepresentation(tenant: TenantOrgView): Representation {
  return representation("tenant_org", {
    ...dataObjectFields(tenant),
    description: tenant.description,
    parent_tenant: tenant.parentTenantId === null ? null : related(tenant.parentTenantId),
    user_mappings: list("user_mapping", tenant.userMappings.map(userMappingNode)),
  });
}

/** `subtenants`: `{"subtenant":[{id,link,name}]}`. */
export function subtenantListRepresentation(subtenants: readonly TenantOrgView[]): Representation {
  return representation("subtenants", { subtenant: repeated(subtenants.map((t) => namedRelated(t.id, t.name))) });
}

/** `acl_assignments`: `{"acl":[{"privilege":[…],"subject_id":…}]}`. */
export function aclAssignmentsRepresentation(entries: readonly ProjectAclEntry[]): Representation {
  return representation("acl_assignments", {
    acl: repeated(entries.map((entry) => node({ privilege: repeated(entry.privileges), subject_id: entry.subjectId }))),
  });
}

/** `role_assignments`: `{"role_assignment":[{"role":[…],"subject_id":…}]}`. */
export function roleAssignmentsRepresentation(assignments: readonly RoleAssignment[]): Representation {
  return representation("role_assignments", {
    role_assignment: repeated(
      assignments.map((assignment) => node({ role: repeated(assignment.roles), subject_id: assignment.subjectId })),
    ),
  });
}
