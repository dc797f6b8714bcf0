import { X509Certificate } from "node:crypto";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { request as httpRequest, type IncomingMessage } from "node:http";
import { request as httpsRequest } from "node:https";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TLSSocket } from "node:tls";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AuthStore } from "../../../src/infrastructure/http/auth/auth-store.js";
import { startHttpServers } from "../../../src/infrastructure/http/http-server.js";
import { loadOrCreateCertificate } from "../../../src/infrastructure/http/tls-certificate.js";
import { HttpTestApp } from "../../support/http/http-test-app.js";

function get(
  protocol: "http" | "https",
  port: number,
  path: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: Record<string, unknown>; body: string; certificate?: X509Certificate }> {
  return new Promise((resolve, reject) => {
    const options = { host: "127.0.0.1", port, path, headers, rejectUnauthorized: false, agent: false };
    const callback = (response: IncomingMessage) => {
      const peer = protocol === "https" ? (response.socket as TLSSocket).getPeerX509Certificate() : undefined;
      let body = "";
      response.setEncoding("utf8");
      response.on("data", (chunk: string) => {
        body += chunk;
      });
      response.on("end", () => {
        resolve({ status: response.statusCode ?? 0, headers: response.headers, body, certificate: peer });
      });
    };
    const req = protocol === "https" ? httpsRequest(options, callback) : httpRequest(options, callback);
    req.on("error", reject);
    req.end();
  });
}

describe("the HTTP and HTTPS servers", () => {
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "coprsim-tls-"));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("make a self-signed certificate at first start and reuse it afterwards", async () => {
    const first = await loadOrCreateCertificate(join(dir, "certs"));
    const second = await loadOrCreateCertificate(join(dir, "certs"));
    expect(second).toEqual(first);
    expect(await readFile(join(dir, "certs", "cert.pem"), "utf8")).toBe(first.cert);
    const certificate = new X509Certificate(first.cert);
    expect(certificate.subject).toContain("CN=localhost");
    expect(certificate.checkHost("localhost")).toBe("localhost");
  });

  it("serve the same API on both ports, and stop when closed", async () => {
    const t = new HttpTestApp();
    const tls = await loadOrCreateCertificate(join(dir, "certs"));
    const servers = await startHttpServers(t.deps, { httpPort: 0, httpsPort: 0, host: "127.0.0.1", tls });
    try {
      const token = await t.login();
      for (const [protocol, port] of [
        ["http", servers.httpPort],
        ["https", servers.httpsPort],
      ] as const) {
        const anonymous = await get(protocol, port, "/tenant", { accept: "application/json" });
        expect(anonymous.status, protocol).toBe(401);
        const tenant = await get(protocol, port, "/tenant", { "x-sds-auth-token": token, accept: "application/json" });
        expect(tenant.status, protocol).toBe(200);
        expect(JSON.parse(tenant.body).id).toBe(t.providerTenantId);
      }
      const secure = await get("https", servers.httpsPort, "/login", { accept: "application/json" });
      expect(secure.certificate?.fingerprint256).toBe(new X509Certificate(tls.cert).fingerprint256);
    } finally {
      await servers.close();
      await t.close();
    }
    await expect(get("http", servers.httpPort, "/tenant")).rejects.toThrow(/ECONNREFUSED/);
    await expect(get("https", servers.httpsPort, "/tenant")).rejects.toThrow(/ECONNREFUSED/);
  });

  it("finish the requests in flight when closed, while refusing new connections", async () => {
    const t = new HttpTestApp();
    const tls = await loadOrCreateCertificate(join(dir, "certs"));
    let arrived!: () => void;
    let release!: () => void;
    const requestArrived = new Promise<void>((resolve) => {
      arrived = resolve;
    });
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const slowAuth: AuthStore = {
      findUser: (name) => t.auth.findUser(name),
      verifyPassword: (user, password) => t.auth.verifyPassword(user, password),
      issueToken: (userName, ttl) => t.auth.issueToken(userName, ttl),
      revokeToken: (token) => t.auth.revokeToken(token),
      issueProxyToken: (userName) => t.auth.issueProxyToken(userName),
      userOfProxyToken: (token) => t.auth.userOfProxyToken(token),
      revokeProxyTokens: (userName) => t.auth.revokeProxyTokens(userName),
      resolveToken: (token, ttl) => t.auth.resolveToken(token, ttl),
      userOfToken: async (token, ttl) => {
        arrived();
        await gate;
        return t.auth.userOfToken(token, ttl);
      },
    };
    const servers = await startHttpServers(
      { ...t.deps, auth: slowAuth },
      { httpPort: 0, httpsPort: 0, host: "127.0.0.1", tls },
    );
    const token = await t.login();

    const inFlight = get("http", servers.httpPort, "/tenant", {
      "x-sds-auth-token": token,
      accept: "application/json",
    });
    await requestArrived;
    let closed = false;
    const closing = servers.close().then(() => {
      closed = true;
    });
    await expect(get("http", servers.httpPort, "/tenant")).rejects.toThrow(/ECONNREFUSED/);
    expect(closed).toBe(false);

    release();
    const answered = await inFlight;
    expect(answered.status).toBe(200);
    expect(JSON.parse(answered.body).id).toBe(t.providerTenantId);
    await closing;
    expect(closed).toBe(true);
    await t.close();
  });
});
