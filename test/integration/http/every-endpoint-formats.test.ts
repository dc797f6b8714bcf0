import type { LightMyRequestResponse } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { newUrn } from "../../../src/domain/shared/urn.js";
import { HttpTestApp } from "../../support/http/http-test-app.js";
import type { OpenApiDocument } from "../../support/http/openapi-checks.js";
import {
  concretePath,
  contractRoot,
  documentedSuccess,
  queryFor,
  type ResourceIds,
  type ServedOperation,
  viprOperations,
  worldIds,
} from "../../support/http/served-operations.js";
import { WRITE_REQUESTS, type WriteRequest, writeRequest } from "../../support/http/write-requests.js";
import { expectedXmlShape, inOrder, xmlParser } from "../../support/http/xml-parity.js";

/*
 * docs/api/conventions.md (formats): every ViPR endpoint (docs/README.md, "Routes served") answers in JSON and in
 * XML with the same data. The endpoints are the ones the app's own OpenAPI document lists, so a
 * new endpoint is checked here without being added, or fails for want of an id or a body.
 */

type Format = "json" | "xml";
type Task = { readonly id: string; readonly op_id: string };
const MEDIA_TYPES: Record<Format, string> = { json: "application/json", xml: "application/xml" };
const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>';

const servedDocument: OpenApiDocument = await (async () => {
  const t = new HttpTestApp();
  try {
    return (await t.app.inject({ method: "GET", url: "/apidocs/json" })).json();
  } finally {
    await t.close();
  }
})();
const operations = viprOperations(servedDocument);
const reads = operations.filter((served) => served.method === "GET");
const writes = operations.filter((served) => served.method !== "GET");

/** The query each read with query parameters is asked with. */
const READ_QUERIES = (t: HttpTestApp): Record<string, Record<string, string>> => ({
  "GET /block/volumes/search": { project: t.projectId, name: "vol1" },
  "GET /block/snapshot-sessions/search": { name: "snap1", project: t.projectId },
  "GET /block/snapshots/search": { name: "lt" },
  "GET /block/vpools/search": { name: "symm" },
  "GET /block/consistency-groups/search": { name: "cg", project: t.projectId },
  "GET /vdc/tasks": { tenant: t.providerTenantId, max_count: "10" },
});

/** The XML answer parses to the contract's root holding what its JSON twin says, in the same order. */
function expectSameData(xml: LightMyRequestResponse, json: LightMyRequestResponse, root: string, same = exact): void {
  expect(xml.headers["content-type"]).toMatch(/^application\/xml/);
  expect(json.headers["content-type"]).toMatch(/^application\/json/);
  expect(xml.body.startsWith(XML_DECLARATION)).toBe(true);
  const parsed = xmlParser.parse(xml.body) as Record<string, unknown>;
  expect(Object.keys(parsed)).toEqual([root]);
  expect(same(parsed[root])).toEqual(same([expectedXmlShape(json.json())]));
}

function exact(value: unknown): unknown {
  return inOrder(value);
}

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;

/**
 * The value in order, each id's uuid replaced by its rank of first appearance: two answers
 * from two worlds compare equal when they differ only by the ids each world drew.
 */
function withIdsRanked(value: unknown): unknown {
  const ranks = new Map<string, string>();
  const rank = (item: unknown): unknown => {
    if (Array.isArray(item)) return item.map(rank);
    if (typeof item !== "string") return item;
    return item.replace(UUID, (uuid) => {
      const key = uuid.toLowerCase();
      if (!ranks.has(key)) ranks.set(key, `#${ranks.size + 1}`);
      return ranks.get(key) as string;
    });
  };
  return rank(inOrder(value));
}

describe("every ViPR endpoint answers in JSON and XML with the same data", () => {
  it("reads the endpoints from the served OpenAPI document", () => {
    expect(reads.map((served) => served.key)).toEqual(
      expect.arrayContaining([
        "GET /login",
        "GET /user/whoami",
        "GET /upgrade/target-version",
        "GET /tenant",
        "GET /vdc/tasks",
        "GET /block/volumes/search",
        "GET /block/snapshot-sessions/search",
        "GET /block/snapshot-sessions/bulk",
      ]),
    );
    expect(reads.length).toBeGreaterThanOrEqual(30);
    expect(writes.length).toBeGreaterThanOrEqual(19);
    expect(operations.some((served) => served.path.startsWith("/sim/"))).toBe(false);
  });

  describe("GET", () => {
    let t: HttpTestApp;
    let root: string;
    let ids: ResourceIds;

    beforeAll(async () => {
      t = new HttpTestApp();
      root = await t.login();
      ids = { ...worldIds(t), ...(await furnish(t, root)) };
    });
    afterAll(() => t.close());

    const get = async (served: ServedOperation, accept: Format | undefined) => {
      // Logging out ends the token it is sent with.
      const token = served.key === "GET /logout" ? await t.login() : root;
      const url = concretePath(served.path, ids) + queryFor(served, READ_QUERIES(t)[served.key] ?? {});
      const headers = { "x-sds-auth-token": token, ...(accept ? { accept: MEDIA_TYPES[accept] } : {}) };
      return t.app.inject({ method: "GET", url, headers });
    };

    it.each(reads.map((served) => [served.key, served] as const))("%s", async (_key, served) => {
      const json = await get(served, "json");
      const xml = await get(served, "xml");
      const unnamed = await get(served, undefined);
      const { status, withBody } = documentedSuccess(served.operation);
      expect([json.statusCode, xml.statusCode, unnamed.statusCode], json.body).toEqual([status, status, status]);
      expect(unnamed.body).toBe(xml.body);
      if (!withBody) {
        expect([json.body, xml.body]).toEqual(["", ""]);
        return;
      }
      expect(unnamed.headers["content-type"]).toMatch(/^application\/xml/);
      expectSameData(xml, json, contractRoot(served.key));
    });
  });

  describe("writes, the body sent in the format asked for", () => {
    const send = async (served: ServedOperation, format: Format) => {
      const t = new HttpTestApp();
      try {
        const token = await t.login();
        const request: WriteRequest = writeRequest(served.key)(t);
        const url = concretePath(served.path, { ...worldIds(t), ...request.ids }) + (request.query ?? "");
        const payload = request.body && (format === "json" ? JSON.stringify(request.body.json) : request.body.xml);
        const type = MEDIA_TYPES[format];
        return await t.app.inject({
          method: served.method as "POST" | "PUT",
          url,
          headers: { "x-sds-auth-token": token, accept: type, ...(payload ? { "content-type": type } : {}) },
          ...(payload ? { payload } : {}),
        });
      } finally {
        await t.close();
      }
    };

    it("has a request written for every write the document lists, and none besides", () => {
      expect(Object.keys(WRITE_REQUESTS).sort()).toEqual(writes.map((served) => served.key).sort());
    });

    it.each(writes.map((served) => [served.key, served] as const))("%s", async (_key, served) => {
      const json = await send(served, "json");
      const xml = await send(served, "xml");
      const { status, withBody } = documentedSuccess(served.operation);
      expect([json.statusCode, xml.statusCode], `${json.body}\n${xml.body}`).toEqual([status, status]);
      if (!withBody) {
        expect([json.body, xml.body]).toEqual(["", ""]);
        return;
      }
      expectSameData(xml, json, contractRoot(served.key), withIdsRanked);
    });
  });

  describe("refusals", () => {
    let t: HttpTestApp;
    let root: string;

    beforeAll(async () => {
      t = new HttpTestApp();
      root = await t.login();
    });
    afterAll(() => t.close());

    type Refusal = {
      method: "GET" | "POST" | "PUT" | "DELETE";
      /** Sent without a token. */
      anonymous?: true;
      url: (t: HttpTestApp) => string;
      body?: { json: unknown; xml: string };
      status: number;
      code: number;
    };
    const refusals: Record<string, Refusal> = {
      "GET without a token": { method: "GET", url: () => "/tenant", anonymous: true, status: 401, code: 4000 },
      "DELETE, which the path does not serve": {
        method: "DELETE",
        url: (t) => `/block/snapshot-sessions/${t.sessionId}/link-targets`,
        status: 405,
        code: 1007,
      },
      "GET of an unknown session": {
        method: "GET",
        url: () => `/block/snapshot-sessions/${newUrn("BlockSnapshotSession")}`,
        status: 404,
        code: 2000,
      },
      "POST linking no target": {
        method: "POST",
        url: (t) => `/block/snapshot-sessions/${t.sessionId}/link-targets`,
        body: {
          json: { new_linked_targets: { count: 0, target_name: "tgt" } },
          xml:
            "<snapshot_session_link_targets><new_linked_targets><count>0</count><target_name>tgt</target_name>" +
            "</new_linked_targets></snapshot_session_link_targets>",
        },
        status: 400,
        code: 1008,
      },
      "PUT of an ACL with an unknown privilege": {
        method: "PUT",
        url: (t) => `/projects/${t.projectId}/acl`,
        body: {
          json: { add: [{ privilege: ["FLY"], subject_id: "alice" }] },
          xml: "<acl_change><add><privilege>FLY</privilege><subject_id>alice</subject_id></add></acl_change>",
        },
        status: 400,
        code: 1008,
      },
    };

    it.each(Object.entries(refusals))("%s", async (_name, refusal) => {
      const url = refusal.url(t);
      const ask = (format: Format) => {
        const type = MEDIA_TYPES[format];
        const payload = refusal.body && (format === "json" ? JSON.stringify(refusal.body.json) : refusal.body.xml);
        return t.app.inject({
          method: refusal.method,
          url,
          headers: {
            accept: type,
            ...(refusal.anonymous ? {} : { "x-sds-auth-token": root }),
            ...(payload ? { "content-type": type } : {}),
          },
          ...(payload ? { payload } : {}),
        });
      };
      const json = await ask("json");
      const xml = await ask("xml");
      expect([json.statusCode, xml.statusCode]).toEqual([refusal.status, refusal.status]);
      expect(Object.keys(json.json())).toEqual(["code", "description", "details", "retryable"]);
      expect(json.json().code).toBe(refusal.code);
      expectSameData(xml, json, "error");
    });
  });
});

/**
 * Fills the world so that the reads have something in every list: linked targets, tasks on the
 * volume and the session, a subtenant with user mappings, role assignments and a project ACL.
 */
async function furnish(t: HttpTestApp, root: string): Promise<ResourceIds> {
  const expectStatus = async (status: number, response: Promise<LightMyRequestResponse>) => {
    const answer = await response;
    expect(answer.statusCode, answer.body).toBe(status);
    return answer.json();
  };
  const [targetId, forgottenId] = t.world.addLinkedTargets(t.sessionId, "lt", 2);
  const forgotten = await expectStatus(
    202,
    t.json("POST", `/block/snapshots/${forgottenId}/deactivate?type=VIPR_ONLY`, root),
  );
  const targetTask: Task = forgotten.task[0];
  const link = await expectStatus(
    202,
    t.json("POST", `/block/snapshot-sessions/${t.sessionId}/link-targets`, root, {
      new_linked_targets: { count: 1, target_name: "tgt" },
    }),
  );
  const sessionTask: Task = link.task[0];
  const created = await expectStatus(
    202,
    t.json("POST", `/block/volumes/${t.volumeId}/protection/snapshot-sessions`, root, { name: "snap2" }),
  );
  const volumeTask: Task = created.task.find((task: { resource: { id: string } }) => task.resource.id === t.volumeId);
  const [groupTargetId] = t.world.addLinkedSet(t.sessionGroup.sessionId, "gset");
  const spareGroup = t.world.addConsistencyGroup(t.projectId, "spare");
  const groupTask: Task = await expectStatus(
    202,
    t.json("POST", `/block/consistency-groups/${spareGroup}/deactivate`, root),
  );
  await expectStatus(
    200,
    t.json("POST", `/tenants/${t.providerTenantId}/subtenants`, root, {
      name: "Tenant B",
      user_mappings: [{ domain: "corp.example", attributes: [{ key: "ou", value: ["ops"] }], groups: ["g1"] }],
    }),
  );
  await expectStatus(
    200,
    t.json("PUT", `/tenants/${t.providerTenantId}/role-assignments`, root, {
      add: [{ role: ["PROJECT_ADMIN"], subject_id: "alice" }],
    }),
  );
  await expectStatus(
    200,
    t.json("PUT", `/projects/${t.projectId}/acl`, root, { add: [{ privilege: ["USE"], subject_id: "alice" }] }),
  );
  return {
    "/block/snapshots/{id}": targetId ?? "",
    // A task URN names the task whatever its resource: the forgotten target's, asked on the other one.
    "/block/snapshots/{id}/tasks/{op_id}": targetTask.id,
    "/block/volumes/{id}/tasks/{op_id}": volumeTask.op_id,
    "/block/snapshot-sessions/{id}/tasks/{op_id}": sessionTask.op_id,
    "/vdc/tasks/{id}": sessionTask.id,
    // The group reads are of the group with a session and a linked set.
    "/block/consistency-groups/{id}": t.sessionGroup.groupId,
    "/block/consistency-groups/{id}/protection/snapshots/{sid}": groupTargetId ?? "",
    // The spare group's deletion, by its task URN.
    "/block/consistency-groups/{id}/tasks/{op_id}": groupTask.id,
  };
}
