import { mkdtemp, rm } from "node:fs/promises";
import type { IncomingMessage, ServerResponse } from "node:http";
import { createServer, type Server } from "node:https";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { DataSource } from "typeorm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ArrayOperationError } from "../../../src/application/ports/array-operation-error.js";
import type { StorageSystemRecord } from "../../../src/application/ports/storage-catalog.js";
import { SimulationClock } from "../../../src/drivers/simulation/simulation-clock.js";
import { SnapVxDriver } from "../../../src/drivers/snapvx/snapvx.driver.js";
import {
  DEFAULT_CLIENT_OPTIONS,
  UnisphereArrayClient,
  type UnisphereClientOptions,
} from "../../../src/drivers/snapvx/unisphere/unisphere-array-client.js";
import { storageGroupName } from "../../../src/drivers/snapvx/unisphere/unisphere-devices.js";
import type { UnisphereEndpoint } from "../../../src/drivers/snapvx/unisphere/unisphere-http.js";
import { loadOrCreateCertificate, type TlsCertificate } from "../../../src/infrastructure/http/tls-certificate.js";
import { connect, openSimSchema, type SimSchema } from "../../contract/support/postgres-state-store.js";
import {
  SURFACE_ADMIN,
  startTestUnisphereSurface,
  type TestUnisphereSurface,
  unisphereRequest,
} from "../../support/unisphere/test-unisphere-surface.js";

const SERIAL = "000197900300";
const MiB = 1024 ** 2;
const system: StorageSystemRecord = {
  id: "urn:storageos:StorageSystem:client:vdc1",
  name: "pmax",
  systemType: "vmax",
  nativeId: SERIAL,
  settings: {},
};
const QUICK: UnisphereClientOptions = {
  ...DEFAULT_CLIENT_OPTIONS,
  http: { requestTimeoutMs: 5_000, attempts: 3, retryDelayMs: 10 },
  jobPollIntervalMs: 10,
  maxJobPollIntervalMs: 40,
};

type Answer = { status: number; body?: unknown } | "drop";
type Script = Record<string, (request: IncomingMessage, body: string) => Answer>;

/** A Unisphere that answers what the test scripts, over HTTPS with a certificate of its own; it records the requests. */
async function aScriptedUnisphere(tls: TlsCertificate, script: Script) {
  const requests: string[] = [];
  const server: Server = createServer({ key: tls.key, cert: tls.cert }, (request, response: ServerResponse) => {
    let body = "";
    request.on("data", (chunk) => (body += chunk));
    request.on("end", () => {
      const key = `${request.method} ${request.url?.replace("/univmax/restapi", "")}`;
      requests.push(key);
      const answer = script[key]?.(request, body) ?? { status: 404, body: { message: `no ${key}` } };
      if (answer === "drop") return request.socket.destroy();
      response.writeHead(answer.status, { "content-type": "application/json" });
      response.end(answer.body === undefined ? "" : JSON.stringify(answer.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `https://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The answers of a Unisphere 10.1 in front of a 5978.711 array, for discovery. */
function discovery(version = "V10.1.0.0", api = "100"): Script {
  return {
    "GET /version": () => ({ status: 200, body: { version } }),
    [`GET /${api}/system/symmetrix/${SERIAL}`]: () => ({
      status: 200,
      body: { symmetrixId: SERIAL, model: "PowerMax_2000", ucode: "5978.711.711" },
    }),
    [`GET /${api}/replication/capabilities/symmetrix`]: () => ({
      status: 200,
      body: { symmetrixCapability: [{ symmetrixId: SERIAL, snapVxCapable: true, rdfCapable: false }] },
    }),
  };
}

const volume = (deviceId: string) => ({
  status: 200,
  body: {
    volumeId: deviceId,
    wwn: "60000970000197900300533031323334",
    cap_mb: 1024,
    cap_cyl: 547,
    volume_identifier: "v",
  },
});

const job = (status: string, extra: Record<string, unknown> = {}) => ({
  jobId: "7",
  name: "Create Storage Group",
  status,
  result: status === "FAILED" ? "The requested storage group resource already exists" : "",
  task: [],
  ...extra,
});

describe("the Unisphere client", () => {
  let dir: string;
  let tls: TlsCertificate;
  let dataSource: DataSource;
  let sim: SimSchema;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "coprsim-unisphere-client-"));
    tls = await loadOrCreateCertificate(dir);
    dataSource = await connect();
    sim = await openSimSchema();
  });

  afterAll(async () => {
    await sim?.drop();
    await dataSource?.destroy();
    await rm(dir, { recursive: true, force: true });
  });

  const endpoint = (url: string, overrides: Partial<UnisphereEndpoint> = {}): UnisphereEndpoint => ({
    url,
    user: "smc",
    password: "smc-password",
    verifyTls: true,
    caCertificate: tls.cert,
    ...overrides,
  });
  const createDevice = (client: UnisphereArrayClient) =>
    client.createDevice(system, { srpId: "SRP_1", identifier: "v", capacityBytes: 1024 * MiB, idempotencyKey: "k1" });

  it("waits for a job through RUNNING, and uses API 100 with Unisphere 10.1", async () => {
    let polls = 0;
    const unisphere = await aScriptedUnisphere(tls, {
      ...discovery(),
      [`POST /100/sloprovisioning/symmetrix/${SERIAL}/storagegroup`]: (_request, body) => {
        expect(JSON.parse(body)).toMatchObject({ executionOption: "ASYNCHRONOUS", srpId: "SRP_1" });
        return { status: 202, body: job("SCHEDULED") };
      },
      "GET /100/system/job/7": () => {
        polls += 1;
        return polls < 3
          ? { status: 200, body: job("RUNNING") }
          : {
              status: 200,
              body: job("SUCCEEDED", { task: [{ execution_order: 1, description: "Creating new Volumes : [0ABCD]" }] }),
            };
      },
      [`GET /100/sloprovisioning/symmetrix/${SERIAL}/volume/0ABCD`]: () => volume("0ABCD"),
    });
    try {
      const device = await createDevice(new UnisphereArrayClient(endpoint(unisphere.url), QUICK));
      expect(device).toMatchObject({ deviceId: "0ABCD", capacityBytes: 1024 * MiB, cylinders: 547 });
      expect(polls).toBe(3);
    } finally {
      await unisphere.close();
    }
  });

  it("gives up on a job still running at its deadline, as an error to retry later", async () => {
    const unisphere = await aScriptedUnisphere(tls, {
      ...discovery(),
      [`POST /100/sloprovisioning/symmetrix/${SERIAL}/storagegroup`]: () => ({ status: 202, body: job("RUNNING") }),
      "GET /100/system/job/7": () => ({ status: 200, body: job("RUNNING") }),
    });
    try {
      const client = new UnisphereArrayClient(endpoint(unisphere.url), { ...QUICK, jobTimeoutMs: 300 });
      const error = await createDevice(client).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ArrayOperationError);
      expect(error).toMatchObject({
        retryable: true,
        message: expect.stringMatching(/Job 7 .* did not finish within 0.3 s/),
      });
      const polls = unisphere.requests.filter((r) => r === "GET /100/system/job/7").length;
      expect(polls).toBeGreaterThan(2);
      expect(polls).toBeLessThan(15);
    } finally {
      await unisphere.close();
    }
  });

  it("uses API 92 with Unisphere 9.2 and refuses Unisphere 11", async () => {
    const ninetwo = await aScriptedUnisphere(tls, {
      ...discovery("V9.2.1.4", "92"),
      [`GET /92/sloprovisioning/symmetrix/${SERIAL}/volume/00ABC`]: () => volume("00ABC"),
    });
    const eleven = await aScriptedUnisphere(tls, {
      "GET /version": () => ({ status: 200, body: { version: "V11.0.0.0" } }),
    });
    try {
      expect(await new UnisphereArrayClient(endpoint(ninetwo.url), QUICK).device(system, "00ABC")).toMatchObject({
        deviceId: "00ABC",
      });
      const refused = await new UnisphereArrayClient(endpoint(eleven.url), QUICK)
        .device(system, "00ABC")
        .catch((e) => e);
      expect(refused).toMatchObject({ retryable: false, message: expect.stringContaining("is version V11.0.0.0") });
    } finally {
      await ninetwo.close();
      await eleven.close();
    }
  });

  it("sends a read again when it got no answer, never a change; an unreachable Unisphere is an error to retry", async () => {
    let versionReads = 0;
    const unisphere = await aScriptedUnisphere(tls, {
      ...discovery(),
      "GET /version": () => {
        versionReads += 1;
        return versionReads === 1 ? "drop" : { status: 200, body: { version: "V10.1.0.0" } };
      },
      [`PUT /private/100/replication/symmetrix/${SERIAL}/snapshot/s`]: () => "drop",
    });
    try {
      const client = new UnisphereArrayClient(endpoint(unisphere.url), QUICK);
      const ref = { sourceDeviceId: "00001", snapshotName: "s", snapId: 5 };
      const error = await client.link(system, ref, { targetDeviceId: "00002", copy: false }).catch((e) => e);
      expect(versionReads).toBe(2);
      expect(error).toMatchObject({ retryable: true, message: expect.stringContaining("did not answer PUT") });
      expect(unisphere.requests.filter((r) => r.startsWith("PUT"))).toHaveLength(1);
    } finally {
      await unisphere.close();
    }
    const gone = await new UnisphereArrayClient(endpoint(unisphere.url), QUICK).device(system, "00001").catch((e) => e);
    expect(gone).toMatchObject({ retryable: true, message: expect.stringContaining("ECONNREFUSED") });
  });

  it("checks the certificate unless told not to, and says when the credentials are refused", async () => {
    const unisphere = await aScriptedUnisphere(tls, {
      ...discovery(),
      [`GET /100/sloprovisioning/symmetrix/${SERIAL}/volume/00001`]: () => volume("00001"),
    });
    const refusing = await aScriptedUnisphere(tls, {
      "GET /version": () => ({ status: 401, body: { message: "Unauthorized" } }),
    });
    try {
      const untrusted = await new UnisphereArrayClient(endpoint(unisphere.url, { caCertificate: null }), QUICK)
        .device(system, "00001")
        .catch((e) => e);
      expect(untrusted).toMatchObject({ retryable: false, message: expect.stringContaining("is not trusted") });
      const unchecked = new UnisphereArrayClient(
        endpoint(unisphere.url, { caCertificate: null, verifyTls: false }),
        QUICK,
      );
      expect(await unchecked.device(system, "00001")).toMatchObject({ deviceId: "00001" });

      const refused = await new UnisphereArrayClient(endpoint(refusing.url), QUICK)
        .device(system, "00001")
        .catch((e) => e);
      expect(refused).toMatchObject({ retryable: false, message: expect.stringContaining("refused the credentials") });
      expect(refused.message).not.toContain("smc-password");
    } finally {
      await unisphere.close();
      await refusing.close();
    }
  });

  describe("against the surface of a Unisphere 9.2 with an array on microcode 5978.221 (generations, no snap ids)", () => {
    let surface: TestUnisphereSurface;

    beforeAll(async () => {
      surface = await startTestUnisphereSurface(dataSource, {
        identity: { version: "V9.2.1.0", apiVersions: ["92", "91"], model: "VMAX250F", microcode: "5978.221.221" },
      });
      surface.arrays.add(system, sim.store, new SimulationClock({ profile: "instant" }));
    });
    afterAll(() => surface?.close());

    it("finishes a device whose storage group an interrupted first attempt left empty", async () => {
      const group = storageGroupName("half", "half-key");
      const made = await unisphereRequest(surface, "POST", `/92/sloprovisioning/symmetrix/${SERIAL}/storagegroup`, {
        body: { srpId: "SRP_1", storageGroupId: group },
      });
      expect(made.status).toBe(201);
      const client = new UnisphereArrayClient(
        endpoint(surface.url, {
          caCertificate: surface.certificate,
          user: SURFACE_ADMIN.name,
          password: SURFACE_ADMIN.password,
        }),
        QUICK,
      );

      const device = await client.createDevice(system, {
        srpId: "SRP_1",
        identifier: "half",
        capacityBytes: 64 * MiB,
        idempotencyKey: "half-key",
      });

      const members = await unisphereRequest(
        surface,
        "GET",
        `/92/sloprovisioning/symmetrix/${SERIAL}/volume?storageGroupId=${group}`,
      );
      expect(members.body.resultList.result).toEqual([{ volumeId: device.deviceId }]);
      expect(device).toMatchObject({ identifier: "half", capacityBytes: 64 * MiB });
    });

    it("establishes, links, relinks, unlinks, restores and terminates by generation, a snapshot known by its creation time", async () => {
      const driver = new SnapVxDriver(
        new UnisphereArrayClient(
          endpoint(surface.url, {
            caCertificate: surface.certificate,
            user: SURFACE_ADMIN.name,
            password: SURFACE_ADMIN.password,
          }),
          QUICK,
        ),
      );
      const request = { poolNativeId: "SRP_1", capacityBytes: 64 * MiB };
      const source = await driver.provisionVolume(system, { ...request, name: "src", idempotencyKey: "src" });
      const target = await driver.provisionVolume(system, { ...request, name: "tgt", idempotencyKey: "tgt" });
      const first = await driver.establishSnapshot(system, {
        sourceNativeId: source.nativeId,
        name: "a",
        idempotencyKey: "a",
      });
      const second = await driver.establishSnapshot(system, {
        sourceNativeId: source.nativeId,
        name: "b",
        idempotencyKey: "b",
      });
      const snapId = Number(first.nativeId.split(":")[2]);
      expect(snapId).toBeGreaterThan(Date.UTC(2024, 0, 1));
      expect(
        await driver.establishSnapshot(system, { sourceNativeId: source.nativeId, name: "a", idempotencyKey: "a" }),
      ).toEqual(first);

      const link = { snapshotNativeId: first.nativeId, targetNativeId: target.nativeId };
      expect(await driver.linkTarget(system, { ...link, copyMode: "nocopy" })).toMatchObject({
        state: "linked",
        defined: true,
      });
      const moved = await driver.relinkTarget(system, {
        fromSnapshotNativeId: first.nativeId,
        toSnapshotNativeId: second.nativeId,
        targetNativeId: target.nativeId,
      });
      expect(moved).toMatchObject({ state: "linked" });
      await driver.unlinkTarget(system, { snapshotNativeId: second.nativeId, targetNativeId: target.nativeId });
      expect(await driver.restoreSnapshot(system, first.nativeId)).toMatchObject({ state: "restored" });
      await driver.finishRestore(system, first.nativeId);
      await driver.terminateSnapshot(system, first.nativeId);
      await driver.terminateSnapshot(system, second.nativeId);
      await driver.deleteVolume(system, target.nativeId);

      const view = await (await surface.arrays.array(SERIAL))?.simulator.view(system);
      expect(view?.snapshots).toEqual([]);
      const devices = view?.devices.map((d) => d.nativeId);
      expect(devices).toContain(source.nativeId);
      expect(devices).not.toContain(target.nativeId);
    });

    it("restores a source from its linked target by generation: the restore snapshot of the target, found again by its name", async () => {
      const driver = new SnapVxDriver(
        new UnisphereArrayClient(
          endpoint(surface.url, {
            caCertificate: surface.certificate,
            user: SURFACE_ADMIN.name,
            password: SURFACE_ADMIN.password,
          }),
          QUICK,
        ),
      );
      const request = { poolNativeId: "SRP_1", capacityBytes: 64 * MiB };
      const source = await driver.provisionVolume(system, { ...request, name: "rsrc", idempotencyKey: "rsrc" });
      const target = await driver.provisionVolume(system, { ...request, name: "rtgt", idempotencyKey: "rtgt" });
      const snapshot = await driver.establishSnapshot(system, {
        sourceNativeId: source.nativeId,
        name: "r",
        idempotencyKey: "r",
      });
      const ref = { snapshotNativeId: snapshot.nativeId, targetNativeId: target.nativeId };
      await driver.linkTarget(system, { ...ref, copyMode: "nocopy" });
      const snapshotsOfTarget = async () =>
        (
          await unisphereRequest(
            surface,
            "GET",
            `/private/92/replication/symmetrix/${SERIAL}/volume/${target.nativeId}/snapshot`,
          )
        ).body.snapshotSrcs;

      expect(await driver.restoreFromTarget(system, ref)).toEqual({
        state: "restored",
        nativeState: "Copied",
        percentRestored: 100,
      });
      expect(await driver.restoreFromTarget(system, ref)).toMatchObject({ state: "restored" });
      expect(await snapshotsOfTarget()).toMatchObject([
        {
          snapshotName: `csim_restore_${source.nativeId}`,
          generation: 0,
          linkedDevices: [{ targetDevice: source.nativeId, copy: true }],
        },
      ]);
      await driver.finishRestoreFromTarget(system, ref);
      await driver.finishRestoreFromTarget(system, ref);

      expect(await snapshotsOfTarget()).toEqual([]);
      await driver.unlinkTarget(system, ref);
      await driver.terminateSnapshot(system, snapshot.nativeId);
      await driver.deleteVolume(system, target.nativeId);
    });
  });
});
