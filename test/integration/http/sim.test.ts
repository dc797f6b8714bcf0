import { createHash } from "node:crypto";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { StorageSystemRecord } from "../../../src/application/ports/storage-catalog.js";
import { newUrn } from "../../../src/domain/shared/urn.js";
import { expectViprError } from "../../support/http/error-assertions.js";
import { HttpTestApp } from "../../support/http/http-test-app.js";

const MiB = 1024 ** 2;

describe("the /sim API", () => {
  let t: HttpTestApp;
  let root: string;
  let system: StorageSystemRecord;
  let volumeId: string;
  let sourceNativeId: string;

  beforeEach(async () => {
    t = new HttpTestApp();
    root = await t.login("root");
    system = { id: newUrn("StorageSystem"), name: "symm", systemType: "vmax", nativeId: "000197900042", settings: {} };
    t.simulator.locator.addSystem(system);
    const device = await t.simulator.snapvx.provisionVolume(system, {
      poolNativeId: "SRP_1",
      name: "vol1",
      capacityBytes: 8 * MiB,
      idempotencyKey: "vol1",
    });
    sourceNativeId = device.nativeId;
    volumeId = newUrn("Volume");
    t.simulator.locator.addDevice(volumeId, { system, nativeId: device.nativeId, inactive: false });
  });
  afterEach(() => t.close());

  const request = (
    method: "GET" | "PUT" | "POST" | "DELETE",
    url: string,
    options: { token?: string; body?: string | Buffer; type?: string } = {},
  ) =>
    t.app.inject({
      method,
      url,
      headers: {
        accept: "application/json",
        ...(options.token === undefined ? {} : { "x-sds-auth-token": options.token }),
        ...(options.type === undefined ? {} : { "content-type": options.type }),
      },
      ...(options.body === undefined ? {} : { payload: options.body }),
    });
  const asRoot = (method: "GET" | "PUT" | "POST" | "DELETE", url: string, body?: unknown) =>
    request(method, url, {
      token: root,
      ...(body === undefined ? {} : { body: JSON.stringify(body), type: "application/json" }),
    });
  const writeBytes = (bytes: Buffer, query = "?offset=0", token = root) =>
    request("PUT", `/sim/volumes/${volumeId}/data${query}`, { token, body: bytes, type: "application/octet-stream" });

  describe("access", () => {
    it("needs a token (401) and SYSTEM_ADMIN (403/3000), refused before a body is read", async () => {
      expect((await request("GET", "/sim/clock")).statusCode).toBe(401);
      for (const user of ["alice", "sysmonitor"]) {
        const token = await t.login(user);
        expectViprError(
          await request("GET", "/sim/clock", { token }),
          403,
          3000,
          `Insufficient permissions for user ${user}.`,
        );
        expectViprError(
          await writeBytes(Buffer.alloc(2 * MiB), "", token),
          403,
          3000,
          `Insufficient permissions for user ${user}.`,
        );
      }
    });

    it("answers 400/1002 for a malformed id, 404/2000 for an unknown one, 404/2001 for an inactive volume", async () => {
      expectViprError(await asRoot("GET", "/sim/storage-systems/nope"), 400, 1002, "Parameter nope is not a valid URI");
      const unknown = newUrn("StorageSystem");
      expectViprError(
        await asRoot("GET", `/sim/storage-systems/${unknown}`),
        404,
        2000,
        `Unable to find entity specified in URL with the given id ${unknown}`,
      );
      const inactive = newUrn("Volume");
      t.simulator.locator.addDevice(inactive, { system, nativeId: sourceNativeId, inactive: true });
      expect((await asRoot("GET", `/sim/volumes/${inactive}/digest`)).statusCode).toBe(404);
    });
  });

  describe("volume data", () => {
    it("writes raw bytes (never parsed as JSON or XML), reads them back, and digests the whole content", async () => {
      const bytes = Buffer.from('{"not":"json"}<xml/>\u0000\u00ff', "latin1");

      expect((await writeBytes(bytes, "?offset=131000")).statusCode).toBe(204);

      const read = await asRoot("GET", `/sim/volumes/${volumeId}/data?offset=131000&length=${bytes.length + 4}`);
      expect(read.statusCode).toBe(200);
      expect(read.headers["content-type"]).toBe("application/octet-stream");
      expect(read.rawPayload).toEqual(Buffer.concat([bytes, Buffer.alloc(4)]));
      const content = Buffer.alloc(8 * MiB);
      bytes.copy(content, 131000);
      const digest = await asRoot("GET", `/sim/volumes/${volumeId}/digest`);
      expect(digest.json()).toEqual({ sha256: createHash("sha256").update(content).digest("hex"), full_copy: true });
    });

    it("takes writes over the 1 MiB limit of the ViPR API", async () => {
      expect((await writeBytes(Buffer.alloc(2 * MiB, 7))).statusCode).toBe(204);
      const read = await asRoot("GET", `/sim/volumes/${volumeId}/data?offset=${2 * MiB - 1}&length=2`);
      expect([...read.rawPayload]).toEqual([7, 0]);
    });

    it("refuses a body that is not octets, a range outside the volume, and bad or missing numbers", async () => {
      const json = await request("PUT", `/sim/volumes/${volumeId}/data`, {
        token: root,
        body: "{}",
        type: "application/json",
      });
      expect(json.statusCode).toBe(400);
      expect(json.json().code).toBe(1013);
      expect((await writeBytes(Buffer.alloc(10), `?offset=${8 * MiB - 5}`)).json().code).toBe(1014);
      expect((await asRoot("GET", `/sim/volumes/${volumeId}/data?offset=0`)).json().code).toBe(1005);
      expect((await asRoot("GET", `/sim/volumes/${volumeId}/data?offset=-1&length=1`)).json().code).toBe(1008);
    });
  });

  describe("the array's own view", () => {
    it("shows devices, snapshots with generations, links with native state and percent copied", async () => {
      const snapshot = (key: string) =>
        t.simulator.snapvx.establishSnapshot(system, { sourceNativeId, name: "daily", idempotencyKey: key });
      const older = await snapshot("s1");
      await snapshot("s2");
      const target = await t.simulator.snapvx.provisionTarget(system, {
        poolNativeId: "SRP_1",
        name: "tgt",
        capacityBytes: 8 * MiB,
        sourceNativeId,
        idempotencyKey: "tgt",
      });
      await t.simulator.snapvx.linkTarget(system, {
        snapshotNativeId: older.nativeId,
        targetNativeId: target.nativeId,
        copyMode: "copy",
      });

      const view = await asRoot("GET", `/sim/storage-systems/${system.id}`);

      expect(view.statusCode).toBe(200);
      expect(view.json()).toMatchObject({
        id: system.id,
        system_type: "vmax",
        serial: system.nativeId,
        devices: [
          { native_id: sourceNativeId, type: "TDEV", tracks: 64, content: "complete" },
          { native_id: target.nativeId, type: "TDEV" },
        ],
        snapshots: [
          { name: "daily", generation: 1, state: "Established", linked_targets: 1 },
          { name: "daily", generation: 0, state: "Established", linked_targets: 0 },
        ],
        links: [
          { target: target.nativeId, copy_mode: "copy", native_state: "Copied", defined: true, percent_copied: 100 },
        ],
        jobs: [],
        faults: [],
        stalls: [],
      });
    });
  });

  describe("faults", () => {
    it("plans errors, latencies and stalls that the array meets, lists them, and clears them", async () => {
      const faults = `/sim/storage-systems/${system.id}/faults`;
      await asRoot("POST", faults, { operation: "provision", count: 2, message: "Injected", retryable: true });
      await asRoot("POST", faults, { operation: "status", latency_ms: 10 });
      const planned = await asRoot("POST", faults, { stall: "copy" });

      expect(planned.json()).toMatchObject({
        faults: [
          { operation: "provision", count: 2, remaining: 2, message: "Injected", retryable: true },
          { operation: "status", count: null, remaining: null, latency_ms: 10 },
        ],
        stalls: [{ job: "copy" }],
      });
      const provision = () =>
        t.simulator.snapvx.provisionVolume(system, {
          poolNativeId: "SRP_1",
          name: "v",
          capacityBytes: MiB,
          idempotencyKey: "v",
        });
      await expect(provision()).rejects.toMatchObject({ message: "Injected", retryable: true });

      expect((await asRoot("DELETE", faults)).statusCode).toBe(204);
      await provision();
      expect((await asRoot("GET", `/sim/storage-systems/${system.id}`)).json()).toMatchObject({
        faults: [],
        stalls: [],
      });
    });

    it("refuses an unknown operation (1008), an unknown field (1013), an error without a message (1005)", async () => {
      const faults = `/sim/storage-systems/${system.id}/faults`;
      expect((await asRoot("POST", faults, { operation: "explode", count: 1, message: "x" })).json().code).toBe(1008);
      expect((await asRoot("POST", faults, { operation: "link", colour: "red" })).json().code).toBe(1013);
      expect((await asRoot("POST", faults, { operation: "link", count: 1 })).json().code).toBe(1005);
    });
  });

  describe("the clock", () => {
    it("takes a named profile (speed 1) or a speed for the current profile, shared by every process", async () => {
      expect((await asRoot("GET", "/sim/clock")).json()).toEqual({ profile: "instant", speed: 1, shared: false });
      expect((await asRoot("PUT", "/sim/clock", { profile: "fast" })).json()).toEqual({
        profile: "fast",
        speed: 1,
        shared: true,
      });
      expect((await asRoot("PUT", "/sim/clock", { speed: 2.5 })).json()).toEqual({
        profile: "fast",
        speed: 2.5,
        shared: true,
      });
      expect(
        t.simulator.clock.timingOf(await t.simulator.store.transaction("x", (tx) => tx.clockSetting())),
      ).toMatchObject({
        profile: "fast",
        speed: 2.5,
      });
      expect((await asRoot("PUT", "/sim/clock", { profile: "slow" })).json().code).toBe(1008);
      expect((await asRoot("PUT", "/sim/clock", {})).json().code).toBe(1005);
    });
  });
});
