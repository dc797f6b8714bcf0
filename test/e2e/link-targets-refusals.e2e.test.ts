import type pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { newUrn } from "../../src/domain/shared/urn.js";
import { hashPassword } from "../../src/infrastructure/persistence/password-hash.js";
import { createSession, createVolume, discoverSeededWorld } from "../support/e2e/seeded-world.js";
import type { RunningService } from "../support/e2e/service-process.js";
import {
  refusalCheck,
  type ServiceWithDatabase,
  startServiceWithDatabase,
} from "../support/e2e/service-with-database.js";
import { ViprClient } from "../support/e2e/vipr-client.js";

/**
 * Every refusal of POST /block/snapshot-sessions/{id}/link-targets, in the real controller's
 * order (docs/api/snapshot-sessions.md, "Link targets"), over HTTP against the running service:
 * status, service code, exact message, and that the refused request created nothing.
 */
describe("link-targets refusals, in the real controller's order", () => {
  let running: ServiceWithDatabase;
  let service: RunningService;
  let sql: pg.Client;
  let root: ViprClient;
  let sessionId: string;
  let inactiveSessionId: string;
  let sourceName: string;

  const path = (id: string) => `/block/snapshot-sessions/${id}/link-targets`;
  const body = (fields: Record<string, unknown>) => ({
    new_linked_targets: { count: 1, target_name: "t", copy_mode: "nocopy", ...fields },
  });
  const createdRows = async () =>
    Number(
      (await sql.query("SELECT (SELECT count(*) FROM linked_targets) + (SELECT count(*) FROM tasks) AS n")).rows[0].n,
    );

  beforeAll(async () => {
    running = await startServiceWithDatabase();
    ({ service, sql } = running);
    // A small limit and no copy mode on the mock array, so that checks 7 and 10 can be reached.
    await sql.query(
      `UPDATE storage_systems SET settings = '{"maxLinkedTargetsPerSource": 3, "supportsCopyMode": false}' WHERE system_type = 'mock'`,
    );
    // A second tenant with its own administrator, for the cross-tenant check.
    const otherTenant = newUrn("TenantOrg");
    await sql.query("INSERT INTO tenants (id, name, creation_time) VALUES ($1, 'Other Tenant', 0)", [otherTenant]);
    await sql.query(
      "INSERT INTO users (name, password_hash, tenant_id, tenant_roles, creation_time) VALUES ('alice', $1, $2, $3, 0)",
      [await hashPassword("alicepw"), otherTenant, JSON.stringify({ [otherTenant]: ["TENANT_ADMIN"] })],
    );

    root = new ViprClient(service.baseUrl);
    await root.login();
    const world = await discoverSeededWorld(root);
    sourceName = "refusals-src";
    const volumeId = await createVolume(root, world, "mock", sourceName);
    sessionId = await createSession(root, volumeId, "refusals-snap");
    inactiveSessionId = await createSession(root, volumeId, "gone-snap");
    await createSession(root, volumeId, "peer -1");
    await sql.query("UPDATE snapshot_sessions SET inactive = true WHERE id = $1", [inactiveSessionId]);
    const first = await root.post(path(sessionId), body({ count: 2, target_name: "used" }));
    expect((await root.waitForTask(first.body.task[0].id)).state).toBe("ready");
  });

  afterAll(async () => {
    await running?.close();
  });

  const expectRefusal = refusalCheck(createdRows);

  it("1. no valid token: 401", async () => {
    const anonymous = new ViprClient(service.baseUrl);
    await expectRefusal(anonymous.post(path(sessionId), body({})), 401, undefined, undefined);
  });

  it("2. malformed, unknown or another type's id: 404/2000; another tenant's session: 403/3000", async () => {
    await expectRefusal(
      root.post(path("not-a-urn"), body({})),
      404,
      2000,
      "Unable to find entity specified in URL with the given id not-a-urn",
    );
    const volumeUrn = newUrn("Volume");
    await expectRefusal(
      root.post(path(volumeUrn), body({})),
      404,
      2000,
      `Unable to find entity specified in URL with the given id ${volumeUrn}`,
    );
    const unknown = newUrn("BlockSnapshotSession");
    await expectRefusal(
      root.post(path(unknown), {}),
      404,
      2000,
      `Unable to find entity specified in URL with the given id ${unknown}`,
    );
    const alice = new ViprClient(service.baseUrl);
    await alice.login("alice", "alicepw");
    await expectRefusal(alice.post(path(sessionId), body({})), 403, 3000, "Insufficient permissions for user alice.");
  });

  it("3. no TENANT_ADMIN and no OWN/ALL on the project: 403/3000", async () => {
    const monitor = new ViprClient(service.baseUrl);
    await monitor.login("sysmonitor", "ChangeMe");
    await expectRefusal(monitor.post(path(sessionId), {}), 403, 3000, "Insufficient permissions for user sysmonitor.");
  });

  it("4. missing or blank required elements: 400/1005 naming the element (JSON: at its top level)", async () => {
    const missing = (name: string) => `Required parameter ${name} was missing or empty`;
    await expectRefusal(root.post(path(sessionId), {}), 400, 1005, missing("new_linked_targets"));
    await expectRefusal(
      root.post(path(sessionId), { new_linked_targets: { target_name: "t" } }),
      400,
      1005,
      missing("count"),
    );
    /** An XML request, its XML error read back into the fields a JSON one has. */
    const xmlTargets = async (inner: string) => {
      const response = await root.postXml(
        path(sessionId),
        `<snapshot_session_link_targets><new_linked_targets>${inner}</new_linked_targets></snapshot_session_link_targets>`,
      );
      const field = (name: string) => new RegExp(`<${name}>(.*)</${name}>`).exec(response.text)?.[1];
      return { ...response, body: { code: Number(field("code")), details: field("details") } };
    };
    await expectRefusal(xmlTargets("<count>1</count><target_name> </target_name>"), 400, 1005, missing("target_name"));
    await expectRefusal(
      xmlTargets("<count>1</count><target_name>t</target_name><copy_mode> </copy_mode>"),
      400,
      1005,
      missing("copy_mode"),
    );
    // JSON's nested elements are not validated: a blank copy_mode is a copy mode of no name.
    await expectRefusal(
      root.post(path(sessionId), body({ copy_mode: "" })),
      400,
      1008,
      'The copy_mode  is not a valid value. The value must be either "copy" or "nocopy".',
    );
    await expectRefusal(
      root.postXml(
        path(sessionId),
        "<snapshot_session_link_targets><new_linked_targets><target_name>t</target_name></new_linked_targets></snapshot_session_link_targets>",
      ),
      400,
      undefined,
      undefined,
    );
  });

  it("5. inactive session: 404/2001, even before the count is looked at", async () => {
    await expectRefusal(
      root.post(path(inactiveSessionId), body({ count: 0 })),
      404,
      2001,
      `Entity specified in URL with the given id ${inactiveSessionId} is inactive and marked for deletion`,
    );
  });

  it("6. count 0: 400/1008; a negative count is accepted and links nothing", async () => {
    await expectRefusal(
      root.post(path(sessionId), body({ count: 0 })),
      400,
      1008,
      "Invalid request to link 0 new targets to a snapshot session.",
    );
    const targetsBefore = Number((await sql.query("SELECT count(*) FROM linked_targets")).rows[0].count);
    const negative = await root.post(path(sessionId), body({ count: -1 }));
    expect(negative.status).toBe(202);
    expect((await root.waitForTask(negative.body.task[0].id)).state).toBe("ready");
    expect(Number((await sql.query("SELECT count(*) FROM linked_targets")).rows[0].count)).toBe(targetsBefore);
  });

  it("7. the source-wide limit, counting targets linked or being linked: 400/1008 with what is free", async () => {
    await expectRefusal(
      root.post(path(sessionId), body({ count: 2, copy_mode: "bogus" })),
      400,
      1008,
      `The requested linked_targets count 2 would exceed the maximum allowed for the block snapshot sessions of source ${sourceName}. Try a value less than or equal to 1.`,
    );
  });

  it("8. a copy_mode other than exactly copy or nocopy: 400/1008", async () => {
    await expectRefusal(
      root.post(path(sessionId), body({ copy_mode: "Copy" })),
      400,
      1008,
      'The copy_mode Copy is not a valid value. The value must be either "copy" or "nocopy".',
    );
  });

  it("9. a target name over 63 characters, or one equal to a label in use: 400/1008", async () => {
    const long = "n".repeat(62);
    await expectRefusal(
      root.post(path(sessionId), body({ target_name: long })),
      400,
      1008,
      `Invalid value ${long}-1 for parameter snapshotName, maximum length is 63`,
    );
    await expectRefusal(
      root.post(path(sessionId), body({ target_name: "used" })),
      400,
      1008,
      "A component/resource with the label used-1 already exists.",
    );
    await expectRefusal(
      root.post(path(sessionId), body({ target_name: "peer" })),
      400,
      1008,
      "A component/resource with the label peer-1 already exists.",
    );
  });

  it("10. copy mode on an array configured without it: 405/1007", async () => {
    await expectRefusal(
      root.post(path(sessionId), body({ copy_mode: "copy" })),
      405,
      1007,
      "Operation not supported for mock.",
    );
  });

  it("accepts the request that passes every check", async () => {
    const response = await root.post(path(sessionId), body({}));
    expect(response.status).toBe(202);
    expect((await root.waitForTask(response.body.task[0].id)).state).toBe("ready");
  });
});
