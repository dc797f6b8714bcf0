import type { ProjectPrivilege } from "../../../domain/tenancy/caller.js";
import { Project, type ProjectState } from "../../../domain/tenancy/project.js";
import { ProjectRecord } from "../records/project.record.js";

export const ProjectMapper = {
  toRecord(project: Project): ProjectRecord {
    const state = project.toState();
    return Object.assign(new ProjectRecord(), {
      id: state.id,
      name: state.name,
      tenantId: state.tenantId,
      owner: state.owner,
      acls: state.acls.map((acl) => ({ userName: acl.userName, privileges: [...acl.privileges] })),
      version: state.version,
      inactive: state.inactive,
      creationTime: state.creationTime,
    });
  },

  toDomain(record: ProjectRecord): Project {
    const state: ProjectState = {
      id: record.id,
      name: record.name,
      tenantId: record.tenantId,
      owner: record.owner,
      acls: record.acls.map((acl) => ({ userName: acl.userName, privileges: acl.privileges as ProjectPrivilege[] })),
      inactive: record.inactive,
      creationTime: record.creationTime,
      version: record.version,
    };
    return Project.rehydrate(state);
  },
};
