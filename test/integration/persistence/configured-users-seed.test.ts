import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ConfiguredUser } from "../../../src/infrastructure/config/configured-users.js";
import { PgAuthStore } from "../../../src/infrastructure/persistence/auth-store.js";
import { PgTenantAdministration } from "../../../src/infrastructure/persistence/pg-tenant-administration.js";
import { seedDefaults } from "../../../src/infrastructure/persistence/seed.js";
import { openTestDatabase, type TestDatabase } from "./support/test-database.js";

const PASSWORDS = { rootPassword: "ChangeMe", sysmonitorPassword: "ChangeMe" };
const USERS: ConfiguredUser[] = [
  { name: "bob", password: "bob-pw", tenant: "Tenant B", roles: ["TENANT_ADMIN", "SYSTEM_MONITOR"] },
  { name: "alice", password: "alice-pw", tenant: null, roles: [] },
  { name: "proxy", password: "proxy-pw", tenant: "Provider Tenant", roles: ["PROXY_USER"] },
];

describe("seeding the configured users", () => {
  let db: TestDatabase;
  let auth: PgAuthStore;
  let tenants: PgTenantAdministration;
  let providerId: string;

  beforeAll(async () => {
    db = await openTestDatabase("seed_users");
    auth = new PgAuthStore(db.dataSource);
    tenants = new PgTenantAdministration(db.dataSource);
    providerId = (await seedDefaults(db.dataSource, { ...PASSWORDS, users: USERS })).tenantId;
  });

  afterAll(async () => {
    await db?.drop();
  });

  it("creates each user in its home tenant (a missing subtenant is created) with its roles and a hashed password", async () => {
    const bob = await auth.findUser("bob");
    const subtenants = await tenants.subtenantsOf(providerId);
    expect(subtenants.map((t) => t.name)).toEqual(["Tenant B"]);
    const tenantB = subtenants[0]!.id;
    expect(bob).toMatchObject({
      tenantId: tenantB,
      vdcRoles: ["SYSTEM_MONITOR"],
      tenantRoles: { [tenantB]: ["TENANT_ADMIN"] },
    });
    expect(bob!.passwordHash).toMatch(/^scrypt\$/);
    expect(bob!.passwordHash).not.toContain("bob-pw");
    expect(await auth.verifyPassword(bob!, "bob-pw")).toBe(true);
    expect(await auth.findUser("alice")).toMatchObject({ tenantId: providerId, vdcRoles: [], tenantRoles: {} });
    expect(await auth.findUser("proxy")).toMatchObject({ tenantId: providerId, vdcRoles: ["PROXY_USER"] });
  });

  it("at the next start: a new password and VDC roles apply, API-granted tenant roles are kept, nothing is duplicated", async () => {
    const tenantB = (await tenants.subtenantsOf(providerId))[0]!.id;
    await tenants.changeRoleAssignments(tenantB, [{ subjectId: "bob", roles: ["PROJECT_ADMIN"] }], []);
    const changed = USERS.map((user) =>
      user.name === "bob" ? { ...user, password: "new-pw", roles: ["TENANT_ADMIN"] } : user,
    );
    await seedDefaults(db.dataSource, { ...PASSWORDS, users: changed });

    const bob = await auth.findUser("bob");
    expect(await auth.verifyPassword(bob!, "new-pw")).toBe(true);
    expect(bob!.vdcRoles).toEqual([]);
    expect([...bob!.tenantRoles[tenantB]!].sort()).toEqual(["PROJECT_ADMIN", "TENANT_ADMIN"]);
    expect((await tenants.subtenantsOf(providerId)).length).toBe(1);
    const [{ n }] = await db.dataSource.query("SELECT count(*)::int AS n FROM users");
    expect(n).toBe(5);
  });
});
