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
      expect(response.body).toMatch(/^<\?xml[^>]*\?><tenant_info><id>urn:storageos:TenantOrg:/);
    });

    it("is XML when Accept names neither JSON nor XML", async () => {
      const response = await get("/tenant", { accept: "text/html, */*" });
      expect(response.headers["content-type"]).toMatch(/^application\/xml/);
    });

    it("follows the first of application/json and application/xml in Accept", async () => {
      const json = await get("/tenant", { accept: "text/html, application/json;q=0.5, application/xml" });
      expect(json.headers["content-type"]).toMatch(/^application\/json/);
      expect(json.json()).toMatchObject({ id: t.providerTenantId, name: "Provider Tenant" });

      const xml = await get("/tenant", { accept: "application/xml, application/json" });
      expect(xml.headers["content-type"]).toMatch(/^application\/xml/);
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
      expect(xml.body).toMatch(/<project><id>urn:storageos:Project:[^<]+<\/id><name>from-xml<\/name><link rel="self"/);
    });

    it("takes a body without Content-Type as XML when it starts with <", async () => {
      const response = await post(projects(), "  <project_create><name>sniffed</name></project_create>", {
        accept: "application/json",
      });
      expect(response.statusCode).toBe(200);
      expect(response.json().name).toBe("sniffed");
    });

    it("takes an empty Content-Type header as none", async () => {
      const xml = await post(projects(), "<project_create><name>untyped-xml</name></project_create>", {
        "content-type": "",
        accept: "application/json",
      });
      expect(xml.statusCode).toBe(200);
      expect(xml.json().name).toBe("untyped-xml");
      const json = await post(projects(), '{"name":"untyped-json"}', {
        "content-type": " ",
        accept: "application/json",
      });
      expect(json.statusCode).toBe(200);
      expect(json.json().name).toBe("untyped-json");
    });

    it("refuses a body larger than 1 MiB with 413", async () => {
      const response = await post(projects(), `{"name":"${"x".repeat(1024 * 1024)}"}`, {
        "content-type": "application/json",
        accept: "application/json",
      });
      expect(response.statusCode).toBe(413);
      expect(response.json()).toMatchObject({ code: 1013, retryable: false });
    });

    it("refuses a Content-Type that is neither JSON nor XML with 415", async () => {
      const response = await post(projects(), "name=x", {
        "content-type": "application/x-www-form-urlencoded",
        accept: "application/json",
      });
      expect(response.statusCode).toBe(415);
      expect(response.json().code).toBe(1013);
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
        "Expected a single value for name",
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
