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
 * Every refusal of the session operations (unlink, relink, restore, deactivate, create), in the
 * real controller's order (docs/api/snapshot-sessions.md), and of the deactivations of a target
 * and a volume, over HTTP against the running service: status, service code, exact message,
 * and that the refused request created nothing.
 */
describe("session operation refusals, in the real controller's order", () => {
  let running: ServiceWithDatabase;
  let service: RunningService;
  let sql: pg.Client;
  let root: ViprClient;
  const ids = {} as Record<
    "volA" | "volB" | "volGone" | "sA" | "sA2" | "sGone" | "sB" | "a1" | "aLinking" | "aGone" | "b1",
    string
  >;

  const createdRows = async () =>
    Number(
      (
        await sql.query(
          `SELECT (SELECT count(*) FROM tasks) + (SELECT count(*) FROM linked_targets) + (SELECT count(*) FROM volumes)
             + (SELECT count(*) FROM snapshot_sessions) + (SELECT count(*) FROM session_operations) AS n`,
        )
      ).rows[0].n,
    );

  /** A task of the resource left pending, as another operation in flight would. */
  async function withPendingTaskOn<T>(resourceId: string, work: () => Promise<T>): Promise<T> {
    const taskId = newUrn("Task");
    await sql.query(
      `INSERT INTO tasks (id, op_id, name, description, resource_type, resource_id, resource_name, tenant_id,
         state, message, progress, start_time, creation_time)
       SELECT $1, 'op', 'OTHER', 'another operation', 'Any', $2, 'r', tenant_id, 'pending', 'm', 0, 1, 1
       FROM volumes LIMIT 1`,
      [taskId, resourceId],
    );
    try {
      return await work();
    } finally {
      await sql.query("DELETE FROM tasks WHERE id = $1", [taskId]);
    }
  }

  beforeAll(async () => {
    running = await startServiceWithDatabase();
    ({ service, sql } = running);
    await sql.query(
      `UPDATE storage_systems SET settings = '{"maxLinkedTargetsPerSource": 3, "supportsCopyMode": false}' WHERE system_type = 'mock'`,
    );
    const otherTenant = newUrn("TenantOrg");
    await sql.query("INSERT INTO tenants (id, name, creation_time) VALUES ($1, 'Other Tenant', 0)", [otherTenant]);
    await sql.query(
      "INSERT INTO users (name, password_hash, tenant_id, tenant_roles, creation_time) VALUES ('alice', $1, $2, $3, 0)",
      [await hashPassword("alicepw"), otherTenant, JSON.stringify({ [otherTenant]: ["TENANT_ADMIN"] })],
    );

    root = new ViprClient(service.baseUrl);
    await root.login();
    const world = await discoverSeededWorld(root);
    ids.volA = await createVolume(root, world, "mock", "src-a");
    ids.volB = await createVolume(root, world, "mock", "src-b");
    ids.volGone = await createVolume(root, world, "mock", "src-gone");
    ids.sA = await createSession(root, ids.volA, "snap-a");
    ids.sA2 = await createSession(root, ids.volA, "snap-a2");
    ids.sGone = await createSession(root, ids.volA, "snap-gone");
    ids.sB = await createSession(root, ids.volB, "snap-b");
    for (const [session, name, count] of [
      [ids.sA, "a", 3],
      [ids.sB, "b", 1],
    ] as const) {
      const link = await root.post(`/block/snapshot-sessions/${session}/link-targets`, {
        new_linked_targets: { count, target_name: name },
      });
      expect((await root.waitForTask(link.body.task[0].id)).state).toBe("ready");
    }
    const labels = (await sql.query("SELECT id, label FROM linked_targets")).rows as { id: string; label: string }[];
    const idOf = (label: string) => labels.find((row) => row.label === label)?.id ?? "";
    [ids.a1, ids.aLinking, ids.aGone, ids.b1] = [idOf("a-1"), idOf("a-2"), idOf("a-3"), idOf("b-1")];
    await sql.query("UPDATE linked_targets SET replica_state = 'PREPARED', link_state = 'linking' WHERE id = $1", [
      ids.aLinking,
    ]);
    await sql.query("UPDATE linked_targets SET inactive = true WHERE id = $1", [ids.aGone]);
    await sql.query("UPDATE snapshot_sessions SET inactive = true WHERE id = $1", [ids.sGone]);
    await sql.query("UPDATE volumes SET inactive = true WHERE id = $1", [ids.volGone]);
  });

  afterAll(async () => {
    await running?.close();
  });

  const expectRefusal = refusalCheck(createdRows);

  const missing = (name: string) => `Required parameter ${name} was missing or empty`;
  const pendingTasks = (label: string) =>
    `Attempted to execute operation on resource while there are pending tasks against it. The following resources have pending tasks against them: ${label}. Please retry when there are no pending tasks for the resources.`;
  const inactiveInUrl = (id: string) =>
    `Entity specified in URL with the given id ${id} is inactive and marked for deletion`;
  const notLinked = (target: string, session: string) =>
    `Target ${target} is not linked to snapshot session ${session}.`;

  describe("unlink-targets", () => {
    const path = (id: string) => `/block/snapshot-sessions/${id}/unlink-targets`;
    const body = (...targets: { id: string; delete_target?: unknown }[]) => ({ linked_targets: targets });

    it("1. no valid token: 401", async () => {
      await expectRefusal(
        new ViprClient(service.baseUrl).post(path(ids.sA), body({ id: ids.a1 })),
        401,
        undefined,
        undefined,
      );
    });

    it("2. malformed or unknown id 404/2000, another tenant's session 403/3000", async () => {
      await expectRefusal(
        root.post(path("nope"), body({ id: ids.a1 })),
        404,
        2000,
        "Unable to find entity specified in URL with the given id nope",
      );
      const unknown = newUrn("BlockSnapshotSession");
      await expectRefusal(
        root.post(path(unknown), body({ id: ids.a1 })),
        404,
        2000,
        `Unable to find entity specified in URL with the given id ${unknown}`,
      );
      const alice = new ViprClient(service.baseUrl);
      await alice.login("alice", "alicepw");
      await expectRefusal(
        alice.post(path(ids.sA), body({ id: ids.a1 })),
        403,
        3000,
        "Insufficient permissions for user alice.",
      );
    });

    it("3. no TENANT_ADMIN and no OWN/ALL on the project: 403/3000", async () => {
      const monitor = new ViprClient(service.baseUrl);
      await monitor.login("sysmonitor", "ChangeMe");
      await expectRefusal(
        monitor.post(path(ids.sA), body({ id: ids.a1 })),
        403,
        3000,
        "Insufficient permissions for user sysmonitor.",
      );
    });

    it("4. a missing list: 400/1005 naming linked_target; a bad delete_target: 400/1013 in Jackson's words", async () => {
      await expectRefusal(root.post(path(ids.sA), {}), 400, 1005, missing("linked_target"));
      await expectRefusal(
        root.post(path(ids.sA), body({ id: ids.a1, delete_target: "maybe" })),
        400,
        1013,
        `Can not construct instance of java.lang.Boolean from String value 'maybe': only "true" or "false" recognized`,
      );
      await expectRefusal(
        root.postXml(
          path(ids.sA),
          "<snapshot_session_unlink_targets><linked_targets><bogus/></linked_targets></snapshot_session_unlink_targets>",
        ),
        400,
        undefined,
        undefined,
      );
    });

    it("5. inactive session: 404/2001", async () => {
      await expectRefusal(root.post(path(ids.sGone), body({ id: ids.a1 })), 404, 2001, inactiveInUrl(ids.sGone));
    });

    it("6. a session without linked targets, whatever the list (even empty): 400/1013", async () => {
      for (const request of [body({ id: ids.a1 }), body()]) {
        await expectRefusal(
          root.post(path(ids.sA2), request),
          400,
          1013,
          `Snapshot session ${ids.sA2} does not have any linked targets.`,
        );
      }
    });

    it("7. each target: not a URN 1002 (no id: null), unknown 1004, inactive 1006, not linked to this session 1013", async () => {
      await expectRefusal(root.post(path(ids.sA), body({ id: "t-1" })), 400, 1002, "Parameter t-1 is not a valid URI");
      await expectRefusal(
        root.post(path(ids.sA), { linked_targets: [{ delete_target: true }] }),
        400,
        1002,
        "Parameter null is not a valid URI",
      );
      for (const unknown of [newUrn("BlockSnapshot"), ids.volA]) {
        await expectRefusal(
          root.post(path(ids.sA), body({ id: ids.a1 }, { id: unknown })),
          400,
          1004,
          `Unable to find entity with the given id ${unknown}`,
        );
      }
      await expectRefusal(
        root.post(path(ids.sA), body({ id: ids.aGone })),
        400,
        1006,
        `Entity with the given id ${ids.aGone} is inactive and marked for deletion`,
      );
      // A target still being linked (a copy still copying) is not in linked_targets yet.
      await expectRefusal(
        root.post(path(ids.sA), body({ id: ids.aLinking })),
        400,
        1013,
        notLinked(ids.aLinking, ids.sA),
      );
      await expectRefusal(root.post(path(ids.sA), body({ id: ids.b1 })), 400, 1013, notLinked(ids.b1, ids.sA));
    });
  });

  describe("relink-targets", () => {
    const path = (id: string) => `/block/snapshot-sessions/${id}/relink-targets`;

    it("4. an empty or missing list: 400/1005 naming the item element, id", async () => {
      await expectRefusal(root.post(path(ids.sA2), {}), 400, 1005, missing("id"));
      await expectRefusal(root.post(path(ids.sA2), { ids: [] }), 400, 1005, missing("id"));
    });

    it("5. inactive destination session: 404/2001", async () => {
      await expectRefusal(root.post(path(ids.sGone), { ids: [ids.a1] }), 404, 2001, inactiveInUrl(ids.sGone));
    });

    it("6. each target: not a URN 1002, unknown 1004, inactive 1006", async () => {
      await expectRefusal(root.post(path(ids.sA2), { ids: ["x"] }), 400, 1002, "Parameter x is not a valid URI");
      const unknown = newUrn("BlockSnapshot");
      await expectRefusal(
        root.post(path(ids.sA2), { ids: [unknown] }),
        400,
        1004,
        `Unable to find entity with the given id ${unknown}`,
      );
      await expectRefusal(
        root.post(path(ids.sA2), { ids: [ids.aGone] }),
        400,
        1006,
        `Entity with the given id ${ids.aGone} is inactive and marked for deletion`,
      );
    });

    it("7. a target not linked to an active session: 400/1013", async () => {
      await expectRefusal(
        root.post(path(ids.sA2), { ids: [ids.aLinking] }),
        400,
        1013,
        `The requested target ${ids.aLinking} cannot be re-linked as it is not currently linked to an active snapshot session.`,
      );
    });

    it("8. targets linked to sessions of different sources: 400/1013", async () => {
      await expectRefusal(
        root.post(path(ids.sA2), { ids: [ids.a1, ids.b1] }),
        400,
        1013,
        "All requested targets must be linked to active snapshot sessions of the same source.",
      );
    });

    it("9. a destination of another source than the targets': 400/1013 naming their source", async () => {
      await expectRefusal(
        root.post(path(ids.sA2), { ids: [ids.b1] }),
        400,
        1013,
        `The target snapshot session must have the same source, ${ids.volB}, as the snapshot sessions to which the targets are currently linked.`,
      );
    });
  });

  describe("restore", () => {
    const path = (id: string) => `/block/snapshot-sessions/${id}/restore`;

    it("inactive session: 404/2001", async () => {
      await expectRefusal(root.post(path(ids.sGone)), 404, 2001, inactiveInUrl(ids.sGone));
    });

    it("a pending task on the source: 400/1056", async () => {
      await withPendingTaskOn(ids.volA, () => expectRefusal(root.post(path(ids.sA)), 400, 1056, pendingTasks("src-a")));
    });

    it("not refused for a copy-mode link the controller believes still copying: the array decides", async () => {
      await sql.query("UPDATE linked_targets SET copy_mode = 'copy', link_state = 'copying' WHERE id = $1", [ids.a1]);
      try {
        const response = await root.post(path(ids.sA));
        expect(response.status).toBe(202);
        // The mock array's link is a nocopy one: it restores.
        expect((await root.waitForTask(response.body.id)).state).toBe("ready");
      } finally {
        await sql.query("UPDATE linked_targets SET copy_mode = 'nocopy', link_state = 'linked' WHERE id = $1", [
          ids.a1,
        ]);
      }
    });
  });

  describe("deactivate a session", () => {
    const path = (id: string, query = "") => `/block/snapshot-sessions/${id}/deactivate${query}`;

    it("a type other than VIPR_ONLY is FULL, never refused: the checks go on", async () => {
      await expectRefusal(
        root.post(path(ids.sA, "?type=full")),
        400,
        1013,
        "The snapshot session cant be deleted because it has active linked targets.",
      );
    });

    it("inactive session: 404/2001", async () => {
      await expectRefusal(root.post(path(ids.sGone)), 404, 2001, inactiveInUrl(ids.sGone));
    });

    it("another task of the session pending: 400/1056", async () => {
      await withPendingTaskOn(ids.sA2, () =>
        expectRefusal(root.post(path(ids.sA2, "?type=VIPR_ONLY")), 400, 1056, pendingTasks("snap-a2")),
      );
    });

    it("linked targets still there: 400/1013, the quote of ViPR's text dropped by its formatter", async () => {
      await expectRefusal(
        root.post(path(ids.sA)),
        400,
        1013,
        "The snapshot session cant be deleted because it has active linked targets.",
      );
    });
  });

  describe("create a session", () => {
    const path = (id: string) => `/block/volumes/${id}/protection/snapshot-sessions`;
    const withTargets = (fields: Record<string, unknown>) => ({
      name: "fresh",
      new_linked_targets: { count: 1, target_name: "n", copy_mode: "nocopy", ...fields },
    });

    it("the volume: malformed or unknown 404/2000, another tenant's 403/3000", async () => {
      await expectRefusal(
        root.post(path("v"), { name: "x" }),
        404,
        2000,
        "Unable to find entity specified in URL with the given id v",
      );
      const unknown = newUrn("Volume");
      await expectRefusal(
        root.post(path(unknown), { name: "x" }),
        404,
        2000,
        `Unable to find entity specified in URL with the given id ${unknown}`,
      );
      const alice = new ViprClient(service.baseUrl);
      await alice.login("alice", "alicepw");
      await expectRefusal(
        alice.post(path(ids.volA), { name: "x" }),
        403,
        3000,
        "Insufficient permissions for user alice.",
      );
    });

    it("missing name, count or target_name: 400/1005", async () => {
      await expectRefusal(root.post(path(ids.volA), {}), 400, 1005, missing("name"));
      await expectRefusal(
        root.post(path(ids.volA), { name: "x", new_linked_targets: { target_name: "n" } }),
        400,
        1005,
        missing("count"),
      );
      await expectRefusal(
        root.post(path(ids.volA), { name: "x", new_linked_targets: { count: 1, copy_mode: "nocopy" } }),
        400,
        1005,
        missing("target_name"),
      );
    });

    it("inactive volume: 404/2001", async () => {
      await expectRefusal(root.post(path(ids.volGone), { name: "x" }), 404, 2001, inactiveInUrl(ids.volGone));
    });

    it("a name or target_name over 31 characters, a pending task on the volume, a name in use: 400", async () => {
      const long = "s".repeat(32);
      await expectRefusal(
        root.post(path(ids.volA), { name: long }),
        400,
        1008,
        `Invalid value ${long} for parameter name, maximum length is 31`,
      );
      await expectRefusal(
        root.post(path(ids.volA), withTargets({ target_name: long })),
        400,
        1008,
        `Invalid value ${long} for parameter Target Name, maximum length is 31`,
      );
      await withPendingTaskOn(ids.volA, () =>
        expectRefusal(root.post(path(ids.volA), { name: "snap-a" }), 400, 1056, pendingTasks("src-a")),
      );
      for (const name of ["snap-a", "a-1"]) {
        await expectRefusal(
          root.post(path(ids.volA), { name }),
          400,
          1008,
          `A component/resource with the label ${name} already exists.`,
        );
      }
    });

    it("the array snapshots limit of the vpool, counting the targets being linked: 400/1013", async () => {
      // snap-a and snap-a2, and a-2 still being linked: three.
      await sql.query("UPDATE vpools SET max_snapshots = 3 WHERE system_type = 'mock'");
      try {
        await expectRefusal(
          root.post(path(ids.volA), { name: "snap-a" }),
          400,
          1013,
          `The maximum number of array snapshots specified by the virtual pool of the snapshot source has been reached. No further array snapshots may be created for ${ids.volA}.`,
        );
        await sql.query("UPDATE vpools SET max_snapshots = 0 WHERE system_type = 'mock'");
        await expectRefusal(
          root.post(path(ids.volA), { name: "x" }),
          400,
          1013,
          "Cannot create snapshots or snapshot sessions. The number of array snapshots allowed for virtual pool vpool-mock is zero.",
        );
      } finally {
        await sql.query("UPDATE vpools SET max_snapshots = 256 WHERE system_type = 'mock'");
      }
    });

    it("new_linked_targets, checked as a link request: limit, copy mode (none given: null), names, family", async () => {
      await expectRefusal(
        root.post(path(ids.volA), withTargets({ count: 2 })),
        400,
        1008,
        "The requested linked_targets count 2 would exceed the maximum allowed for the block snapshot sessions of source src-a. Try a value less than or equal to 1.",
      );
      await expectRefusal(
        root.post(path(ids.volA), withTargets({ copy_mode: "COPY" })),
        400,
        1008,
        'The copy_mode COPY is not a valid value. The value must be either "copy" or "nocopy".',
      );
      await expectRefusal(
        root.post(path(ids.volA), { name: "fresh", new_linked_targets: { count: 1, target_name: "n" } }),
        400,
        1008,
        'The copy_mode null is not a valid value. The value must be either "copy" or "nocopy".',
      );
      await expectRefusal(
        root.post(path(ids.volA), withTargets({ target_name: "a" })),
        400,
        1008,
        "A component/resource with the label a-1 already exists.",
      );
      await expectRefusal(
        root.post(path(ids.volA), withTargets({ copy_mode: "copy" })),
        405,
        1007,
        "Operation not supported for mock.",
      );
    });
  });

  describe("deactivate a linked target, a volume; bulk", () => {
    it("a linked target: malformed or unknown 404/2000, not linked 400/1013; one already deleted answers a ready task", async () => {
      const path = (id: string) => `/block/snapshots/${id}/deactivate`;
      for (const id of ["t", newUrn("BlockSnapshot")]) {
        await expectRefusal(
          root.post(path(id)),
          404,
          2000,
          `Unable to find entity specified in URL with the given id ${id}`,
        );
      }
      await expectRefusal(root.post(path(ids.aLinking)), 400, 1013, notLinked(ids.aLinking, ids.sA));
      const gone = await root.post(path(ids.aGone));
      expect(gone.status).toBe(202);
      expect(gone.body.task).toEqual([
        expect.objectContaining({ state: "ready", message: "The snapshot has already been deleted" }),
      ]);
    });

    it("a volume with active sessions 400/1013, with a pending task 400/1056, a bad type 400/1008", async () => {
      const path = (id: string, query = "") => `/block/volumes/${id}/deactivate${query}`;
      await expectRefusal(root.post(path(ids.volA, "?type=ALL")), 400, 1008, "Invalid value ALL for parameter type");
      await expectRefusal(
        root.post(path(ids.volA)),
        400,
        1013,
        "The volume src-a can't be deleted because it has active snapshot sessions.",
      );
      await withPendingTaskOn(ids.volB, () => expectRefusal(root.post(path(ids.volB)), 400, 1056, /src-b/));
    });

    it("bulk requests of more than 4,000 ids 400/1031; an id of another type is simply not found", async () => {
      const many = Array.from({ length: 4001 }, () => newUrn("Volume"));
      await expectRefusal(
        root.post("/block/volumes/bulk", { id: many }),
        400,
        1031,
        "Exceeding limit of bulk size. Max allowed 4,000",
      );
      const other = await root.post("/block/snapshot-sessions/bulk", { id: [ids.volA] });
      expect(other.status).toBe(200);
      expect(other.body).toEqual({ block_snapshot_session: [] });
    });
  });

  it("accepts what passes every check: new_linked_targets null, or asking for 0 or fewer targets", async () => {
    for (const [name, newLinkedTargets] of [
      ["accepted", null],
      ["none", { count: 0, target_name: "none", copy_mode: "nocopy" }],
      ["fewer", { count: -1, target_name: "fewer", copy_mode: "nocopy" }],
    ] as const) {
      const response = await root.post(`/block/volumes/${ids.volA}/protection/snapshot-sessions`, {
        name,
        new_linked_targets: newLinkedTargets,
      });
      expect(response.status).toBe(202);
      for (const task of response.body.task) expect((await root.waitForTask(task.id)).state).toBe("ready");
    }
    const { rows } = await sql.query(
      "SELECT count(*)::int AS n FROM linked_targets WHERE label IN ('none-1', 'fewer-1')",
    );
    expect(rows[0].n).toBe(0);
  });
});
