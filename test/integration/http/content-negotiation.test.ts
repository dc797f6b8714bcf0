import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { expectViprError } from "../../support/http/error-assertions.js";
import { HttpTestApp } from "../../support/http/http-test-app.js";

describe("formats", () => {
  let t: HttpTestApp;
  let token: string;

  beforeEach(async () => {
    t = new HttpTestApp();
    token = await t.login();
  });
  afterEach(() => t.close());

  const get = (url: string, headers: Record<string, string> = {}) =>
    t.app.inject({ method: "GET", url, headers: { "x-sds-auth-token": token, ...headers } });
  const post = (url: string, payload: string, headers: Record<string, string>) =>
    t.app.inject({ method: "POST", url, payload, headers: { "x-sds-auth-token": token, ...headers } });
  const projects = () => `/tenants/${t.providerTenantId}/projects`;

  describe("of responses", () => {
    it("is XML without an Accept header", async () => {
      const response = await get("/tenant");
      expect(response.headers["content-type"]).toMatch(/^application\/xml/);
      expect(response.body).toMatch(
        /^<\?xml[^>]*\?><tenant_info><name>Provider Tenant<\/name><link rel="self" href="[^"]+"\/><id>urn:storageos:TenantOrg:/,
      );
    });

    it("is XML when Accept names neither JSON nor XML", async () => {
      const response = await get("/tenant", { accept: "text/html, */*" });
      expect(response.headers["content-type"]).toMatch(/^application\/xml/);
    });

    it("follows Accept's preferences: its quality values first, then the more specific, then its order", async () => {
      const xml = await get("/tenant", { accept: "text/html, application/json;q=0.5, application/xml" });
      expect(xml.headers["content-type"]).toMatch(/^application\/xml/);

      const json = await get("/tenant", { accept: "text/html, application/json, application/xml" });
      expect(json.headers["content-type"]).toMatch(/^application\/json/);
      expect(json.json()).toMatchObject({ id: t.providerTenantId, name: "Provider Tenant" });

      const first = await get("/tenant", { accept: "application/xml, application/json" });
      expect(first.headers["content-type"]).toMatch(/^application\/xml/);
      const specific = await get("/tenant", { accept: "*/*, application/json" });
      expect(specific.headers["content-type"]).toMatch(/^application\/json/);
      const parameters = await get("/tenant", { accept: "application/json; charset=utf-8" });
      expect(parameters.headers["content-type"]).toMatch(/^application\/json/);
    });

    it("answers the ViPR clients' Accept headers as the real controller does", async () => {
      // bourne, then the ViPR CLI (JSON and XML modes).
      for (const [accept, type] of [
        ["application/json,text/html,application/octet-stream", "json"],
        ["application/json, application/octet-stream", "json"],
        ["application/xml, application/octet-stream", "xml"],
      ] as const) {
        expect((await get("/tenant", { accept })).headers["content-type"], accept).toContain(`application/${type}`);
      }
    });

    it("refuses with 406 an Accept that takes neither XML nor JSON, before doing anything", async () => {
      const response = await post(projects(), '{"name":"never-made"}', {
        "content-type": "application/json",
        accept: "text/plain",
      });
      expect(response.statusCode).toBe(406);
      expect(response.headers["content-type"]).toMatch(/^application\/xml/);
      expect(response.body).toContain("<code>999</code>");
      const listed = await get(projects(), { accept: "application/json" });
      expect(JSON.stringify(listed.json())).not.toContain("never-made");
      expect((await get("/tenant", { accept: "text/xml" })).statusCode).toBe(406);
    });

    it("applies to errors too", async () => {
      const xml = await get("/block/snapshot-sessions/nonsense");
      expect(xml.statusCode).toBe(400);
      expect(xml.body).toBe(
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><error><code>1002</code><description>URI parameter is invalid</description><details>Parameter nonsense is not a valid URI</details><retryable>false</retryable></error>',
      );
      expectViprError(
        await get("/block/snapshot-sessions/nonsense", { accept: "application/json" }),
        400,
        1002,
        "Parameter nonsense is not a valid URI",
      );
    });
  });

  describe("of requests", () => {
    it("reads JSON and XML bodies alike", async () => {
      const json = await post(projects(), '{"name":"from-json"}', {
        "content-type": "application/json",
        accept: "application/json",
      });
      expect(json.statusCode).toBe(200);
      expect(json.json()).toMatchObject({ name: "from-json", link: { rel: "self" } });

      const xml = await post(projects(), "<project_create><name>from-xml</name></project_create>", {
        "content-type": "application/xml; charset=UTF-8",
      });
      expect(xml.statusCode).toBe(200);
      expect(xml.body).toMatch(
        /<tenant_project><id>urn:storageos:Project:[^<]+<\/id><link rel="self" href="[^"]+"\/><name>from-xml<\/name><\/tenant_project>$/,
      );
    });

    it("refuses a body without Content-Type with 415/1003, an empty Content-Type header being none", async () => {
      for (const headers of [{}, { "content-type": "" }, { "content-type": " " }] as Record<string, string>[]) {
        const response = await post(projects(), "<project_create><name>untyped</name></project_create>", {
          ...headers,
          accept: "application/json",
        });
        expect(response.statusCode).toBe(415);
        expect(response.json()).toMatchObject({
          code: 1003,
          description: "Unsupported or missing media type",
          retryable: false,
        });
      }
    });

    it("refuses a body larger than 1 MiB with 413", async () => {
      const response = await post(projects(), `{"name":"${"x".repeat(1024 * 1024)}"}`, {
        "content-type": "application/json",
        accept: "application/json",
      });
      expect(response.statusCode).toBe(413);
      expect(response.json()).toMatchObject({ code: 1013, retryable: false });
    });

    it("refuses a Content-Type that is neither application/json nor application/xml with 415/1003", async () => {
      for (const [contentType, payload] of [
        ["application/x-www-form-urlencoded", "name=x"],
        ["text/xml", "<project_create><name>x</name></project_create>"],
      ]) {
        const response = await post(projects(), payload as string, {
          "content-type": contentType as string,
          accept: "application/json",
        });
        expect(response.statusCode).toBe(415);
        expect(response.json()).toMatchObject({ code: 1003, description: "Unsupported or missing media type" });
      }
    });

    it("refuses malformed JSON with 400/1013", async () => {
      const response = await post(projects(), '{"name": ', {
        "content-type": "application/json",
        accept: "application/json",
      });
      expect(response.statusCode).toBe(400);
      expect(response.json()).toMatchObject({ code: 1013, description: "Bad request body" });
      expect(response.json().details).toMatch(/^Malformed JSON: /);
    });

    it("refuses an unknown JSON property, or a value of the wrong shape, with 400/1013", async () => {
      const headers = { "content-type": "application/json", accept: "application/json" };
      expectViprError(
        await post(projects(), '{"name":"p","colour":"red"}', headers),
        400,
        1013,
        'Unrecognized field "colour" in project_create',
      );
      expectViprError(
        await post(projects(), '{"name":{"first":"p"}}', headers),
        400,
        1013,
        "Can not deserialize instance of java.lang.String out of START_OBJECT token",
      );
      expectViprError(await post(projects(), '["p"]', headers), 400, 1013, "Expected a JSON object for project_create");
    });

    it("refuses malformed XML with 400/1008 naming the line and column", async () => {
      expectViprError(
        await post(projects(), "<project_create>\n  <name>p</nam>\n</project_create>", {
          "content-type": "application/xml",
          accept: "application/json",
        }),
        400,
        1008,
        "Invalid input at line 2, column 10",
      );
    });

    it("refuses an unknown XML element, a wrong root or a non-numeric integer with 400/1008 at its position", async () => {
      const headers = { "content-type": "application/xml", accept: "application/json" };
      expectViprError(
        await post(
          projects(),
          "<project_create>\n  <name>p</name>\n  <colour>red</colour>\n</project_create>",
          headers,
        ),
        400,
        1008,
        "Invalid input at line 3, column 3",
      );
      expectViprError(
        await post(projects(), "<project><name>p</name></project>", headers),
        400,
        1008,
        "Invalid input at line 1, column 1",
      );
      expectViprError(
        await post(
          `/block/snapshot-sessions/${t.sessionId}/link-targets`,
          "<snapshot_session_link_targets><new_linked_targets><count>two</count></new_linked_targets></snapshot_session_link_targets>",
          headers,
        ),
        400,
        1008,
        "Invalid input at line 1, column 52",
      );
    });
  });

  describe("of routes", () => {
    it("answers an unknown path with 404/2000", async () => {
      expectViprError(
        await get("/no/such/thing", { accept: "application/json" }),
        404,
        2000,
        "No resource is served at /no/such/thing",
      );
    });

    it("answers a known path with an unsupported method with 405/1007 and Allow", async () => {
      const response = await t.app.inject({
        method: "DELETE",
        url: `/block/snapshot-sessions/${t.sessionId}/link-targets`,
        headers: { "x-sds-auth-token": token, accept: "application/json" },
      });
      expect(response.headers.allow).toBe("POST");
      expectViprError(
        response,
        405,
        1007,
        `Method DELETE is not supported for /block/snapshot-sessions/${t.sessionId}/link-targets`,
      );
    });
  });
});
