import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { expectViprError } from "../../support/http/error-assertions.js";
import { basic, HttpTestApp, PASSWORD, TOKEN_IDLE_TTL_MS } from "../../support/http/http-test-app.js";

describe("authentication", () => {
  let t: HttpTestApp;

  beforeEach(() => {
    t = new HttpTestApp();
  });
  afterEach(() => t.close());

  const login = (headers: Record<string, string>, query = "") =>
    t.app.inject({ method: "GET", url: `/login${query}`, headers });

  describe("GET /login", () => {
    it("without credentials: 401 with the Basic challenge", async () => {
      const response = await login({ accept: "application/json" });
      expect(response.headers["www-authenticate"]).toBe('basic realm="ViPR"');
      expectViprError(response, 401, 4000, "No credentials were specified");
    });

    it("with a wrong password or an unknown user: 401", async () => {
      expectViprError(
        await login({ accept: "application/json", authorization: basic("root", "wrong") }),
        401,
        4000,
        "Invalid username or password",
      );
      expectViprError(
        await login({ accept: "application/json", authorization: basic("nobody", PASSWORD) }),
        401,
        4000,
        "Invalid username or password",
      );
    });

    it("with Basic credentials: 200, the token in X-SDS-AUTH-TOKEN and <loggedIn>", async () => {
      const response = await login({ authorization: basic("root", PASSWORD) });
      expect(response.statusCode).toBe(200);
      expect(response.headers["x-sds-auth-token"]).toMatch(/^[A-Za-z0-9_-]{22,}$/);
      expect(response.headers["set-cookie"]).toBeUndefined();
      expect(response.body).toBe(
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><loggedIn><user>root</user></loggedIn>',
      );
      const json = await login({ authorization: basic("root", PASSWORD), accept: "application/json" });
      expect(json.json()).toEqual({ user: "root" });
    });

    it("with ?using-cookies=true also sets the token as a cookie, which then authenticates", async () => {
      const response = await login({ authorization: basic("root", PASSWORD) }, "?using-cookies=true");
      const token = response.headers["x-sds-auth-token"];
      expect(response.headers["set-cookie"]).toBe(`X-SDS-AUTH-TOKEN=${token}; Path=/; HttpOnly`);

      const tenant = await t.app.inject({
        method: "GET",
        url: "/tenant",
        headers: { cookie: `other=1; X-SDS-AUTH-TOKEN=${token}`, accept: "application/json" },
      });
      expect(tenant.statusCode).toBe(200);
      expect(tenant.json().id).toBe(t.providerTenantId);
    });

    it("with a valid token: 200 (clients check their token this way); with an unknown one: 401", async () => {
      const token = await t.login();
      const response = await login({ "x-sds-auth-token": token, accept: "application/json" });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual({ user: "root" });
      expectViprError(
        await login({ "x-sds-auth-token": "forged", accept: "application/json" }),
        401,
        4000,
        "The authentication token is not valid or has expired",
      );
    });
  });

  describe("every other route", () => {
    it("without a token: 401, before the route or the body is looked at", async () => {
      for (const [method, url] of [
        ["GET", "/tenant"],
        ["GET", "/user/whoami"],
        ["GET", "/no/such/route"],
        ["POST", "/block/volumes"],
      ] as const) {
        const response = await t.app.inject({
          method,
          url,
          headers: { accept: "application/json", "content-type": "application/json" },
          payload: method === "POST" ? "not json" : undefined,
        });
        expect(response.statusCode, url).toBe(401);
        expect(response.json().code, url).toBe(4000);
      }
    });

    it("with a token idle for longer than its time to live: 401; used within it: still valid", async () => {
      const token = await t.login();
      t.clock.advance(TOKEN_IDLE_TTL_MS - 1000);
      expect((await t.json("GET", "/tenant", token)).statusCode).toBe(200);
      t.clock.advance(TOKEN_IDLE_TTL_MS - 1000);
      expect((await t.json("GET", "/tenant", token)).statusCode).toBe(200);
      t.clock.advance(TOKEN_IDLE_TTL_MS + 1);
      expectViprError(
        await t.json("GET", "/tenant", token),
        401,
        4000,
        "The authentication token is not valid or has expired",
      );
    });
  });

  it("GET /logout invalidates the token", async () => {
    const token = await t.login();
    const response = await t.json("GET", "/logout", token);
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ user: "root" });
    expect((await t.json("GET", "/tenant", token)).statusCode).toBe(401);
  });

  it("GET /user/whoami tells the user's name, home tenant and roles", async () => {
    const response = await t.json("GET", "/user/whoami", await t.login());
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      name: "root",
      common_name: "root",
      distinguished_name: "root",
      tenant: t.providerTenantId,
      vdc_roles: ["SYSTEM_ADMIN", "SECURITY_ADMIN", "SYSTEM_MONITOR", "SYSTEM_AUDITOR"],
      home_tenant_roles: ["TENANT_ADMIN"],
      subtenant_roles: [],
    });
  });

  it("GET /upgrade/target-version answers 200 with an object without target_version", async () => {
    const response = await t.json("GET", "/upgrade/target-version", await t.login());
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({});
  });
});
