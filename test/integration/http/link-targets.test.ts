import { XMLParser } from "fast-xml-parser";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { newUrn } from "../../../src/domain/shared/urn.js";
import { expectViprError } from "../../support/http/error-assertions.js";
import { HttpTestApp } from "../../support/http/http-test-app.js";

const linkTargets = (sessionId: string) => `/block/snapshot-sessions/${sessionId}/link-targets`;

describe("POST /block/snapshot-sessions/{id}/link-targets", () => {
  let t: HttpTestApp;
  let root: string;

  beforeEach(async () => {
    t = new HttpTestApp();
    root = await t.login("root");
  });
  afterEach(() => t.close());

  const link = (token: string, sessionId: string, body: unknown) => t.json("POST", linkTargets(sessionId), token, body);
  const request = (fields: Record<string, unknown>) => ({
    new_linked_targets: { count: 1, target_name: "tgt", ...fields },
  });

  describe("answers a successful request", () => {
    it("with 202 and one task on the session, as JSON", async () => {
      const response = await link(root, t.sessionId, request({ count: 2, copy_mode: "copy" }));

      expect(response.statusCode).toBe(202);
      const body = response.json();
      expect(Object.keys(body)).toEqual(["task"]);
      expect(body.task).toHaveLength(1);
      const [task] = body.task;
      expect(task).toMatchObject({
        resource: {
          id: t.sessionId,
          name: "snap1",
          link: { rel: "self", href: `/block/snapshot-sessions/${t.sessionId}` },
        },
        tenant: { id: t.providerTenantId },
        name: "LINK SNAPSHOT SESSION TARGETS",
        description: "links target volumes to a snapshot session",
        state: "pending",
        progress: 0,
        inactive: false,
        start_time: t.clock.now(),
      });
      // The real controller's fresh task carries no message.
      expect(task).not.toHaveProperty("message");
      expect(task.op_id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(task.id).toMatch(/^urn:storageos:Task:[0-9a-f-]{36}:vdc1$/);
      expect(task.link).toEqual({ rel: "self", href: `/vdc/tasks/${task.id}` });
    });

    it("with the task pollable, the targets PREPARED and not yet in the session's linked_targets", async () => {
      const [task] = (await link(root, t.sessionId, request({ count: 2 }))).json().task;

      expect((await t.json("GET", `/vdc/tasks/${task.id}`, root)).json()).toMatchObject({
        id: task.id,
        state: "pending",
      });
      const byOpId = await t.json("GET", `/block/snapshot-sessions/${t.sessionId}/tasks/${task.op_id}`, root);
      expect(byOpId.json()).toMatchObject({ id: task.id, op_id: task.op_id });

      const [start] = t.store.outbox;
      expect(start).toMatchObject({ workflow: "link-targets", taskId: task.id, sessionId: t.sessionId });
      const targetIds = start?.workflow === "link-targets" ? start.targetIds : [];
      expect(targetIds).toHaveLength(2);
      const target = (await t.json("GET", `/block/snapshots/${targetIds[0]}`, root)).json();
      expect(target).toMatchObject({
        name: "tgt-1",
        replica_state: "PREPARED",
        is_sync_active: false,
        copy_mode: "nocopy",
        parent: { id: t.volumeId },
      });
      const session = (await t.json("GET", `/block/snapshot-sessions/${t.sessionId}`, root)).json();
      expect(session.linked_targets).toEqual([]);
    });

    it("to an XML request, with numbers as text, in XML", async () => {
      const response = await t.xml(
        "POST",
        linkTargets(t.sessionId),
        root,
        `<?xml version="1.0" encoding="UTF-8"?>
<snapshot_session_link_targets>
  <new_linked_targets><count>2</count><target_name>xtgt</target_name><copy_mode>copy</copy_mode></new_linked_targets>
</snapshot_session_link_targets>`,
      );

      expect(response.statusCode).toBe(202);
      expect(response.headers["content-type"]).toMatch(/^application\/xml/);
      const parsed = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: "" }).parse(response.body);
      expect(parsed.tasks.task).toMatchObject({
        resource: { id: t.sessionId, name: "snap1" },
        name: "LINK SNAPSHOT SESSION TARGETS",
        state: "pending",
        progress: 0,
      });
      expect(parsed.tasks.task.link.href).toBe(`/vdc/tasks/${parsed.tasks.task.id}`);
      expect([...t.store.targets.values()].map((target) => [target.label, target.copyMode])).toEqual([
        ["xtgt-1", "copy"],
        ["xtgt-2", "copy"],
      ]);
    });

    it("accepts a count sent as a JSON string", async () => {
      const response = await link(root, t.sessionId, request({ count: "2" }));
      expect(response.statusCode).toBe(202);
      expect(t.store.targets.size).toBe(2);
    });
  });

  describe('refuses, in the real controller\'s order (docs/api/snapshot-sessions.md, "Link targets")', () => {
    it("1. without a token: 401", async () => {
      const response = await t.app.inject({
        method: "POST",
        url: linkTargets(newUrn("BlockSnapshotSession")),
        headers: { accept: "application/json", "content-type": "application/json" },
        payload: "{",
      });
      expectViprError(response, 401, 4000, "No credentials were specified");
    });

    it("2. a malformed session id, or a URN of another type or VDC: 404/2000, as the permission filter finds nothing", async () => {
      const notFound = (id: string) => `Unable to find entity specified in URL with the given id ${id}`;
      expectViprError(await link(root, "not-a-urn", request({})), 404, 2000, notFound("not-a-urn"));
      expectViprError(await link(root, t.volumeId, request({})), 404, 2000, notFound(t.volumeId));
      const otherVdc = t.sessionId.replace(/:vdc1$/, ":vdc2");
      expectViprError(await link(root, otherVdc, request({})), 404, 2000, notFound(otherVdc));
      const otherCase = t.sessionId.replace("BlockSnapshotSession", "blocksnapshotsession");
      expectViprError(await link(root, otherCase, request({})), 404, 2000, notFound(otherCase));
    });

    it("2. an unknown session: 404/2000, even when the body lacks count", async () => {
      const unknown = newUrn("BlockSnapshotSession");
      const details = `Unable to find entity specified in URL with the given id ${unknown}`;
      expectViprError(await link(root, unknown, request({})), 404, 2000, details);
      expectViprError(await link(root, unknown, { new_linked_targets: { target_name: "t" } }), 404, 2000, details);
      expectViprError(await link(root, unknown, {}), 404, 2000, details);
    });

    it("2. a session of another tenant: 403/3000", async () => {
      expectViprError(await link(root, t.otherSessionId, {}), 403, 3000, "Insufficient permissions for user root.");
    });

    it("3. a USE holder is refused before the body; a BACKUP holder gets the body's and the session's refusals first", async () => {
      await t.json("PUT", `/projects/${t.projectId}/acl`, root, {
        add: [
          { privilege: ["BACKUP"], subject_id: "alice" },
          { privilege: ["USE"], subject_id: "sysmonitor" },
        ],
      });
      const alice = await t.login("alice");
      const monitor = await t.login("sysmonitor");
      const forbidden = (user: string) => [403, 3000, `Insufficient permissions for user ${user}.`] as const;
      expectViprError(await link(monitor, t.sessionId, {}), ...forbidden("sysmonitor"));
      expectViprError(
        await link(alice, t.sessionId, {}),
        400,
        1005,
        "Required parameter new_linked_targets was missing or empty",
      );
      expectViprError(await link(alice, t.sessionId, request({ count: 0 })), ...forbidden("alice"));
      t.world.deactivateSession(t.sessionId);
      expectViprError(
        await link(alice, t.sessionId, request({})),
        404,
        2001,
        `Entity specified in URL with the given id ${t.sessionId} is inactive and marked for deletion`,
      );
    });

    it("3. a caller without TENANT_ADMIN or OWN/ALL on the project: 403/3000, before the body", async () => {
      const alice = await t.login("alice");
      expectViprError(
        await link(alice, t.sessionId, request({})),
        403,
        3000,
        "Insufficient permissions for user alice.",
      );
      expectViprError(await link(alice, t.sessionId, {}), 403, 3000, "Insufficient permissions for user alice.");
      const monitor = await t.login("sysmonitor");
      expectViprError(
        await link(monitor, t.sessionId, request({})),
        403,
        3000,
        "Insufficient permissions for user sysmonitor.",
      );
    });

    it.each([
      ["no new_linked_targets", {}, "new_linked_targets"],
      ["a null new_linked_targets", { new_linked_targets: null }, "new_linked_targets"],
      ["no count", { new_linked_targets: { target_name: "tgt" } }, "count"],
      ["an empty count", { new_linked_targets: { count: "", target_name: "tgt" } }, "count"],
    ])("4. %s: 400/1005", async (_case, body, parameter) => {
      expectViprError(
        await link(root, t.sessionId, body),
        400,
        1005,
        `Required parameter ${parameter} was missing or empty`,
      );
    });

    it("4. JSON's nested fields are not validated: no target_name names the targets null-<i>, a blank copy_mode is no mode", async () => {
      expect((await link(root, t.sessionId, { new_linked_targets: { count: 2 } })).statusCode).toBe(202);
      expect([...t.store.targets.values()].map((target) => target.label)).toEqual(["null-1", "null-2"]);
      expectViprError(
        await link(root, t.sessionId, { new_linked_targets: { count: 1, target_name: "tgt", copy_mode: "" } }),
        400,
        1008,
        'The copy_mode  is not a valid value. The value must be either "copy" or "nocopy".',
      );
    });

    it("4. XML's are: a blank target_name or copy_mode is 400/1005, an empty copy_mode is nocopy", async () => {
      const linkXmlTargets = (inner: string) =>
        t.xml(
          "POST",
          linkTargets(t.sessionId),
          root,
          `<snapshot_session_link_targets><new_linked_targets>${inner}</new_linked_targets></snapshot_session_link_targets>`,
        );
      const blankName = await linkXmlTargets("<count>1</count><target_name> </target_name>");
      expect(blankName.body).toContain("<details>Required parameter target_name was missing or empty</details>");
      const blankMode = await linkXmlTargets("<count>1</count><target_name>t</target_name><copy_mode> </copy_mode>");
      expect(blankMode.body).toContain("<details>Required parameter copy_mode was missing or empty</details>");
      const emptyMode = await linkXmlTargets("<count>1</count><target_name>t</target_name><copy_mode/>");
      expect(emptyMode.statusCode).toBe(202);
      expect([...t.store.targets.values()].map((target) => [target.label, target.copyMode])).toEqual([
        ["t-1", "nocopy"],
      ]);
    });

    it("4. an XML body without count: 400/1005", async () => {
      const response = await t.xml(
        "POST",
        linkTargets(t.sessionId),
        root,
        "<snapshot_session_link_targets><new_linked_targets><count/><target_name>t</target_name></new_linked_targets></snapshot_session_link_targets>",
      );
      expect(response.statusCode).toBe(400);
      expect(response.body).toContain("<code>1005</code>");
      expect(response.body).toContain("<details>Required parameter count was missing or empty</details>");
    });

    const XSI = 'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"';
    const linkXml = (body: string) => t.xml("POST", linkTargets(t.sessionId), root, body);
    const details = (response: { body: string }) => /<details>(.*)<\/details>/.exec(response.body)?.[1];

    it("4. XML's null (xsi:nil) is JSON's null: a nil new_linked_targets or target_name is missing, 400/1005", async () => {
      const nilTargets = await linkXml(
        `<snapshot_session_link_targets ${XSI}><new_linked_targets xsi:nil="true"/></snapshot_session_link_targets>`,
      );
      expect([nilTargets.statusCode, details(nilTargets)]).toEqual([
        400,
        "Required parameter new_linked_targets was missing or empty",
      ]);
      const nilName = await linkXml(
        `<snapshot_session_link_targets><new_linked_targets ${XSI}><count>1</count><target_name xsi:nil="1"/></new_linked_targets></snapshot_session_link_targets>`,
      );
      expect([nilName.statusCode, details(nilName)]).toEqual([
        400,
        "Required parameter target_name was missing or empty",
      ]);
      expect(t.store.targets.size).toBe(0);
    });

    it("an XML nil element with content, or a nil of another namespace: as any bad input, 400/1008 at its position", async () => {
      const nilWithText = await linkXml(
        `<snapshot_session_link_targets ${XSI}>\n<new_linked_targets><count xsi:nil="true">1</count><target_name>t</target_name></new_linked_targets></snapshot_session_link_targets>`,
      );
      expect([nilWithText.statusCode, details(nilWithText)]).toEqual([400, "Invalid input at line 2, column 21"]);
      // `nil` of a prefix that is not XML Schema's is an attribute like any other: ignored.
      const otherNil = await linkXml(
        `<snapshot_session_link_targets xmlns:x="urn:other"><new_linked_targets x:nil="true"><count>1</count><target_name>t</target_name></new_linked_targets></snapshot_session_link_targets>`,
      );
      expect(otherNil.statusCode).toBe(202);
    });

    it("5. an inactive session: 404/2001, once the body was read (in XML, validated)", async () => {
      t.world.deactivateSession(t.sessionId);
      const inactive = `Entity specified in URL with the given id ${t.sessionId} is inactive and marked for deletion`;
      expectViprError(await link(root, t.sessionId, request({ count: 0 })), 404, 2001, inactive);
      expectViprError(
        await link(root, t.sessionId, { new_linked_targets: { target_name: "tgt" } }),
        404,
        2001,
        inactive,
      );
      expectViprError(await link(root, t.sessionId, { new_linked_targets: { count: "x" } }), 400, 1013, /Integer/);
      const xmlWithoutCount = await t.xml(
        "POST",
        linkTargets(t.sessionId),
        root,
        "<snapshot_session_link_targets><new_linked_targets><target_name>t</target_name></new_linked_targets></snapshot_session_link_targets>",
      );
      expect(xmlWithoutCount.body).toContain("<details>Required parameter count was missing or empty</details>");
    });

    it("6. a count of 0: 400/1008, before the copy mode is looked at", async () => {
      expectViprError(
        await link(root, t.sessionId, request({ count: 0, copy_mode: "bogus" })),
        400,
        1008,
        "Invalid request to link 0 new targets to a snapshot session.",
      );
    });

    it("6. a negative count: accepted as asking for no targets, as the real controller accepts it", async () => {
      const response = await link(root, t.sessionId, request({ count: -3 }));
      expect(response.statusCode).toBe(202);
      expect(t.store.targets.size).toBe(0);
      expect(t.store.outbox).toEqual([expect.objectContaining({ workflow: "link-targets", targetIds: [] })]);
    });

    it("7. more targets than the source has room for: 400/1008, numbers grouped as MessageFormat does", async () => {
      expectViprError(
        await link(root, t.sessionId, request({ count: 1025, copy_mode: "bogus" })),
        400,
        1008,
        "The requested linked_targets count 1,025 would exceed the maximum allowed for the block snapshot sessions of source vol1. Try a value less than or equal to 1,024.",
      );
    });

    it("7. counts the targets of every active session of the source", async () => {
      const secondSession = t.world.addSession(t.volumeId, "snap2");
      t.world.addLinkedTargets(t.sessionId, "a", 600);
      t.world.addLinkedTargets(secondSession, "b", 400);
      expectViprError(
        await link(root, t.sessionId, request({ count: 25 })),
        400,
        1008,
        "The requested linked_targets count 25 would exceed the maximum allowed for the block snapshot sessions of source vol1. Try a value less than or equal to 24.",
      );
      expect((await link(root, secondSession, request({ count: 24 }))).statusCode).toBe(202);
    });

    it("8. a copy_mode other than exactly copy or nocopy: 400/1008", async () => {
      expectViprError(
        await link(root, t.sessionId, request({ copy_mode: "COPY", target_name: "x".repeat(80) })),
        400,
        1008,
        'The copy_mode COPY is not a valid value. The value must be either "copy" or "nocopy".',
      );
    });

    it("9. a target name longer than 63 characters: 400/1008", async () => {
      const targetName = "t".repeat(62);
      expectViprError(
        await link(root, t.mockSessionId, request({ target_name: targetName, copy_mode: "copy" })),
        400,
        1008,
        `Invalid value ${targetName}-1 for parameter snapshotName, maximum length is 63`,
      );
    });

    it("9. a target name taken by a label of the source (compared without spaces and punctuation): 400/1008", async () => {
      t.world.addLinkedTargets(t.sessionId, "tgt", 1);
      expectViprError(
        await link(root, t.sessionId, request({ target_name: "t gt" })),
        400,
        1008,
        "A component/resource with the label t gt-1 already exists.",
      );
    });

    it("10. copy mode on an array configured without it: 405/1007", async () => {
      expectViprError(
        await link(root, t.mockSessionId, request({ copy_mode: "copy" })),
        405,
        1007,
        "Operation not supported for mock.",
      );
      expect((await link(root, t.mockSessionId, request({ copy_mode: "nocopy" }))).statusCode).toBe(202);
    });

    it("creates nothing when it refuses", async () => {
      await link(root, t.sessionId, request({ count: 2, copy_mode: "bogus" }));
      await link(root, t.mockSessionId, request({ copy_mode: "copy" }));
      expect(t.store.tasks.size).toBe(0);
      expect(t.store.targets.size).toBe(0);
      expect(t.store.outbox).toEqual([]);
    });

    it("an unknown JSON property once the session was found, not before: 400/1013", async () => {
      const unknown = newUrn("BlockSnapshotSession");
      const body = { new_linked_targets: { count: 1, target_name: "t", colour: "red" } };
      expectViprError(
        await link(root, unknown, body),
        404,
        2000,
        `Unable to find entity specified in URL with the given id ${unknown}`,
      );
      expectViprError(
        await link(root, t.sessionId, body),
        400,
        1013,
        'Unrecognized field "colour" in new_linked_targets',
      );
    });
  });
});
