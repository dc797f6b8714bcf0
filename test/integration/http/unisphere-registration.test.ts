import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { loadOrCreateCertificate } from "../../../src/infrastructure/http/tls-certificate.js";
import { expectViprError } from "../../support/http/error-assertions.js";
import { HttpTestApp } from "../../support/http/http-test-app.js";

const PASSWORD = "Sup3r-secret-unisphere";

/**
 * A `vmax` system registered with a Unisphere endpoint: its settings are shown back, but never
 * the password, in JSON or XML, in the list or the item; bad settings are refused naming them,
 * without the password; the serial number must be the array's Symmetrix id.
 */
describe("registering a vmax storage system driven through Unisphere", () => {
  let t: HttpTestApp;
  let root: string;
  let caDir: string;
  let ca: string;

  beforeAll(async () => {
    caDir = await mkdtemp(join(tmpdir(), "coprsim-ca-"));
    ca = (await loadOrCreateCertificate(caDir)).cert;
  });
  afterAll(() => rm(caDir, { recursive: true, force: true }));

  beforeEach(async () => {
    t = new HttpTestApp();
    root = await t.login();
  });
  afterEach(() => t.close());

  const register = (settings: Record<string, unknown>, serial: string | null = "000197900042") =>
    t.json("POST", "/vdc/storage-systems", root, {
      name: "pmax-rest",
      system_type: "vmax",
      ...(serial === null ? {} : { serial_number: serial }),
      settings,
    });

  const endpoint = {
    unisphere_url: "https://unisphere.example.com:8443",
    unisphere_user: "smc",
    unisphere_password: PASSWORD,
  };

  it("shows the endpoint back without the password, in every representation", async () => {
    const created = await register({ ...endpoint, unisphere_verify_tls: "false" });

    expect(created.statusCode).toBe(200);
    expect(created.json()).toMatchObject({
      name: "pmax-rest",
      serial_number: "000197900042",
      settings: {
        unisphere_url: "https://unisphere.example.com:8443",
        unisphere_user: "smc",
        unisphere_verify_tls: false,
      },
    });
    expect(created.json().settings).not.toHaveProperty("unisphere_password");
    const id = created.json().id;
    const reads = [
      created,
      await t.json("GET", `/vdc/storage-systems/${id}`, root),
      await t.xml("GET", `/vdc/storage-systems/${id}`, root),
      await t.json("GET", "/vdc/storage-systems", root),
      await t.xml("GET", "/vdc/storage-systems", root),
    ];
    for (const read of reads) {
      expect(read.statusCode).toBe(200);
      expect(read.body).not.toContain(PASSWORD);
    }
    expect(reads[2]?.body).toContain("<unisphere_user>smc</unisphere_user>");
  });

  it("takes a CA certificate in PEM, and the serial number in the controller's form", async () => {
    const created = await register({ ...endpoint, unisphere_ca_certificate: ca }, "SYMMETRIX+000197900043");
    expect(created.statusCode, created.body).toBe(200);
    expect(created.json().settings.unisphere_ca_certificate).toContain("BEGIN CERTIFICATE");
  });

  it("refuses a system without its array's Symmetrix id as serial number", async () => {
    expectViprError(await register(endpoint, null), 400, 1005, "Required parameter serial_number was missing or empty");
    expectViprError(
      await register(endpoint, "SYMMETRIX+0001979"),
      400,
      1008,
      "Invalid value SYMMETRIX+0001979 for parameter serial_number",
    );
  });

  it("refuses bad settings naming them, never showing the password", async () => {
    const refusals = [
      [{ ...endpoint, unisphere_url: "http://unisphere.example.com:8443" }, "settings.unisphere_url"],
      [{ ...endpoint, unisphere_url: `https://smc:${PASSWORD}@unisphere.example.com:8443` }, "settings.unisphere_url"],
      [{ ...endpoint, unisphere_url: "https://unisphere.example.com:8443/univmax" }, "settings.unisphere_url"],
      [{ unisphere_user: "smc", unisphere_password: PASSWORD }, "settings.unisphere_url"],
      [{ ...endpoint, unisphere_user: undefined }, "settings.unisphere_user"],
      [{ ...endpoint, unisphere_password: "   " }, "settings.unisphere_password"],
      [{ ...endpoint, unisphere_verify_tls: "maybe" }, "settings.unisphere_verify_tls"],
      [{ ...endpoint, unisphere_ca_certificate: "not a certificate" }, "settings.unisphere_ca_certificate"],
    ] as const;
    for (const [settings, parameter] of refusals) {
      const refused = await register(settings);
      expect(refused.statusCode, JSON.stringify(settings)).toBe(400);
      expect(refused.json()).toMatchObject({ code: 1008 });
      expect(refused.json().details).toContain(`for parameter ${parameter}`);
      expect(refused.body).not.toContain(PASSWORD);
    }
    expect((await t.json("GET", "/vdc/storage-systems", root)).json().storage_system).not.toContainEqual(
      expect.objectContaining({ name: "pmax-rest" }),
    );
  });
});
