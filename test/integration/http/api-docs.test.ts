import { Validator } from "@seriousme/openapi-schema-validator";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { newUrn, urnType } from "../../../src/domain/shared/urn.js";
import { declaredRoutes } from "../../../src/infrastructure/http/api-docs/declared-routes.js";
import {
  sampleErrorTask,
  samplePendingTask,
  sampleReadyTask,
} from "../../../src/infrastructure/http/api-docs/samples.js";
import { decodeJsonBody } from "../../../src/infrastructure/http/codecs/json-body-decoder.js";
import { decodeXmlBody } from "../../../src/infrastructure/http/codecs/xml-body-decoder.js";
import { createHttpApp } from "../../../src/infrastructure/http/http-server.js";
import { toJson, toXml } from "../../../src/infrastructure/http/representations/serializer.js";
import {
  taskListRepresentation,
  taskRepresentation,
} from "../../../src/infrastructure/http/representations/task.representations.js";
import { linkTargetsBody } from "../../../src/infrastructure/http/requests/request-bodies.js";
import { expectViprError } from "../../support/http/error-assertions.js";
import { HttpTestApp } from "../../support/http/http-test-app.js";
import {
  type OpenApiDocument,
  resolved,
  routesMissingFromDocument,
  schemaMismatches,
  structuralFaults,
} from "../../support/http/openapi-checks.js";

const LINK_TARGETS = "/block/snapshot-sessions/{id}/link-targets";

async function documentOf(t: HttpTestApp): Promise<OpenApiDocument> {
  const response = await t.app.inject({ method: "GET", url: "/apidocs/json" });
  expect(response.statusCode).toBe(200);
  return response.json();
}

describe("API documentation (/apidocs)", () => {
  let t: HttpTestApp;
  let document: OpenApiDocument;

  beforeEach(async () => {
    t = new HttpTestApp();
    document = await documentOf(t);
  });
  afterEach(() => t.close());

  describe("is served without a token", () => {
    it("as a Swagger UI page that loads the document from /apidocs/json", async () => {
      const page = await t.app.inject({ method: "GET", url: "/apidocs" });
      expect(page.statusCode).toBe(200);
      expect(page.headers["content-type"]).toMatch(/^text\/html/);
      expect(page.body).toContain("swagger-ui");

      const initializer = await t.app.inject({ method: "GET", url: "/apidocs/static/swagger-initializer.js" });
      expect(initializer.statusCode).toBe(200);
      expect(initializer.body).toMatch(/json/);
    });

    it("as an OpenAPI 3 document in JSON and YAML", async () => {
      expect(document.openapi).toMatch(/^3\.0\.\d$/);
      const yaml = await t.app.inject({ method: "GET", url: "/apidocs/yaml" });
      expect(yaml.statusCode).toBe(200);
      expect(yaml.body).toContain("openapi: 3.0.3");
    });

    it("while the API itself still needs one", async () => {
      const response = await t.app.inject({ method: "GET", url: "/tenant", headers: { accept: "application/json" } });
      expect(response.statusCode).toBe(401);
    });
  });

  it("is a structurally sound OpenAPI document: operations with responses, declared path parameters, resolved references", () => {
    expect(structuralFaults(document)).toEqual([]);
  });

  it("is valid against the official OpenAPI 3.0 schema", async () => {
    const validator = new Validator();
    const result = await validator.validate(structuredClone(document) as Record<string, unknown>);
    expect(validator.version).toBe("3.0");
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
  });

  it("groups the operations in sections, Authentication first", () => {
    const sections = (document as unknown as { tags: { name: string }[] }).tags.map((tag) => tag.name);
    expect(sections[0]).toBe("Authentication");
    const used = Object.values(document.paths).flatMap((item) =>
      Object.values(item).flatMap((operation) => (operation as { tags?: string[] }).tags ?? []),
    );
    expect(new Set(used)).toEqual(new Set(sections));
  });

  describe("documents every route", () => {
    it("that the app declares, but its own pages and the operators' dashboards", () => {
      expect(declaredRoutes(t.app).length).toBeGreaterThan(40);
      expect(routesMissingFromDocument(t.app, document)).toEqual([]);
    });

    it("with the operators' endpoints: /metrics and /health/ready documented, the queue dashboard left out", async () => {
      const app = createHttpApp({
        ...t.deps,
        observability: {
          metrics: { contentType: "text/plain; version=0.0.4", render: async () => "", observeRequest: () => {} },
          readiness: async () => ({ ready: true, checks: { postgres: "ok", queue: "ok" } }),
          queues: [],
        },
      });
      try {
        const withOperators: OpenApiDocument = (await app.inject({ method: "GET", url: "/apidocs/json" })).json();
        expect(declaredRoutes(app).some((route) => route.url.startsWith("/admin/queues"))).toBe(true);
        expect(routesMissingFromDocument(app, withOperators)).toEqual([]);
        expect(withOperators.paths["/metrics"]?.get?.security).toEqual([]);
        expect(withOperators.paths["/health/ready"]?.get?.responses).toHaveProperty("503");
        expect(Object.keys(withOperators.paths).some((path) => path.startsWith("/admin/queues"))).toBe(false);
      } finally {
        await app.close();
      }
    });

    it("and reports a route declared without its documentation", async () => {
      const other = new HttpTestApp();
      try {
        other.app.get("/block/undocumented/:id", async () => "nothing");
        const missing = routesMissingFromDocument(other.app, await documentOf(other));
        const missingAnyway = routesMissingFromDocument(t.app, document);
        expect(missing.filter((route) => !missingAnyway.includes(route))).toEqual(["GET /block/undocumented/:id"]);
      } finally {
        await other.close();
      }
    });
  });

  describe("documents authentication", () => {
    it("X-SDS-AUTH-TOKEN as an API key everywhere, HTTP Basic at /login, none for liveness", () => {
      expect(document.components.securitySchemes).toEqual({
        authToken: { type: "apiKey", in: "header", name: "X-SDS-AUTH-TOKEN" },
        basicAuth: { type: "http", scheme: "basic" },
      });
      expect((document as unknown as { security: unknown }).security).toEqual([{ authToken: [] }]);
      expect(document.paths["/login"]?.get?.security).toEqual([{ basicAuth: [] }, { authToken: [] }]);
      expect(document.paths["/health/live"]?.get?.security).toEqual([]);
      expect(document.paths["/login"]?.get?.responses["200"]).toMatchObject({ headers: { "X-SDS-AUTH-TOKEN": {} } });
    });
  });

  describe("documents parameters", () => {
    it("URN path parameters, with the resource type and an example", () => {
      const [parameter] = document.paths[LINK_TARGETS]?.post?.parameters ?? [];
      expect(parameter).toMatchObject({
        in: "path",
        name: "id",
        required: true,
        description: expect.stringContaining("BlockSnapshotSession URN"),
        schema: { type: "string", example: expect.stringMatching(/^urn:storageos:BlockSnapshotSession:/) },
      });
    });

    it("query parameters", () => {
      const parameters = document.paths["/block/snapshot-sessions/{id}/deactivate"]?.post?.parameters ?? [];
      expect(parameters).toContainEqual(
        expect.objectContaining({ in: "query", name: "type", schema: { type: "string", enum: ["FULL", "VIPR_ONLY"] } }),
      );
      const read = document.paths["/sim/volumes/{id}/data"]?.get?.parameters ?? [];
      expect(read).toContainEqual(expect.objectContaining({ in: "query", name: "length", required: true }));
    });
  });

  describe("documents the refusals of each operation", () => {
    it("no token, a bad or unknown URN, a bad body, the database away, and the operation's own", () => {
      const responses = document.paths[LINK_TARGETS]?.post?.responses ?? {};
      expect(Object.keys(responses).sort()).toEqual([
        "202",
        "400",
        "401",
        "403",
        "404",
        "405",
        "406",
        "413",
        "415",
        "503",
      ]);
      for (const code of [1002, 1005, 1008, 1013]) expect(responses["400"]?.description).toContain(String(code));
      // A negative count links nothing, as on the real controller: no 1014.
      expect(responses["400"]?.description).not.toContain("1014");
      expect(responses["503"]).toMatchObject({ headers: { "Retry-After": {} } });
      expect(responses["503"]?.description).toContain("8500 Unable to connect to the database service");
      expect(responses["415"]?.description).toContain("1003 Unsupported or missing media type");
      expect(responses["406"]?.description).toContain("999");
      expect(responses["401"]).toMatchObject({ headers: { "WWW-Authenticate": {} } });
    });

    it("with the ViPR error body, in JSON and XML", () => {
      const bad = document.paths[LINK_TARGETS]?.post?.responses["400"]?.content ?? {};
      expect(bad["application/json"]?.examples?.["1008"]?.value).toEqual({
        code: 1008,
        description: "Parameter was provided but invalid",
        details: "Invalid request to link 0 new targets to a snapshot session.",
        retryable: false,
      });
      expect(bad["application/xml"]?.examples?.["1008"]?.value).toContain(
        "<error><code>1008</code><description>Parameter was provided but invalid</description>",
      );
      expect(document.components.schemas.Error).toMatchObject({
        xml: { name: "error" },
        required: ["code", "description", "details", "retryable"],
      });
    });
  });

  describe("gives examples", () => {
    it("of a link-targets request in JSON and XML, both the same request", async () => {
      const content = document.paths[LINK_TARGETS]?.post?.requestBody?.content ?? {};
      const json = content["application/json"]?.examples?.copy?.value;
      const xml = content["application/xml"]?.examples?.copy?.value as string;
      const otherXml = content["application/xml"]?.examples?.nocopy?.value as string;
      expect(json).toEqual({ new_linked_targets: { count: 2, target_name: "tgt", copy_mode: "copy" } });
      expect(decodeXmlBody(xml, linkTargetsBody)).toEqual({
        newLinkedTargets: { count: 2, targetName: "tgt", copyMode: "copy" },
      });
      expect(decodeJsonBody(JSON.stringify(json), linkTargetsBody)).toEqual({
        newLinkedTargets: { count: 2, targetName: "tgt", copyMode: "copy" },
      });

      const root = await t.login();
      const url = LINK_TARGETS.replace("{id}", t.sessionId);
      expect((await t.json("POST", url, root, json)).statusCode).toBe(202);
      expect((await t.xml("POST", url, root, otherXml)).statusCode).toBe(202);
    });

    it("of a pending, a ready and an error task, as the serializer writes them", () => {
      const accepted = document.paths[LINK_TARGETS]?.post?.responses["202"]?.content ?? {};
      expect(accepted["application/json"]?.examples?.pending?.value).toEqual(
        toJson(taskListRepresentation([samplePendingTask])),
      );
      expect(accepted["application/xml"]?.examples?.pending?.value).toEqual(
        toXml(taskListRepresentation([samplePendingTask])),
      );
      const polled = document.paths["/vdc/tasks/{id}"]?.get?.responses["200"]?.content?.["application/json"]?.examples;
      expect(polled?.pending?.value).toMatchObject({ state: "pending", progress: 0 });
      expect(polled?.ready?.value).toEqual(toJson(taskRepresentation(sampleReadyTask)));
      expect(polled?.ready?.value).toMatchObject({
        state: "ready",
        progress: 100,
        message: "Operation completed successfully",
      });
      expect(polled?.error?.value).toEqual(toJson(taskRepresentation(sampleErrorTask)));
      expect(polled?.error?.value).toMatchObject({ state: "error", service_error: { code: 16001 } });
    });
  });

  describe("describes what the server answers", () => {
    const schemaOf = (path: string, method: string, status: string) => {
      const schema = document.paths[path]?.[method]?.responses[status]?.content?.["application/json"]?.schema;
      expect(schema).toBeDefined();
      return schema ?? {};
    };

    it("tasks, sessions, linked targets and volumes match their documented schemas", async () => {
      const root = await t.login();
      const linked = await t.json("POST", LINK_TARGETS.replace("{id}", t.sessionId), root, {
        new_linked_targets: { count: 1, target_name: "tgt", copy_mode: "copy" },
      });
      expect(schemaMismatches(linked.json(), schemaOf(LINK_TARGETS, "post", "202"), document)).toEqual([]);

      const sessionsPath = "/block/volumes/{id}/protection/snapshot-sessions";
      const created = await t.json("POST", sessionsPath.replace("{id}", t.volumeId), root, { name: "docsnap" });
      expect(created.statusCode).toBe(202);
      // Neither the session's task nor the volume's names an associated resource, as on the real controller.
      expect(created.json().task.map((task: { associated_resources: unknown[] }) => task.associated_resources)).toEqual(
        [[], []],
      );
      expect(schemaMismatches(created.json(), schemaOf(sessionsPath, "post", "202"), document)).toEqual([]);

      const task = await t.json("GET", `/vdc/tasks/${linked.json().task[0].id}`, root);
      expect(schemaMismatches(task.json(), schemaOf("/vdc/tasks/{id}", "get", "200"), document)).toEqual([]);

      const session = await t.json("GET", `/block/snapshot-sessions/${t.sessionId}`, root);
      const sessionSchema = schemaOf("/block/snapshot-sessions/{id}", "get", "200");
      expect(schemaMismatches(session.json(), sessionSchema, document)).toEqual([]);

      const volume = await t.json("GET", `/block/volumes/${t.volumeId}`, root);
      expect(schemaMismatches(volume.json(), schemaOf("/block/volumes/{id}", "get", "200"), document)).toEqual([]);

      const targets = await t.json("GET", `/block/volumes/${t.volumeId}/protection/snapshots`, root);
      const [target] = targets.json().snapshot;
      const targetView = await t.json("GET", `/block/snapshots/${target.id}`, root);
      expect(schemaMismatches(targetView.json(), schemaOf("/block/snapshots/{id}", "get", "200"), document)).toEqual(
        [],
      );
    });

    it("every GET of the document answers what its schema says in JSON, and under its documented root in XML", async () => {
      const root = await t.login();
      const monitor = await t.login("sysmonitor");
      const linked = await t.json("POST", LINK_TARGETS.replace("{id}", t.sessionId), root, {
        new_linked_targets: { count: 1, target_name: "tgt" },
      });
      const [task] = linked.json().task;
      const [target] = (await t.json("GET", `/block/volumes/${t.volumeId}/protection/snapshots`, root)).json().snapshot;
      const [varray] = (await t.json("GET", "/vdc/varrays", root)).json().varray;
      const idOfType: Record<string, string> = {
        BlockSnapshotSession: t.sessionId,
        Volume: t.volumeId,
        Project: t.projectId,
        TenantOrg: t.providerTenantId,
        StorageSystem: t.snapvx.systemId,
        VirtualPool: t.snapvx.vpoolId,
        VirtualArray: varray.id,
        BlockSnapshot: target.id,
        Task: task.id,
        BlockConsistencyGroup: t.consistencyGroupId,
      };
      const spareGroup = t.world.addConsistencyGroup(t.projectId, "spare");
      const groupTask = (await t.json("POST", `/block/consistency-groups/${spareGroup}/deactivate`, root)).json();
      // A group's target ({sid}) is asked under its own group.
      const [groupTarget] = t.world.addLinkedSet(t.sessionGroup.sessionId, "doc");

      const sessionsPath = `/block/volumes/${t.volumeId}/protection/snapshot-sessions`;
      const [sessionTask] = (await t.json("POST", sessionsPath, root, { name: "docsnap" })).json().task;
      const simSystem = {
        id: newUrn("StorageSystem"),
        name: "symm",
        systemType: "vmax",
        nativeId: "000197900042",
        settings: {},
      };
      t.simulator.locator.addSystem(simSystem);
      const device = await t.simulator.snapvx.provisionVolume(simSystem, {
        poolNativeId: "SRP_1",
        name: "vol1",
        capacityBytes: 8 * 1024 * 1024,
        idempotencyKey: "vol1",
      });
      const simVolumeId = newUrn("Volume");
      t.simulator.locator.addDevice(simVolumeId, { system: simSystem, nativeId: device.nativeId, inactive: false });
      const simIdOfType: Record<string, string> = { StorageSystem: simSystem.id, Volume: simVolumeId };
      const requiredQuery: Record<string, string> = { project: t.projectId, name: "snap1" };
      // A search answers 400 without a criterion: each is asked by a name its world has.
      const searchQuery: Record<string, string> = {
        "/block/volumes/search": "name=vol",
        "/block/snapshot-sessions/search": "name=snap",
        "/block/snapshots/search": "name=tgt",
        "/block/consistency-groups/search": "name=cg",
      };

      const faults: string[] = [];
      let checked = 0;
      for (const [path, item] of Object.entries(document.paths)) {
        const operation = item.get;
        const schema = operation?.responses["200"]?.content?.["application/json"]?.schema;
        // Logging out would end the token the others use; logging in takes Basic credentials.
        if (operation === undefined || schema === undefined || path === "/logout" || path === "/login") continue;
        const idParameter = operation.parameters?.find(
          (parameter) => parameter.in === "path" && parameter.name === "id",
        );
        const idType = urnType(String((idParameter as { schema?: { example?: string } })?.schema?.example ?? ""));
        const ids = path.startsWith("/sim/") ? simIdOfType : idOfType;
        const query = (operation.parameters ?? [])
          .filter((parameter) => parameter.in === "query" && parameter.required === true)
          .map((parameter) => `${parameter.name}=${encodeURIComponent(requiredQuery[parameter.name] ?? "")}`);
        const search = searchQuery[path];
        if (search !== undefined) query.push(search);
        // A linked target's task is asked by the link task's URN, which names the task whatever its resource.
        // A consistency group's, by the URN of another group's deletion task.
        const opId = path.startsWith("/block/volumes/")
          ? sessionTask.op_id
          : path.startsWith("/block/snapshots/")
            ? task.id
            : path.startsWith("/block/consistency-groups/")
              ? groupTask.id
              : task.op_id;
        const pathId = path.includes("{sid}") ? t.sessionGroup.groupId : (ids[idType ?? ""] ?? "");
        const url =
          path
            .replace("{id}", pathId)
            .replace("{sid}", groupTarget ?? "")
            .replace("{op_id}", opId) + (query.length > 0 ? `?${query.join("&")}` : "");
        let token = root;
        let response = await t.json("GET", url, token);
        if (response.statusCode === 403) {
          token = monitor;
          response = await t.json("GET", url, token);
        }
        if (response.statusCode !== 200) {
          faults.push(`GET ${url}: ${response.statusCode} ${response.body}`);
          continue;
        }
        faults.push(...schemaMismatches(response.json(), schema, document, `GET ${path}`));
        const xmlSchema = operation.responses["200"]?.content?.["application/xml"]?.schema;
        if (xmlSchema !== undefined) {
          const xml = await t.xml("GET", url, token);
          const element = /^<\?xml[^>]*\?><([A-Za-z_]+)/.exec(xml.body)?.[1];
          const documented = resolved(xmlSchema, document).xml?.name;
          if (element !== documented) faults.push(`GET ${path}: XML root <${element}>, documented <${documented}>`);
        }
        checked++;
      }
      expect(faults).toEqual([]);
      expect(checked).toBeGreaterThan(25);
    });

    it("the check finds a property a schema does not declare", () => {
      const schema = schemaOf("/vdc/tasks/{id}", "get", "200");
      const task = { ...toJson(taskRepresentation(sampleReadyTask)), colour: "red" };
      expect(schemaMismatches(task, schema, document)).toEqual(["$.colour is not in the schema"]);
    });

    it("refusals match the error schema, and keep their ViPR codes (fastify validates nothing)", async () => {
      const root = await t.login();
      const url = LINK_TARGETS.replace("{id}", t.sessionId);
      const zero = await t.json("POST", url, root, { new_linked_targets: { count: 0, target_name: "tgt" } });
      expectViprError(zero, 400, 1008, "Invalid request to link 0 new targets to a snapshot session.");
      expect(schemaMismatches(zero.json(), schemaOf(LINK_TARGETS, "post", "400"), document)).toEqual([]);

      const unknown = await t.json("POST", url, root, { colour: "red" });
      expectViprError(unknown, 400, 1013, 'Unrecognized field "colour" in snapshot_session_link_targets');
      const missing = await t.json("POST", url, root, { new_linked_targets: { target_name: "tgt" } });
      expectViprError(missing, 400, 1005, "Required parameter count was missing or empty");
    });

    it("a malformed body's refusal as the example says, in JSON and XML", async () => {
      const root = await t.login();
      const url = LINK_TARGETS.replace("{id}", t.sessionId);
      const examples = document.paths[LINK_TARGETS]?.post?.responses["400"]?.content ?? {};

      const json = await t.json("POST", url, root, { colour: "red" });
      expect(json.json()).toEqual(examples["application/json"]?.examples?.["json-body"]?.value);
      const xml = await t.xml(
        "POST",
        url,
        root,
        "<snapshot_session_link_targets><colour>red</colour></snapshot_session_link_targets>",
      );
      expect(xml.statusCode).toBe(400);
      expect(xml.body).toEqual(examples["application/xml"]?.examples?.["xml-body"]?.value);
      expect(xml.body).toContain("Invalid input at line 1, column");
    });

    it("the simulator's clock matches its documented schema", async () => {
      const root = await t.login();
      const clock = await t.json("GET", "/sim/clock", root);
      expect(clock.statusCode).toBe(200);
      expect(schemaMismatches(clock.json(), schemaOf("/sim/clock", "get", "200"), document)).toEqual([]);
    });
  });
});
