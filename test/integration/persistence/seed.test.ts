import { afterAll, describe, expect, it } from "vitest";
import { ARRAY_FAMILIES } from "../../../src/drivers/array-families.js";
import { declaredCapabilities } from "../../../src/drivers/simulation/declared-capabilities.js";
import { PgAuthStore } from "../../../src/infrastructure/persistence/auth-store.js";
import { seedDefaults } from "../../../src/infrastructure/persistence/seed.js";
import { openTestDatabase, type TestDatabase } from "./support/test-database.js";

/** One system, pool and vpool per listed family; those of the first three are pinned to the letter. */
const FAMILY_COUNT = ARRAY_FAMILIES.length;
/** A second vpool, with multi_volume_consistency, for each family whose arrays hold consistency groups. */
const VPOOL_COUNT =
  FAMILY_COUNT + ARRAY_FAMILIES.filter((family) => declaredCapabilities(family).supportsConsistencyGroups).length;
const PINNED_FAMILIES = ["mock", "vmax", "vnxblock"];

const PASSWORDS = { rootPassword: "ChangeMe", sysmonitorPassword: "Monitor1" };
const TABLES = ["tenants", "users", "projects", "storage_systems", "storage_pools", "varrays", "vpools"] as const;

async function counts(db: TestDatabase): Promise<Record<string, number>> {
  const result: Record<string, number> = {};
  for (const table of TABLES) {
    const [row]: { n: number }[] = await db.dataSource.query(`SELECT count(*)::int AS n FROM ${table}`);
    result[table] = row!.n;
  }
  return result;
}

describe("seedDefaults", () => {
  const databases: TestDatabase[] = [];
  afterAll(async () => {
    for (const db of databases) await db.drop();
  });

  it("creates the provider tenant, users, varray, arrays, pools, vpools and default project", async () => {
    const db = await openTestDatabase("seed_first");
    databases.push(db);

    const ids = await seedDefaults(db.dataSource, PASSWORDS);

    expect(await counts(db)).toEqual({
      tenants: 1,
      users: 2,
      projects: 1,
      storage_systems: FAMILY_COUNT,
      storage_pools: FAMILY_COUNT,
      varrays: 1,
      vpools: VPOOL_COUNT,
    });
    const seededTypes: { system_type: string }[] = await db.dataSource.query(
      "SELECT system_type FROM storage_systems ORDER BY system_type",
    );
    expect(seededTypes.map((row) => row.system_type)).toEqual(ARRAY_FAMILIES.map((f) => f.systemType).sort());
    const systems: { id: string; name: string; system_type: string; native_id: string }[] = await db.dataSource.query(
      "SELECT id, name, system_type, native_id FROM storage_systems WHERE system_type = ANY($1) ORDER BY name",
      [PINNED_FAMILIES],
    );
    expect(systems).toEqual([
      { id: ids.systemIds.mock, name: "mock", system_type: "mock", native_id: "MOCK+000001" },
      { id: ids.systemIds.vmax, name: "vmax", system_type: "vmax", native_id: "SYMMETRIX+000197900001" },
      { id: ids.systemIds.vnxblock, name: "vnxblock", system_type: "vnxblock", native_id: "CLARIION+APM00140000001" },
    ]);
    const vpools: {
      id: string;
      name: string;
      system_type: string;
      max_snapshots: number;
      varray_ids: string[];
      multi_volume_consistency: boolean;
    }[] = await db.dataSource.query(
      "SELECT id, name, system_type, max_snapshots, varray_ids, multi_volume_consistency FROM vpools WHERE system_type = ANY($1) ORDER BY multi_volume_consistency, name",
      [PINNED_FAMILIES],
    );
    expect(vpools).toEqual([
      {
        id: ids.vpoolIds.mock,
        name: "vpool-mock",
        system_type: "mock",
        max_snapshots: 1024,
        varray_ids: [ids.varrayId],
        multi_volume_consistency: false,
      },
      {
        id: ids.vpoolIds.vmax,
        name: "vpool-vmax",
        system_type: "vmax",
        max_snapshots: 256,
        varray_ids: [ids.varrayId],
        multi_volume_consistency: false,
      },
      {
        id: ids.vpoolIds.vnxblock,
        name: "vpool-vnxblock",
        system_type: "vnxblock",
        max_snapshots: 256,
        varray_ids: [ids.varrayId],
        multi_volume_consistency: false,
      },
      {
        id: ids.consistencyVpoolIds.vmax,
        name: "vpool-cg-vmax",
        system_type: "vmax",
        max_snapshots: 256,
        varray_ids: [ids.varrayId],
        multi_volume_consistency: true,
      },
      {
        id: ids.consistencyVpoolIds.vnxblock,
        name: "vpool-cg-vnxblock",
        system_type: "vnxblock",
        max_snapshots: 256,
        varray_ids: [ids.varrayId],
        multi_volume_consistency: true,
      },
    ]);
    const [project]: { name: string; tenant_id: string; owner: string }[] = await db.dataSource.query(
      "SELECT name, tenant_id, owner FROM projects WHERE id = $1",
      [ids.projectId],
    );
    expect(project).toEqual({ name: "default", tenant_id: ids.tenantId, owner: "root" });
    expect(ids.tenantId).toMatch(/^urn:storageos:TenantOrg:[0-9a-f-]{36}:global$/);
    expect(ids.varrayId).toMatch(/^urn:storageos:VirtualArray:[0-9a-f-]{36}:vdc1$/);
  });

  it("gives root and sysmonitor their roles and hashed passwords (root's VDC roles those of the real controller's root)", async () => {
    const db = await openTestDatabase("seed_users");
    databases.push(db);
    const ids = await seedDefaults(db.dataSource, PASSWORDS);
    const auth = new PgAuthStore(db.dataSource);

    const root = await auth.findUser("root");
    const sysmonitor = await auth.findUser("sysmonitor");

    expect(root).toMatchObject({
      tenantId: ids.tenantId,
      vdcRoles: ["SYSTEM_ADMIN", "SECURITY_ADMIN", "SYSTEM_MONITOR", "SYSTEM_AUDITOR"],
      tenantRoles: { [ids.tenantId]: ["TENANT_ADMIN"] },
    });
    expect(sysmonitor).toMatchObject({ tenantId: ids.tenantId, vdcRoles: ["SYSTEM_MONITOR"], tenantRoles: {} });
    expect(root?.passwordHash).not.toContain("ChangeMe");
    expect(await auth.verifyPassword(root, "ChangeMe")).toBe(true);
    expect(await auth.verifyPassword(sysmonitor, "Monitor1")).toBe(true);
  });

  it("changes nothing when run again, and returns the same ids", async () => {
    const db = await openTestDatabase("seed_twice");
    databases.push(db);
    const first = await seedDefaults(db.dataSource, PASSWORDS);
    const before = await counts(db);
    const [rootBefore]: { password_hash: string }[] = await db.dataSource.query(
      "SELECT password_hash FROM users WHERE name = 'root'",
    );

    const second = await seedDefaults(db.dataSource, PASSWORDS);

    expect(second).toEqual(first);
    expect(await counts(db)).toEqual(before);
    const [rootAfter]: { password_hash: string }[] = await db.dataSource.query(
      "SELECT password_hash FROM users WHERE name = 'root'",
    );
    expect(rootAfter).toEqual(rootBefore);
  });

  it("seeds once when two processes start together", async () => {
    const db = await openTestDatabase("seed_concurrent");
    databases.push(db);
    const other = await db.open();

    const [a, b] = await Promise.all([seedDefaults(db.dataSource, PASSWORDS), seedDefaults(other, PASSWORDS)]);

    expect(a).toEqual(b);
    expect(await counts(db)).toEqual({
      tenants: 1,
      users: 2,
      projects: 1,
      storage_systems: FAMILY_COUNT,
      storage_pools: FAMILY_COUNT,
      varrays: 1,
      vpools: VPOOL_COUNT,
    });
  });

  it("gives root its VDC roles in a database seeded when root had fewer", async () => {
    const db = await openTestDatabase("seed_root_roles");
    databases.push(db);
    await seedDefaults(db.dataSource, PASSWORDS);
    await db.dataSource.query(
      "UPDATE users SET vdc_roles = ARRAY['SYSTEM_ADMIN', 'SECURITY_ADMIN'] WHERE name = 'root'",
    );

    await seedDefaults(db.dataSource, PASSWORDS);

    expect((await new PgAuthStore(db.dataSource).findUser("root"))?.vdcRoles).toEqual([
      "SYSTEM_ADMIN",
      "SECURITY_ADMIN",
      "SYSTEM_MONITOR",
      "SYSTEM_AUDITOR",
    ]);
  });

  it("takes a changed configured password", async () => {
    const db = await openTestDatabase("seed_password");
    databases.push(db);
    await seedDefaults(db.dataSource, PASSWORDS);

    await seedDefaults(db.dataSource, { ...PASSWORDS, rootPassword: "N3wSecret" });

    const auth = new PgAuthStore(db.dataSource);
    const root = await auth.findUser("root");
    expect(await auth.verifyPassword(root, "N3wSecret")).toBe(true);
    expect(await auth.verifyPassword(root, "ChangeMe")).toBe(false);
  });

  it("sets the VNX's snapshotSessions setting when configured, at every start, and leaves it alone otherwise", async () => {
    const db = await openTestDatabase("seed_vnx_sessions");
    databases.push(db);
    const vnxSettings = async () =>
      (await db.dataSource.query("SELECT settings FROM storage_systems WHERE system_type = 'vnxblock'"))[0].settings;

    await seedDefaults(db.dataSource, PASSWORDS);
    expect(await vnxSettings()).toEqual({});
    await seedDefaults(db.dataSource, { ...PASSWORDS, systemSettings: { vnxblock: { snapshotSessions: "refused" } } });
    expect(await vnxSettings()).toEqual({ snapshotSessions: "refused" });
    await seedDefaults(db.dataSource, PASSWORDS);
    expect(await vnxSettings()).toEqual({ snapshotSessions: "refused" });
    await seedDefaults(db.dataSource, {
      ...PASSWORDS,
      systemSettings: { vnxblock: { snapshotSessions: "supported" } },
    });
    expect(await vnxSettings()).toEqual({ snapshotSessions: "supported" });
  });
});
