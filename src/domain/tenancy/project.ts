import type { ProjectPrivilege } from "./caller.js";

export interface ProjectAcl {
  readonly userName: string;
  readonly privileges: readonly ProjectPrivilege[];
}

export interface ProjectState {
  readonly id: string;
  readonly name: string;
  readonly tenantId: string;
  readonly owner: string;
  readonly acls: readonly ProjectAcl[];
  readonly inactive: boolean;
  readonly creationTime: number;
  readonly version: number;
}

/** A project of a tenant: the unit of ownership of volumes and sessions. */
export class Project {
  private constructor(private readonly state: ProjectState) {}

  static create(fields: { id: string; name: string; tenantId: string; owner: string; now: number }): Project {
    return new Project({ ...fields, acls: [], inactive: false, creationTime: fields.now, version: 0 });
  }

  static rehydrate(state: ProjectState): Project {
    return new Project(state);
  }

  get id(): string {
    return this.state.id;
  }

  toState(): ProjectState {
    return this.state;
  }
}
