import { describe, expect, it } from "vitest";
import {
  canAdministerProject,
  canCreateProject,
  canReadProject,
  canReadProjectAcl,
  canWriteProject,
  passesWriteRouteFilter,
} from "../../../src/domain/tenancy/access-policy.js";
import type { Caller, TenantRole, VdcRole } from "../../../src/domain/tenancy/caller.js";
import { Project } from "../../../src/domain/tenancy/project.js";

const TENANT = "urn:storageos:TenantOrg:00000000-0000-0000-0000-00000000000a:global";
const OTHER = "urn:storageos:TenantOrg:00000000-0000-0000-0000-00000000000b:global";

function caller(userName: string, vdc: VdcRole[] = [], tenantRoles: [string, TenantRole[]][] = []): Caller {
  return {
    userName,
    tenantId: TENANT,
    vdcRoles: new Set(vdc),
    tenantRoles: new Map(tenantRoles.map(([id, roles]) => [id, new Set(roles)])),
  };
}

const project = () =>
  Project.create({
    id: "urn:storageos:Project:00000000-0000-0000-0000-000000000001:global",
    name: "p",
    tenantId: TENANT,
    owner: "owner",
    now: 1,
  });

describe("project ACL changes", () => {
  it("merges granted privileges per user and drops a user left with none", () => {
    const changed = project()
      .changeAcls([{ userName: "dave", privileges: ["ALL"] }], [])
      .changeAcls(
        [
          { userName: "dave", privileges: ["USE"] },
          { userName: "erin", privileges: ["BACKUP"] },
        ],
        [{ userName: "erin", privileges: ["BACKUP"] }],
      );
    expect(changed.toState().acls).toEqual([{ userName: "dave", privileges: ["ALL", "USE"] }]);
    expect(changed.changeAcls([], [{ userName: "dave", privileges: ["ALL", "USE"] }]).toState().acls).toEqual([]);
  });
});

describe("who may do what with a project", () => {
  const granted = (privilege: "ALL" | "BACKUP" | "OWN" | "USE") =>
    project()
      .changeAcls([{ userName: "dave", privileges: [privilege] }], [])
      .toState();

  it("the owner and its tenant's TENANT_ADMIN administer it; ALL writes but does not administer", () => {
    const facts = project().toState();
    expect(canAdministerProject(caller("owner"), facts)).toBe(true);
    expect(canAdministerProject(caller("admin", [], [[TENANT, ["TENANT_ADMIN"]]]), facts)).toBe(true);
    expect(canAdministerProject(caller("dave"), granted("ALL"))).toBe(false);
    expect(canWriteProject(caller("dave"), granted("ALL"))).toBe(true);
    expect(canAdministerProject(caller("dave"), granted("OWN"))).toBe(true);
  });

  it("another tenant's TENANT_ADMIN has nothing; SYSTEM_MONITOR reads but neither writes nor administers", () => {
    const facts = project().toState();
    const outsider = caller("bob", [], [[OTHER, ["TENANT_ADMIN"]]]);
    expect(
      [canReadProject, canWriteProject, canAdministerProject, canReadProjectAcl].map((f) => f(outsider, facts)),
    ).toEqual([false, false, false, false]);
    const monitor = caller("sysmonitor", ["SYSTEM_MONITOR"]);
    expect(
      [canReadProject, canWriteProject, canAdministerProject, canReadProjectAcl].map((f) => f(monitor, facts)),
    ).toEqual([true, false, false, true]);
    expect(canReadProject(caller("dave"), granted("BACKUP"))).toBe(true);
    expect(canWriteProject(caller("dave"), granted("BACKUP"))).toBe(false);
  });
});

describe("the permission filter in front of writes to a project's resources", () => {
  const granted = (privilege: "ALL" | "BACKUP" | "OWN" | "USE") =>
    project()
      .changeAcls([{ userName: "dave", privileges: [privilege] }], [])
      .toState();

  it("lets TENANT_ADMIN and OWN, ALL or BACKUP through, not USE nor other roles; who writes is decided later", () => {
    const privileges = ["OWN", "ALL", "BACKUP", "USE"] as const;
    expect(privileges.map((p) => passesWriteRouteFilter(caller("dave"), granted(p)))).toEqual([
      true,
      true,
      true,
      false,
    ]);
    expect(privileges.map((p) => canWriteProject(caller("dave"), granted(p)))).toEqual([true, true, false, false]);
    const facts = project().toState();
    expect(passesWriteRouteFilter(caller("owner"), facts)).toBe(true);
    expect(passesWriteRouteFilter(caller("admin", [], [[TENANT, ["TENANT_ADMIN"]]]), facts)).toBe(true);
    expect(passesWriteRouteFilter(caller("sysmonitor", ["SYSTEM_MONITOR", "SYSTEM_ADMIN"]), facts)).toBe(false);
    expect(passesWriteRouteFilter(caller("bob", [], [[OTHER, ["TENANT_ADMIN"]]]), facts)).toBe(false);
  });
});

describe("creating a project", () => {
  it("needs TENANT_ADMIN or PROJECT_ADMIN of that tenant", () => {
    expect(canCreateProject(caller("a", [], [[TENANT, ["PROJECT_ADMIN"]]]), TENANT)).toBe(true);
    expect(canCreateProject(caller("a", [], [[TENANT, ["TENANT_ADMIN"]]]), TENANT)).toBe(true);
    expect(canCreateProject(caller("a", [], [[TENANT, ["TENANT_APPROVER"]]]), TENANT)).toBe(false);
    expect(canCreateProject(caller("a", [], [[OTHER, ["PROJECT_ADMIN"]]]), TENANT)).toBe(false);
    expect(canCreateProject(caller("sysmonitor", ["SYSTEM_MONITOR", "SYSTEM_ADMIN"]), TENANT)).toBe(false);
  });
});
