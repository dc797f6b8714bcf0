import type pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { newUrn } from "../../src/domain/shared/urn.js";
import { createSession, discoverSeededWorld, type SeededWorld } from "../support/e2e/seeded-world.js";
import type { RunningService } from "../support/e2e/service-process.js";
import {
  refusalCheck,
  type ServiceWithDatabase,
  startServiceWithDatabase,
} from "../support/e2e/service-with-database.js";
import { ViprClient } from "../support/e2e/vipr-client.js";

/**
 * Registering simulated arrays, virtual arrays and virtual pools over HTTP against the running
 * service: the new array's settings are the ones its driver then enforces, and every refusal
 * is a precise ViPR error that leaves nothing behind.
 */
describe("storage administration", () => {
  let running: ServiceWithDatabase;
  let service: RunningService;
  let sql: pg.Client;
  let root: ViprClient;
  let monitor: ViprClient;
  let world: SeededWorld;

  const configurationRows = async () =>
    Number(
      (
        await sql.query(
          `SELECT (SELECT count(*) FROM storage_systems) + (SELECT count(*) FROM storage_pools)
                + (SELECT count(*) FROM varrays) + (SELECT count(*) FROM vpools) AS n`,
        )
      ).rows[0].n,
    );

  beforeAll(async () => {
    running = await startServiceWithDatabase();
    ({ service, sql } = running);
    root = new ViprClient(service.baseUrl);
    await root.login();
    monitor = new ViprClient(service.baseUrl);
    await monitor.login("sysmonitor", "ChangeMe");
    world = await discoverSeededWorld(root);
  });

  afterAll(async () => {
    await running?.close();
  });

  const expectRefusal = refusalCheck(configurationRows);

  it("registers a mock array whose settings its driver then enforces, on a new varray and vpool", async () => {
    const varray = await root.post("/vdc/varrays", { name: "varray-small" });
    expect(varray.status).toBe(200);
    expect(varray.body).toMatchObject({ name: "varray-small", inactive: false });
    expect((await root.get(`/vdc/varrays/${varray.body.id}`)).body.name).toBe("varray-small");

    const system = await root.post("/vdc/storage-systems", {
      name: "mock-small",
      system_type: "mock",
      varrays: [varray.body.id],
      settings: { max_linked_targets_per_source: "2", supports_copy_mode: false },
    });
    expect(system.status).toBe(200);
    expect(system.body).toMatchObject({
      name: "mock-small",
      system_type: "mock",
      inactive: false,
      settings: { max_linked_targets_per_source: 2, supports_copy_mode: false },
    });
    expect(system.body.serial_number).toMatch(/^MOCK\+\d{6}$/);
    expect((await root.get(`/vdc/storage-systems/${system.body.id}`)).body.settings).toEqual(system.body.settings);
    const pools = (await root.get(`/vdc/storage-systems/${system.body.id}/storage-pools`)).body.storage_pool;
    expect(pools.map((pool: { name: string }) => pool.name)).toEqual(["pool-1"]);

    const vpool = await root.post("/block/vpools", {
      name: "vpool-small",
      system_type: "mock",
      provisioning_type: "Thin",
      protocols: ["FC"],
      varrays: [varray.body.id],
      protection: { snapshots: { max_native_snapshots: 4 } },
    });
    expect(vpool.status).toBe(200);
    expect(vpool.body).toMatchObject({ name: "vpool-small", system_type: "mock", max_snapshots: 4 });
    expect(vpool.body.varrays).toEqual([expect.objectContaining({ id: varray.body.id })]);

    // Only the new array's pool serves the new varray, so the volume lands on it.
    const created = await root.post("/block/volumes", {
      name: "small-src",
      size: "128MB",
      count: 1,
      varray: varray.body.id,
      vpool: vpool.body.id,
      project: world.projectId,
    });
    expect(created.status).toBe(202);
    expect((await root.waitForTask(created.body.task[0].id)).state).toBe("ready");
    const volumeId = created.body.task[0].resource.id;
    expect((await root.get(`/block/volumes/${volumeId}`)).body.storage_controller).toBe(system.body.id);

    const sessionId = await createSession(root, volumeId, "small-snap");
    const link = (count: number, copyMode: string) =>
      root.post(`/block/snapshot-sessions/${sessionId}/link-targets`, {
        new_linked_targets: { count, target_name: "t", copy_mode: copyMode },
      });
    const tooMany = await link(3, "nocopy");
    expect({ status: tooMany.status, code: tooMany.body.code }).toEqual({ status: 400, code: 1008 });
    expect(tooMany.body.details).toContain("Try a value less than or equal to 2.");
    const copy = await link(1, "copy");
    expect({ status: copy.status, code: copy.body.code }).toEqual({ status: 405, code: 1007 });
    const fits = await link(2, "nocopy");
    expect(fits.status).toBe(202);
    expect((await root.waitForTask(fits.body.task[0].id)).state).toBe("ready");
  });

  it("registers a VNX that refuses snapshot sessions as CoprHD 3.6 does, its volumes still served", async () => {
    const varray = await root.post("/vdc/varrays", { name: "varray-coprhd-vnx" });
    const system = await root.post("/vdc/storage-systems", {
      name: "vnx-as-coprhd",
      system_type: "vnxblock",
      varrays: [varray.body.id],
      settings: { snapshot_sessions: "refused" },
    });
    expect(system.status).toBe(200);
    expect(system.body.settings).toEqual({ snapshot_sessions: "refused" });
    const vpool = await root.post("/block/vpools", {
      name: "vpool-coprhd-vnx",
      system_type: "vnxblock",
      varrays: [varray.body.id],
    });
    const created = await root.post("/block/volumes", {
      name: "coprhd-vnx-src",
      size: "128MB",
      count: 1,
      varray: varray.body.id,
      vpool: vpool.body.id,
      project: world.projectId,
    });
    expect((await root.waitForTask(created.body.task[0].id)).state).toBe("ready");
    const volumeId = created.body.task[0].resource.id;
    // Before any VNX reachable from every virtual array is registered: the volume lands on this one.
    expect((await root.get(`/block/volumes/${volumeId}`)).body.storage_controller).toBe(system.body.id);

    const refused = await root.post(`/block/volumes/${volumeId}/protection/snapshot-sessions`, { name: "s" });
    expect({ status: refused.status, body: refused.body }).toMatchObject({
      status: 405,
      body: { code: 1007, details: "Operation not supported for VNX." },
    });
    expect((await root.get(`/block/volumes/${volumeId}/protection/snapshot-sessions`)).body.snapshot_session).toEqual(
      [],
    );
    const bad = await root.post("/vdc/storage-systems", {
      name: "vnx-sometimes",
      system_type: "vnxblock",
      settings: { snapshot_sessions: "sometimes" },
    });
    expect({ status: bad.status, code: bad.body.code, details: bad.body.details }).toEqual({
      status: 400,
      code: 1008,
      details: "Invalid value sometimes for parameter settings.snapshot_sessions",
    });
  });

  it("registers in XML, with a family's own settings, and answers in XML", async () => {
    const response = await root.postXml(
      "/vdc/storage-systems",
      `<storage_system_create><name>vnx-asap</name><system_type>vnxblock</system_type>
        <serial_number>CLARIION+APM00149999999</serial_number>
        <settings><migration_rate>asap</migration_rate><max_snapshot_mount_points_per_source>8</max_snapshot_mount_points_per_source></settings>
      </storage_system_create>`,
    );
    expect(response.status).toBe(200);
    expect(response.body).toContain("<storage_system>");
    expect(response.body).toContain("<serial_number>CLARIION+APM00149999999</serial_number>");
    expect(response.body).toContain(
      "<settings><max_snapshot_mount_points_per_source>8</max_snapshot_mount_points_per_source><migration_rate>asap</migration_rate></settings>",
    );
    const [row] = (await sql.query("SELECT settings FROM storage_systems WHERE name = 'vnx-asap'")).rows;
    expect(row.settings).toEqual({ migrationRate: "asap", maxSnapshotMountPointsPerSource: 8 });
  });

  it("refuses, in order, with ViPR errors and nothing created", async () => {
    const register = (client: ViprClient, body: Record<string, unknown>) => client.post("/vdc/storage-systems", body);
    await expectRefusal(
      register(monitor, { name: "x", system_type: "mock" }),
      403,
      3000,
      "Insufficient permissions for user sysmonitor.",
    );
    await expectRefusal(
      register(root, { system_type: "mock" }),
      400,
      1005,
      "Required parameter name was missing or empty",
    );
    const longName = "n".repeat(129);
    await expectRefusal(
      register(root, { name: longName, system_type: "mock" }),
      400,
      1008,
      `Invalid value ${longName} for parameter name, maximum length is 128`,
    );
    await expectRefusal(
      register(root, { name: "x" }),
      400,
      1005,
      "Required parameter system_type was missing or empty",
    );
    await expectRefusal(
      register(root, { name: "x", system_type: "xtremio" }),
      400,
      1008,
      "Invalid value xtremio for parameter system_type",
    );
    await expectRefusal(
      register(root, { name: "x", system_type: "mock", varrays: ["not-a-urn"] }),
      400,
      1008,
      "Invalid value not-a-urn for parameter varrays",
    );
    const unknownVarray = newUrn("VirtualArray");
    await expectRefusal(
      register(root, { name: "x", system_type: "mock", varrays: [unknownVarray] }),
      400,
      1004,
      `Unable to find entity with the given id ${unknownVarray}`,
    );
    await expectRefusal(
      register(root, { name: "x", system_type: "vmax", settings: { ticks: 5 } }),
      400,
      1008,
      "Invalid value 5 for parameter settings.ticks",
    );
    await expectRefusal(
      register(root, { name: "x", system_type: "mock", settings: { max_linked_targets_per_source: 0 } }),
      400,
      1008,
      "Invalid value 0 for parameter settings.max_linked_targets_per_source",
    );
    await expectRefusal(
      register(root, { name: "x", system_type: "vnxblock", settings: { migration_rate: "warp" } }),
      400,
      1008,
      "Invalid value warp for parameter settings.migration_rate",
    );
    await expectRefusal(
      register(root, { name: "MOCK", system_type: "mock" }),
      400,
      1008,
      "A component/resource with the label MOCK already exists.",
    );
    const [{ native_id: seededSerial }] = (
      await sql.query("SELECT native_id FROM storage_systems WHERE system_type = 'vmax' LIMIT 1")
    ).rows;
    await expectRefusal(
      register(root, { name: "another-vmax", system_type: "vmax", serial_number: seededSerial }),
      400,
      1008,
      `A storage system with serial number ${seededSerial} is already registered.`,
    );
    const unknownSetting = await register(root, { name: "x", system_type: "mock", settings: { speed: 1 } });
    expect({ status: unknownSetting.status, code: unknownSetting.body.code }).toEqual({ status: 400, code: 1013 });

    await expectRefusal(
      root.post("/vdc/varrays", { name: "VARRAY1" }),
      400,
      1008,
      "A component/resource with the label VARRAY1 already exists.",
    );
    await expectRefusal(
      monitor.post("/block/vpools", { name: "v", system_type: "mock" }),
      403,
      3000,
      "Insufficient permissions for user sysmonitor.",
    );
    await expectRefusal(
      root.post("/block/vpools", { name: "v", system_type: "mock", protocols: ["SCSI-over-carrier-pigeon"] }),
      400,
      1008,
      "Invalid value SCSI-over-carrier-pigeon for parameter protocols",
    );
    await expectRefusal(
      root.post("/block/vpools", {
        name: "v",
        system_type: "mock",
        protection: { snapshots: { max_native_snapshots: -1 } },
      }),
      400,
      1014,
      "Parameter max_native_snapshots value -1 is below the minimum 0",
    );
  });

  it("lets only one of six racing registrations of one name through", async () => {
    const answers = await Promise.all(
      Array.from({ length: 6 }, () => root.post("/vdc/storage-systems", { name: "racer", system_type: "mock" })),
    );
    expect(answers.map((answer) => answer.status).sort()).toEqual([200, 400, 400, 400, 400, 400]);
    const rows = await sql.query("SELECT count(*)::int AS n FROM storage_systems WHERE name = 'racer'");
    expect(rows.rows[0].n).toBe(1);
  });
});
