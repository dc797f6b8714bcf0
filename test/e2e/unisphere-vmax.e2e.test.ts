import { readFile } from "node:fs/promises";
import https from "node:https";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createIsolatedEnvironment, type IsolatedEnvironment } from "../support/e2e/isolated-environment.js";
import { createSession, createVolume, discoverSeededWorld, type SeededWorld } from "../support/e2e/seeded-world.js";
import { type RunningService, startService } from "../support/e2e/service-process.js";
import { ViprClient } from "../support/e2e/vipr-client.js";
import { linkTargetsScenario } from "./link-targets.scenario.js";

/** The service's user the vmax system logs in to the Unisphere surface as. */
const UNISPHERE_USER = { name: "smc", password: "Unisphere-S3cret-e2e" };
const SERIAL = "000197900777";

/**
 * A `vmax` storage system registered with coprsim's own Unisphere surface as its Unisphere:
 * the controller drives it over Unisphere REST (HTTPS, the service's certificate trusted), the
 * surface runs it on the simulated array. The link scenario runs on it as on the in-process
 * array, a copy link reaches `copied` with the same progress and data as on the in-process
 * array, and the Unisphere password shows up nowhere.
 */
describe("a vmax system behind the Unisphere surface (one process, BullMQ on Redis)", () => {
  let environment: IsolatedEnvironment;
  let service: RunningService;
  let root: ViprClient;
  let token: string;
  let seeded: SeededWorld;
  let behindUnisphere: SeededWorld;
  let restSystemId: string;
  let certificate: string;

  beforeAll(async () => {
    environment = await createIsolatedEnvironment();
    service = await startService("start", {
      ...environment.env,
      LOG_LEVEL: "info",
      COPRSIM_USERS: JSON.stringify([{ ...UNISPHERE_USER, roles: ["SYSTEM_ADMIN"] }]),
    });
    root = new ViprClient(service.baseUrl);
    token = await root.login();
    seeded = await discoverSeededWorld(root);
    certificate = await readFile(join(environment.env.COPRSIM_DATA_DIR ?? "", "tls", "cert.pem"), "utf8");

    const varray = (await root.post("/vdc/varrays", { name: "varray-unisphere" })).body.id;
    const system = await root.post("/vdc/storage-systems", {
      name: "vmax-unisphere",
      system_type: "vmax",
      serial_number: SERIAL,
      varrays: [varray],
      settings: {
        unisphere_url: service.unisphereUrl,
        unisphere_user: UNISPHERE_USER.name,
        unisphere_password: UNISPHERE_USER.password,
        unisphere_ca_certificate: certificate,
      },
    });
    expect(system.status, system.text).toBe(200);
    restSystemId = system.body.id;
    await root.post("/vdc/storage-systems", { name: "mock-unisphere", system_type: "mock", varrays: [varray] });
    const vpool = async (family: string) =>
      (await root.post("/block/vpools", { name: `vpool-${family}-unisphere`, system_type: family, varrays: [varray] }))
        .body.id;
    behindUnisphere = {
      ...seeded,
      varrayId: varray,
      vpoolIds: { vmax: await vpool("vmax"), mock: await vpool("mock") },
    };
  });

  afterAll(async () => {
    await service?.stop();
    await environment?.dispose();
  });

  linkTargetsScenario(
    () => service,
    async () => behindUnisphere,
  );

  it("made the scenario's devices through the surface: each in a storage group of its own", async () => {
    const groups = await unisphere(`/100/sloprovisioning/symmetrix/${SERIAL}/storagegroup`);
    expect(groups.status).toBe(200);
    expect(groups.body.storageGroupId.length).toBeGreaterThanOrEqual(5);
    expect(groups.body.storageGroupId.every((name: string) => /^csim_[0-9a-f]{20}_/.test(name))).toBe(true);
    const view = (await root.get(`/sim/storage-systems/${restSystemId}`)).body;
    expect(view.devices.length).toBe(groups.body.storageGroupId.length);
  });

  it("links copy targets to the same progress and data on the vmax behind Unisphere as on the in-process one", async () => {
    const arrays = [
      { world: seeded, name: "in-process" },
      { world: behindUnisphere, name: "unisphere" },
    ];
    const sessions: string[] = [];
    const sources: string[] = [];
    for (const { world, name } of arrays) {
      const volume = await createVolume(root, world, "vmax", `parity-${name}`, "1GB");
      await writeData(volume, 0, pattern(256 * 1024, 7));
      await writeData(volume, 600 * 1024 * 1024, pattern(128 * 1024, 11));
      sources.push(volume);
      sessions.push(await createSession(root, volume, `parity-${name}`));
    }
    const sourceDigests = await Promise.all(sources.map(digest));
    expect(sourceDigests[1]).toEqual(sourceDigests[0]);

    const tasks = await Promise.all(
      sessions.map(async (session) => {
        const linked = await root.post(`/block/snapshot-sessions/${session}/link-targets`, {
          new_linked_targets: { count: 1, target_name: "parity-copy", copy_mode: "copy" },
        });
        expect(linked.status, linked.text).toBe(202);
        return linked.body.task[0].id as string;
      }),
    );
    // Both copies take about five seconds on the fast clock: their progress is read side by side.
    const progress: [number, number][] = [];
    for (;;) {
      const states = await Promise.all(tasks.map(async (task) => (await root.get(`/vdc/tasks/${task}`)).body));
      progress.push([states[0].progress, states[1].progress]);
      if (states.every((s) => s.state !== "pending" && s.state !== "queued")) {
        expect(states.map((s) => s.state)).toEqual(["ready", "ready"]);
        break;
      }
      expect(progress.length).toBeLessThan(600);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    for (const side of [0, 1]) {
      const seen = progress.map((p) => p[side] ?? 0);
      expect(seen).toEqual([...seen].sort((a, b) => a - b));
      expect(seen.some((p) => p > 0 && p < 100)).toBe(true);
      expect(seen.at(-1)).toBe(100);
    }
    const midway = progress.filter(([a, b]) => a > 0 && a < 100 && b > 0 && b < 100);
    expect(midway.length).toBeGreaterThan(0);
    for (const [a, b] of midway) expect(Math.abs(a - b)).toBeLessThanOrEqual(25);

    const targets = await Promise.all(
      sessions.map(async (session) => {
        const [target] = (await root.get(`/block/snapshot-sessions/${session}`)).body.linked_targets;
        return (await root.get(`/block/snapshots/${target.id}`)).body;
      }),
    );
    for (const target of targets) {
      expect(target).toMatchObject({
        copy_mode: "copy",
        replica_state: "SYNCHRONIZED",
        link_state: { state: "copied", native_state: "Copied", defined: true, percent_copied: 100 },
      });
      expect(await digest(target.id)).toEqual({ ...sourceDigests[0], full_copy: true });
    }
    const systemIds = [await seededVmaxId(), restSystemId];
    const links = await Promise.all(
      systemIds.map(async (systemId, i) => {
        const view = (await root.get(`/sim/storage-systems/${systemId}`)).body;
        return view.links.find((l: { target: string }) => l.target === targets[i].native_id);
      }),
    );
    expect(links[0]).toMatchObject({ native_state: "Copied", percent_copied: 100, copy_mode: "copy" });
    expect(links[1]).toMatchObject({ native_state: "Copied", percent_copied: 100, copy_mode: "copy" });
    expect(links[1].tracks).toBe(links[0].tracks);
  });

  it("restores a source from its linked target on the vmax behind Unisphere as on the in-process one: same progress, same data", async () => {
    const arrays = [
      { world: seeded, name: "in-process", systemId: await seededVmaxId() },
      { world: behindUnisphere, name: "unisphere", systemId: restSystemId },
    ];
    const sides: { source: string; target: string; image: { sha256: string } }[] = [];
    for (const { world, name } of arrays) {
      const source = await createVolume(root, world, "vmax", `rft-${name}`, "1GB");
      await writeData(source, 0, pattern(128 * 1024, 3));
      const session = await createSession(root, source, `rft-${name}`);
      await writeData(source, 0, pattern(128 * 1024, 5));
      const linked = await root.post(`/block/snapshot-sessions/${session}/link-targets`, {
        new_linked_targets: { count: 1, target_name: `rft-${name}-t`, copy_mode: "nocopy" },
      });
      expect(linked.status, linked.text).toBe(202);
      expect((await root.waitForTask(linked.body.task[0].id)).state).toBe("ready");
      const [target] = (await root.get(`/block/snapshot-sessions/${session}`)).body.linked_targets;
      await writeData(target.id, 300 * 1024 * 1024, pattern(256 * 1024, 9));
      sides.push({ source, target: target.id, image: await digest(target.id) });
    }
    expect(sides[1]?.image).toEqual(sides[0]?.image);

    const tasks = await Promise.all(
      sides.map(async ({ target }) => {
        const restore = await root.post(`/block/snapshots/${target}/restore`);
        expect(restore.status, restore.text).toBe(202);
        return restore.body.id as string;
      }),
    );
    // Each copies the target's 1 GB image onto its source, about five seconds on the fast clock.
    const progress: [number, number][] = [];
    for (;;) {
      const states = await Promise.all(tasks.map(async (task) => (await root.get(`/vdc/tasks/${task}`)).body));
      progress.push([states[0].progress, states[1].progress]);
      if (states.every((s) => s.state !== "pending" && s.state !== "queued")) {
        expect(states.map((s) => s.state)).toEqual(["ready", "ready"]);
        break;
      }
      expect(progress.length).toBeLessThan(600);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    for (const side of [0, 1]) {
      const seen = progress.map((p) => p[side] ?? 0);
      expect(seen).toEqual([...seen].sort((a, b) => a - b));
      expect(seen.some((p) => p > 0 && p < 100)).toBe(true);
      expect(seen.at(-1)).toBe(100);
    }
    const midway = progress.filter(([a, b]) => a > 0 && a < 100 && b > 0 && b < 100);
    expect(midway.length).toBeGreaterThan(0);
    for (const [a, b] of midway) expect(Math.abs(a - b)).toBeLessThanOrEqual(25);
    for (const [i, { source, target, image }] of sides.entries()) {
      expect(await digest(source)).toMatchObject({ sha256: image.sha256 });
      expect(await digest(target)).toEqual(image);
      // Nothing is left of the restore on the array: the target's restore snapshot is gone, the source unlinked.
      const view = (await root.get(`/sim/storage-systems/${arrays[i]?.systemId}`)).body;
      const sourceNative = (await root.get(`/block/volumes/${source}`)).body.native_id;
      expect(view.links.filter((l: { target: string }) => l.target === sourceNative)).toEqual([]);
      expect(view.snapshots.filter((s: { name: string }) => s.name.startsWith("csim_restore_"))).toEqual([]);
    }
  });

  it("never shows the Unisphere password: representations, /sim, a refused login and the logs", async () => {
    const reads = [
      await root.get(`/vdc/storage-systems/${restSystemId}`),
      await root.getXml(`/vdc/storage-systems/${restSystemId}`),
      await root.get("/vdc/storage-systems"),
      await root.get(`/sim/storage-systems/${restSystemId}`),
    ];
    for (const read of reads) {
      expect(read.status).toBe(200);
      expect(read.text).not.toContain(UNISPHERE_USER.password);
    }
    expect(reads[0]?.body.settings).toMatchObject({ unisphere_url: service.unisphereUrl, unisphere_user: "smc" });

    // A system with a wrong password: its volume's task fails saying so, without either password.
    const varray = (await root.post("/vdc/varrays", { name: "varray-wrong-password" })).body.id;
    const wrong = "Not-the-Unisphere-password";
    await root.post("/vdc/storage-systems", {
      name: "vmax-wrong-password",
      system_type: "vmax",
      serial_number: "000197900778",
      varrays: [varray],
      settings: {
        unisphere_url: service.unisphereUrl,
        unisphere_user: UNISPHERE_USER.name,
        unisphere_password: wrong,
        unisphere_verify_tls: false,
      },
    });
    const vpool = (
      await root.post("/block/vpools", { name: "vpool-wrong-password", system_type: "vmax", varrays: [varray] })
    ).body.id;
    const created = await root.post("/block/volumes", {
      name: "never",
      size: "1GB",
      count: 1,
      varray,
      vpool,
      project: seeded.projectId,
    });
    const task = await root.waitForTask(created.body.task[0].id);
    expect(task.state).toBe("error");
    expect(JSON.stringify(task)).toMatch(/refused the credentials/);
    expect(JSON.stringify(task)).not.toContain(wrong);
    expect(service.output()).not.toContain(UNISPHERE_USER.password);
    expect(service.output()).not.toContain(wrong);
  });

  /** A GET of the Unisphere surface as the vmax system's user, trusting the service's certificate. */
  function unisphere(path: string): Promise<{ status: number; body: any }> {
    return new Promise((resolve, reject) => {
      const request = https.get(
        `${service.unisphereUrl}/univmax/restapi${path}`,
        {
          ca: certificate,
          auth: `${UNISPHERE_USER.name}:${UNISPHERE_USER.password}`,
          headers: { accept: "application/json" },
        },
        (response) => {
          let text = "";
          response.on("data", (chunk) => (text += chunk));
          response.on("end", () => resolve({ status: response.statusCode ?? 0, body: JSON.parse(text) }));
        },
      );
      request.on("error", reject);
    });
  }

  async function seededVmaxId(): Promise<string> {
    const systems = (await root.get("/vdc/storage-systems")).body.storage_system as { id: string; name: string }[];
    const ids = await Promise.all(systems.map(async (s) => (await root.get(`/vdc/storage-systems/${s.id}`)).body));
    return ids.find((s) => s.system_type === "vmax" && s.serial_number.startsWith("SYMMETRIX+")).id;
  }

  async function writeData(volumeId: string, offset: number, bytes: Uint8Array): Promise<void> {
    const response = await fetch(`${service.baseUrl}/sim/volumes/${volumeId}/data?offset=${offset}`, {
      method: "PUT",
      headers: { "x-sds-auth-token": token, "content-type": "application/octet-stream" },
      body: bytes,
    });
    expect(response.status).toBe(204);
  }

  async function digest(id: string): Promise<{ sha256: string; full_copy: boolean }> {
    return (await root.get(`/sim/volumes/${id}/digest`)).body;
  }
});

function pattern(length: number, seed: number): Uint8Array {
  return Uint8Array.from({ length }, (_, i) => (i * seed + 13) % 251);
}
