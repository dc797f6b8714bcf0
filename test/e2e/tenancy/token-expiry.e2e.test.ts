import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ViprClient } from "../../support/e2e/vipr-client.js";
import { PASSWORDS, startTenancyService, withHeaders } from "./tenancy-service.js";

const IDLE_SECONDS = 2;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Idle expiry with a short configured idle time (COPRSIM_TOKEN_IDLE_SECONDS) instead of the default 8 hours. */
describe("token idle expiry", () => {
  let env: Awaited<ReturnType<typeof startTenancyService>>;

  beforeAll(async () => {
    env = await startTenancyService({ COPRSIM_TOKEN_IDLE_SECONDS: String(IDLE_SECONDS) });
  }, 120_000);

  afterAll(async () => {
    await env?.stop();
  });

  it("a token in use stays valid past the idle time; one left idle longer is refused with 401", async () => {
    const client = new ViprClient(env.service.baseUrl);
    await client.login("alice", PASSWORDS.alice);
    for (let i = 0; i < 4; i++) {
      await sleep(800);
      expect((await client.get("/tenant")).status).toBe(200);
    }
    await sleep(IDLE_SECONDS * 1000 + 800);
    const expired = await client.get("/tenant");
    expect(expired.status).toBe(401);
    expect(expired.body.details).toBe("The authentication token is not valid or has expired");
    await client.login("alice", PASSWORDS.alice);
    expect((await client.get("/tenant")).status).toBe(200);
  });

  it("a proxy token does not expire when idle; the proxy user's own login token does", async () => {
    const dave = new ViprClient(env.service.baseUrl);
    await dave.login("dave", PASSWORDS.dave);
    const proxyToken = (await dave.get("/proxytoken")).headers.get("x-sds-auth-proxy-token") ?? "";
    const proxy = new ViprClient(env.service.baseUrl);
    const stale = await proxy.login("proxyuser", PASSWORDS.proxyuser);
    await sleep(IDLE_SECONDS * 1000 + 800);
    const headers = (token: string) => ({ "x-sds-auth-token": token, "x-sds-auth-proxy-token": proxyToken });
    expect((await withHeaders(env.service.baseUrl, "/user/whoami", headers(stale))).status).toBe(401);
    const fresh = await proxy.login("proxyuser", PASSWORDS.proxyuser);
    const acting = await withHeaders(env.service.baseUrl, "/user/whoami", headers(fresh));
    expect(acting.status).toBe(200);
    expect(acting.body.name).toBe("dave");
  });
});
