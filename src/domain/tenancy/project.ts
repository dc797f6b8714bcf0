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

  get name(): string {
    return this.state.name;
  }

  get inactive(): boolean {
    return this.state.inactive;
  }

  /**
   * Grants `add` and withdraws `remove` (privileges per user, merged with what each holds);
   * a user left without privileges leaves the ACL. The owner's OWN is not an ACL entry.
   */
  changeAcls(add: readonly ProjectAcl[], remove: readonly ProjectAcl[]): Project {
    const byUser = new Map(this.state.acls.map((acl) => [acl.userName, new Set(acl.privileges)]));
    for (const grant of add) {
      const held = byUser.get(grant.userName) ?? new Set<ProjectPrivilege>();
      for (const privilege of grant.privileges) held.add(privilege);
      byUser.set(grant.userName, held);
    }
    for (const withdrawal of remove) {
      const held = byUser.get(withdrawal.userName);
      for (const privilege of withdrawal.privileges) held?.delete(privilege);
    }
    const acls = [...byUser]
      .filter(([, privileges]) => privileges.size > 0)
      .map(([userName, privileges]) => ({ userName, privileges: [...privileges] }));
    return new Project({ ...this.state, acls });
  }

  deactivate(): Project {
    return new Project({ ...this.state, inactive: true });
  }

  toState(): ProjectState {
    return this.state;
  }
}
