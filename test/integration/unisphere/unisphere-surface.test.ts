import type { DataSource } from "typeorm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { StorageSystemRecord } from "../../../src/application/ports/storage-catalog.js";
import { SimulationClock } from "../../../src/drivers/simulation/simulation-clock.js";
import { SYMMETRIX_MESSAGES } from "../../../src/drivers/snapvx/snapvx-array-client.js";
import { ManualTime } from "../../contract/support/contract-array.js";
import { connect, openSimSchema, type SimSchema } from "../../contract/support/postgres-state-store.js";
import {
  SURFACE_ADMIN,
  SURFACE_MONITOR,
  startTestUnisphereSurface,
  type TestUnisphereSurface,
  unisphereRequest,
} from "../../support/unisphere/test-unisphere-surface.js";

const SERIAL = "000197900200";
const PROV = `/100/sloprovisioning/symmetrix/${SERIAL}`;
const REPL = `/100/replication/symmetrix/${SERIAL}`;
const PRIVATE = `/private/100/replication/symmetrix/${SERIAL}`;

/** The Unisphere surface over HTTPS, request by request: statuses, shapes, jobs, refusals and faults. */
describe("the Unisphere surface", () => {
  let dataSource: DataSource;
  let sim: SimSchema;
  let surface: TestUnisphereSurface;
  const time = new ManualTime();
  const system: StorageSystemRecord = {
    id: "urn:storageos:StorageSystem:surface:vdc1",
    name: "pmax",
    systemType: "vmax",
    nativeId: `SYMMETRIX+${SERIAL}`,
    settings: {},
  };

  beforeAll(async () => {
    dataSource = await connect();
    sim = await openSimSchema();
    surface = await startTestUnisphereSurface(dataSource);
    surface.arrays.add(system, sim.store, new SimulationClock({ profile: "fast", now: time.now }));
  });

  afterAll(async () => {
    await surface?.close();
    await sim?.drop();
    await dataSource?.destroy();
  });

  const call = (method: string, path: string, body?: unknown) => unisphereRequest(surface, method, path, { body });

  /** A group of `count` volumes of `mb` MB each; their device ids. */
  async function aGroup(name: string, count = 1, mb = 1024): Promise<string[]> {
    const created = await call("POST", `${PROV}/storagegroup`, {
      srpId: "SRP_1",
      storageGroupId: name,
      sloBasedStorageGroupParam: [
        {
          sloId: "Diamond",
          volumeAttributes: [
            {
              volume_size: String(mb),
              capacityUnit: "MB",
              num_of_vols: count,
              volumeIdentifier: { identifier_name: name, volumeIdentifierChoice: "identifier_name" },
            },
          ],
        },
      ],
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    return (await call("GET", `${PROV}/volume?storageGroupId=${name}`)).body.resultList.result.map(
      (v: { volumeId: string }) => v.volumeId,
    );
  }

  it("answers only the service's users: without or with wrong credentials 401, a monitor may read but not change", async () => {
    const anonymous = await unisphereRequest(surface, "GET", "/version", { user: null });
    const wrong = await unisphereRequest(surface, "GET", "/version", {
      user: { name: SURFACE_ADMIN.name, password: "wrong" },
    });
    expect([anonymous, wrong]).toEqual([
      { status: 401, body: { message: "Unauthorized" } },
      { status: 401, body: { message: "Unauthorized" } },
    ]);
    const monitor = { user: SURFACE_MONITOR };
    expect((await unisphereRequest(surface, "GET", `${PROV}/storagegroup`, monitor)).status).toBe(200);
    const change = await unisphereRequest(surface, "POST", `${PROV}/storagegroup`, {
      ...monitor,
      body: { srpId: "SRP_1", storageGroupId: "monitored" },
    });
    expect(change).toEqual({
      status: 403,
      body: { message: `User ${SURFACE_MONITOR.name} is not authorized to change the array` },
    });
  });

  it("says what it is: Unisphere 10.3, its arrays with their microcode, SnapVX; refuses an unknown array or API version", async () => {
    expect((await call("GET", "/version")).body).toEqual({
      version: "V10.3.0.0",
      api_version: "103",
      supported_api_versions: ["103", "102", "101", "100", "92"],
    });
    expect((await call("GET", "/92/system/symmetrix")).body).toEqual({ symmetrixId: [SERIAL] });
    expect((await call("GET", `/103/system/symmetrix/${SERIAL}`)).body).toMatchObject({
      symmetrixId: SERIAL,
      model: "PowerMax_8000",
      ucode: "5978.711.711",
    });
    expect((await call("GET", "/100/replication/capabilities/symmetrix")).body).toEqual({
      symmetrixCapability: [{ symmetrixId: SERIAL, snapVxCapable: true, rdfCapable: false }],
    });
    expect(await call("GET", "/100/system/symmetrix/000000000001")).toEqual({
      status: 404,
      body: { message: "Symmetrix 000000000001 was not found" },
    });
    expect((await call("GET", `/91/sloprovisioning/symmetrix/${SERIAL}/storagegroup`)).status).toBe(404);
    expect((await call("GET", "/100/no/such/thing")).status).toBe(404);
  });

  it("provisions in storage groups; an asynchronous request answers a job that names the new devices", async () => {
    const [first] = await aGroup("sg_sync", 1, 2048);
    expect((await call("GET", `${PROV}/volume/${first}`)).body).toMatchObject({
      volumeId: first,
      type: "TDEV",
      cap_mb: 2048,
      cap_gb: 2,
      cap_cyl: 1093,
      volume_identifier: "sg_sync",
      storageGroupId: ["sg_sync"],
      snapvx_source: false,
      snapvx_target: false,
    });

    const job = await call("PUT", `${PROV}/storagegroup/sg_sync`, {
      executionOption: "ASYNCHRONOUS",
      editStorageGroupActionParam: {
        expandStorageGroupParam: {
          addVolumeParam: { volumeAttributes: [{ volume_size: "1", capacityUnit: "GB", num_of_vols: 2 }] },
        },
      },
    });
    expect(job.status).toBe(202);
    expect(job.body).toMatchObject({ status: "SUCCEEDED", symmetrixId: SERIAL, username: SURFACE_ADMIN.name });
    const created = job.body.task
      .filter((t: { description: string }) => t.description.startsWith("Creating new Volumes"))
      .map((t: { description: string }) => /\[(\w+)\]$/.exec(t.description)?.[1]);
    expect(created).toHaveLength(2);
    expect((await call("GET", `/100/system/job/${job.body.jobId}`)).body).toEqual(job.body);
    expect((await call("GET", `/100/system/symmetrix/${SERIAL}/job/${job.body.jobId}`)).body).toEqual(job.body);
    expect((await call("GET", "/100/system/job/999999999")).status).toBe(404);

    const group = await call("GET", `${PROV}/storagegroup/sg_sync`);
    expect(group.body).toMatchObject({
      storageGroupId: "sg_sync",
      num_of_vols: 3,
      slo: "Diamond",
      srp: "SRP_1",
      cap_gb: 4,
    });
    const list = await call("GET", `${PROV}/volume?storageGroupId=sg_sync`);
    expect(list.body).toMatchObject({ count: 3, maxPageSize: 1000, resultList: { from: 1, to: 3 } });
    const page = await call("GET", `/common/Iterator/${list.body.id}/page?from=2&to=3`);
    expect(page.body).toEqual({ result: list.body.resultList.result.slice(1), from: 2, to: 3 });
    expect((await call("GET", `${PROV}/volume?volume_identifier=sg_sync`)).body.resultList.result).toEqual([
      { volumeId: first },
    ]);

    expect(await call("POST", `${PROV}/storagegroup`, { srpId: "SRP_1", storageGroupId: "sg_sync" })).toEqual({
      status: 409,
      body: { message: "The requested storage group resource already exists" },
    });
    expect((await call("DELETE", `${PROV}/storagegroup/sg_sync`)).status).toBe(400);
    expect((await call("DELETE", `${PROV}/volume/${first}`)).body.message).toBe(
      `Device ${first} cannot be deleted because it is in storage group(s) sg_sync`,
    );
    const removed = await call("PUT", `${PROV}/storagegroup/sg_sync`, {
      editStorageGroupActionParam: { removeVolumeParam: { volumeId: [first] } },
    });
    expect(removed.body).toMatchObject({ num_of_vols: 2 });
    expect((await call("DELETE", `${PROV}/volume/${first}`)).status).toBe(204);
    expect(await call("GET", `${PROV}/volume/${first}`)).toEqual({
      status: 404,
      body: { message: SYMMETRIX_MESSAGES.deviceNotFound(first ?? "") },
    });
  });

  it("runs SnapVX on devices: snapshots with snap ids, a copy link's progress on both sides, the array's refusals", async () => {
    const [source] = await aGroup("dev_src");
    const [target] = await aGroup("dev_tgt");
    const create = await call("POST", `${PRIVATE}/snapshot/daily`, { deviceNameListSource: [{ name: source }] });
    expect(create.status).toBe(201);
    const named = (await call("GET", `${PRIVATE}/volume/${source}/snapshot/daily`)).body;
    expect(named.snapshotSrc).toHaveLength(1);
    const snapId = named.snapshotSrc[0].snap_id;
    expect(named.snapshotSrc[0]).toMatchObject({ snapshotName: "daily", generation: 0, state: "Established" });

    const link = {
      deviceNameListSource: [{ name: source }],
      deviceNameListTarget: [{ name: target }],
      action: "Link",
      copy: "true",
      snap_id: snapId,
    };
    expect((await call("PUT", `${PRIVATE}/snapshot/daily`, link)).status).toBe(200);
    time.advance(2_500);
    const ofSource = (await call("GET", `${PRIVATE}/volume/${source}/snapshot`)).body;
    expect(ofSource.snapshotSrcs[0].linkedDevices).toEqual([
      expect.objectContaining({ targetDevice: target, state: "CopyInProg", copy: true, percentageCopied: 50 }),
    ]);
    const ofTarget = (await call("GET", `${PRIVATE}/volume/${target}/snapshot`)).body;
    expect(ofTarget).toMatchObject({
      snapshotSrcs: [],
      snapshotLnks: [
        { targetDevice: target, linkSourceName: source, snapshot_name: "daily", snap_id: snapId, percentageCopied: 50 },
      ],
    });
    expect((await call("GET", `${PROV}/volume/${target}`)).body).toMatchObject({ snapvx_target: true });

    expect(await call("PUT", `${PRIVATE}/snapshot/daily`, link)).toEqual({
      status: 400,
      body: { message: SYMMETRIX_MESSAGES.alreadyInDesiredState },
    });
    expect(await call("PUT", `${PRIVATE}/snapshot/daily`, { ...link, action: "Unlink", copy: "false" })).toEqual({
      status: 400,
      body: { message: SYMMETRIX_MESSAGES.unlinkNeedsForce },
    });
    expect(
      await call("DELETE", `${PRIVATE}/snapshot/daily`, { deviceNameListSource: [{ name: source }], snap_id: snapId }),
    ).toEqual({
      status: 400,
      body: { message: SYMMETRIX_MESSAGES.snapshotHasLinks },
    });
    time.advance(3_000);
    expect((await call("PUT", `${PRIVATE}/snapshot/daily`, { ...link, action: "Unlink" })).status).toBe(200);
    const ended = await call("DELETE", `${PRIVATE}/snapshot/daily`, {
      deviceNameListSource: [{ name: source }],
      snap_id: snapId,
      executionOption: "ASYNCHRONOUS",
    });
    expect(ended.body).toMatchObject({ status: "SUCCEEDED" });
    expect((await call("GET", `${PRIVATE}/volume/${source}/snapshot/daily`)).status).toBe(404);
  });

  it("restores a source from its linked target as the real controller does, request by request; its link and unlink meet `restore` faults", async () => {
    const [source] = await aGroup("rft_src");
    const [target] = await aGroup("rft_tgt");
    await call("POST", `${PRIVATE}/snapshot/daily`, { deviceNameListSource: [{ name: source }] });
    const daily = (await call("GET", `${PRIVATE}/volume/${source}/snapshot/daily`)).body.snapshotSrc[0].snap_id;
    const pair = (from: string | undefined, to: string | undefined) => ({
      deviceNameListSource: [{ name: from }],
      deviceNameListTarget: [{ name: to }],
    });
    await call("PUT", `${PRIVATE}/snapshot/daily`, {
      ...pair(source, target),
      action: "Link",
      copy: "false",
      snap_id: daily,
    });
    time.advance(1_000);

    // A snapshot of the linked target, and the source linked to it in copy mode.
    expect((await call("POST", `${PRIVATE}/snapshot/rft`, { deviceNameListSource: [{ name: target }] })).status).toBe(
      201,
    );
    const rft = (await call("GET", `${PRIVATE}/volume/${target}/snapshot/rft`)).body.snapshotSrc[0].snap_id;
    const array = await surface.arrays.array(SERIAL);
    await array?.faults.inject(system.nativeId, {
      operation: "link",
      count: 1,
      message: "busy linking",
      retryable: false,
    });
    const noRestore = () =>
      array?.faults.inject(system.nativeId, {
        operation: "restore",
        count: 1,
        message: "no restore now",
        retryable: false,
      });
    await noRestore();
    const link = { ...pair(target, source), action: "Link", copy: "true", snap_id: rft };
    expect(await call("PUT", `${PRIVATE}/snapshot/rft`, link)).toEqual({
      status: 400,
      body: { message: "no restore now" },
    });
    expect((await call("PUT", `${PRIVATE}/snapshot/rft`, link)).status).toBe(200);
    time.advance(2_500);

    const ofSource = (await call("GET", `${PRIVATE}/volume/${source}/snapshot`)).body;
    expect(ofSource.snapshotSrcs).toMatchObject([
      { snapshotName: "daily", state: "Established", linkedDevices: [{ targetDevice: target, state: "Linked" }] },
    ]);
    expect(ofSource.snapshotLnks).toMatchObject([
      { linkSourceName: target, snapshot_name: "rft", snap_id: rft, state: "CopyInProg", percentageCopied: 50 },
    ]);
    expect((await call("GET", `${PROV}/volume/${source}`)).body).toMatchObject({
      snapvx_source: true,
      snapvx_target: true,
    });
    // The source's own snapshot cannot be restored onto it meanwhile.
    expect(
      await call("PUT", `${PRIVATE}/snapshot/daily`, { ...pair(source, source), action: "Restore", snap_id: daily }),
    ).toEqual({ status: 400, body: { message: SYMMETRIX_MESSAGES.linkNotFullyCopied } });

    time.advance(2_500);
    const unlink = { ...pair(target, source), action: "Unlink", snap_id: rft };
    await noRestore();
    expect(await call("PUT", `${PRIVATE}/snapshot/rft`, unlink)).toEqual({
      status: 400,
      body: { message: "no restore now" },
    });
    expect((await call("PUT", `${PRIVATE}/snapshot/rft`, unlink)).status).toBe(200);
    const terminate = { deviceNameListSource: [{ name: target }], snap_id: rft };
    expect((await call("DELETE", `${PRIVATE}/snapshot/rft`, terminate)).status).toBe(204);

    expect((await call("GET", `${PRIVATE}/volume/${target}/snapshot`)).body).toMatchObject({
      snapshotSrcs: [],
      snapshotLnks: [{ linkSourceName: source, snapshot_name: "daily" }],
    });
    expect((await call("GET", `${PRIVATE}/volume/${source}/snapshot`)).body.snapshotLnks).toEqual([]);
    // The link fault was not met by the restore's link.
    expect(await array?.faults.planned(system.nativeId)).toMatchObject([{ operation: "link" }]);
    await array?.faults.clear(system.nativeId);
  });

  it("a refusal inside an asynchronous request fails its job with the array's text", async () => {
    const [source] = await aGroup("job_src");
    const failed = await call("PUT", `${PRIVATE}/snapshot/none`, {
      deviceNameListSource: [{ name: source }],
      deviceNameListTarget: [{ name: source }],
      action: "Restore",
      executionOption: "ASYNCHRONOUS",
    });
    expect(failed.status).toBe(202);
    expect(failed.body).toMatchObject({
      status: "FAILED",
      result: SYMMETRIX_MESSAGES.snapshotNotFound("none", source ?? ""),
    });
  });

  it("meets the faults planned through /sim: a refusal with the planned text, 503 when retryable", async () => {
    const [source] = await aGroup("fault_src");
    await call("POST", `${REPL}/storagegroup/fault_src/snapshot`, { snapshotName: "s1" });
    const array = await surface.arrays.array(SERIAL);
    await array?.faults.inject(system.nativeId, {
      operation: "link",
      count: 1,
      message: "busy linking",
      retryable: true,
    });
    await array?.faults.inject(system.nativeId, {
      operation: "status",
      count: 1,
      message: "cannot read",
      retryable: false,
    });
    const [snapId] = (await call("GET", `${REPL}/storagegroup/fault_src/snapshot/s1/snapid`)).body.snapids;

    const link = { action: "Link", link: { storage_group_name: "fault_tgt", copy: false } };
    expect(await call("PUT", `${REPL}/storagegroup/fault_src/snapshot/s1/snapid/${snapId}`, link)).toEqual({
      status: 503,
      body: { message: "busy linking" },
    });
    expect(await call("GET", `${PRIVATE}/volume/${source}/snapshot`)).toEqual({
      status: 400,
      body: { message: "cannot read" },
    });
    const linked = await call("PUT", `${REPL}/storagegroup/fault_src/snapshot/s1/snapid/${snapId}`, link);
    expect(linked.status).toBe(200);
    expect(linked.body).toMatchObject({ linked: true, linked_storage_group_names: ["fault_tgt"] });
    expect((await call("GET", `${PROV}/storagegroup/fault_tgt`)).body).toMatchObject({ num_of_vols: 1 });
  });
});
