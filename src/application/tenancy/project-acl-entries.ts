import type { ProjectPrivilege } from "../../domain/tenancy/caller.js";
import type { ProjectAcl } from "../../domain/tenancy/project.js";

/** One entry of a project's ACL as ViPR lists it. */
export interface ProjectAclEntry {
  readonly subjectId: string;
  readonly privileges: readonly ProjectPrivilege[];
}

/** The project's ACL as the real controller keeps it: the owner holds OWN, first; then the granted entries. */
export function projectAclEntries(project: { readonly owner: string; readonly acls: readonly ProjectAcl[] }) {
  const ownerGrants = project.acls.find((acl) => acl.userName === project.owner)?.privileges ?? [];
  const owner: ProjectAclEntry = {
    subjectId: project.owner,
    privileges: ["OWN", ...ownerGrants.filter((privilege) => privilege !== "OWN")],
  };
  const others = project.acls
    .filter((acl) => acl.userName !== project.owner)
    .map((acl): ProjectAclEntry => ({ subjectId: acl.userName, privileges: acl.privileges }));
  return [owner, ...others];
}
