import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createScratchDatabase } from "../support/e2e/scratch-database.js";
import { createSession, createVolume, discoverSeededWorld, type SeededWorld } from "../support/e2e/seeded-world.js";
import { type RunningService, startService } from "../support/e2e/service-process.js";
import { ViprClient } from "../support/e2e/vipr-client.js";

const KiB = 1024;

/**
 * Issue 4's "done when", over HTTP against separate API and worker processes: volume content
 * keeps its point in time through snapshot sessions, links, unlinks and the session's end, and
 * the /sim clock set through the API is the clock of the worker's jobs.
 */
describe("point-in-time content over HTTP (API and worker processes)", () => {
  let api: RunningService;
  let worker: RunningService;
  let database: Awaited<ReturnType<typeof createScratchDatabase>>;
  let vipr: ViprClient;
  let token: string;
  let world: SeededWorld;

  beforeAll(async () => {
    database = await createScratchDatabase();
    const env = {
      DATABASE_URL: database.url,
      REDIS_URL: "",
      COPRSIM_CLOCK: "fast",
      COPRSIM_DATA_DIR: `/tmp/coprsim-e2e-${randomBytes(4).toString("hex")}`,
    };
    api = await startService("api", env);
    worker = await startService("worker", env);
    vipr = new ViprClient(api.baseUrl);
    token = await vipr.login();
    world = await discoverSeededWorld(vipr);
  });

  afterAll(async () => {
    await worker?.stop();
    await api?.stop();
    await database?.drop();
  });

  const sim = async (method: string, path: string, body?: Uint8Array | object) => {
    const raw = body instanceof Uint8Array;
    const response = await fetch(`${api.baseUrl}/sim${path}`, {
      method,
      headers: {
        "x-sds-auth-token": token,
        accept: "application/json",
        ...(body === undefined ? {} : { "content-type": raw ? "application/octet-stream" : "application/json" }),
      },
      ...(body === undefined ? {} : { body: raw ? body : JSON.stringify(body) }),
    });
    if (!response.ok) throw new Error(`${method} /sim${path}: ${response.status} ${await response.text()}`);
    return response;
  };
  const write = (volumeId: string, offset: number, bytes: Uint8Array) =>
    sim("PUT", `/volumes/${volumeId}/data?offset=${offset}`, bytes);
  const read = async (volumeId: string, offset: number, length: number) =>
    new Uint8Array(
      await (await sim("GET", `/volumes/${volumeId}/data?offset=${offset}&length=${length}`)).arrayBuffer(),
    );
  const digest = async (volumeId: string): Promise<{ sha256: string; full_copy: boolean }> =>
    (await sim("GET", `/volumes/${volumeId}/digest`)).json() as Promise<{ sha256: string; full_copy: boolean }>;

  async function ready(tasks: { id: string }[]) {
    for (const task of tasks) {
      const done = await vipr.waitForTask(task.id);
      expect(done, JSON.stringify(done.service_error)).toMatchObject({ state: "ready" });
    }
  }

  async function linkOne(sessionId: string, name: string, copyMode: "copy" | "nocopy"): Promise<string> {
    const before = (await vipr.get(`/block/snapshot-sessions/${sessionId}`)).body.linked_targets.map((t: any) => t.id);
    const link = await vipr.post(`/block/snapshot-sessions/${sessionId}/link-targets`, {
      new_linked_targets: { count: 1, target_name: name, copy_mode: copyMode },
    });
    expect(link.status).toBe(202);
    await ready(link.body.task);
    const after = (await vipr.get(`/block/snapshot-sessions/${sessionId}`)).body.linked_targets.map((t: any) => t.id);
    const added = after.filter((id: string) => !before.includes(id));
    expect(added).toHaveLength(1);
    return added[0];
  }

  const volumeNamed = async (name: string): Promise<string> => {
    const found = (await vipr.get(`/block/volumes/search?project=${world.projectId}&name=${name}`)).body.resource;
    expect(found).toHaveLength(1);
    return found[0].id;
  };

  for (const family of ["vmax", "vnxblock"]) {
    it(`${family}: a copied copy-mode target keeps A as a full copy; a nocopy one does not hold it`, async () => {
      const a = new Uint8Array(64 * KiB).fill(0xa1);
      const b = new Uint8Array(64 * KiB).fill(0xb2);
      const c = new Uint8Array(64 * KiB).fill(0xc3);
      const sourceId = await createVolume(vipr, world, family, `pit-${family}`);
      await write(sourceId, 4 * KiB, a);
      const imageA = await digest(sourceId);
      const sessionId = await createSession(vipr, sourceId, `pit-${family}`);
      await write(sourceId, 4 * KiB, b);

      const copyId = await linkOne(sessionId, `pit-${family}-copy`, "copy");
      const nocopyId = await linkOne(sessionId, `pit-${family}-nocopy`, "nocopy");
      for (const target of [copyId, nocopyId]) expect(await read(target, 4 * KiB, a.length)).toEqual(a);
      const nameOf = async (id: string) => (await vipr.get(`/block/snapshots/${id}`)).body.name as string;
      const [copyName, nocopyName] = [await nameOf(copyId), await nameOf(nocopyId)];

      const unlink = await vipr.post(`/block/snapshot-sessions/${sessionId}/unlink-targets`, {
        linked_targets: [{ id: copyId }, { id: nocopyId, delete_target: false }],
      });
      expect(unlink.status).toBe(202);
      await ready([unlink.body]);
      const deactivate = await vipr.post(`/block/snapshot-sessions/${sessionId}/deactivate`);
      expect(deactivate.status).toBe(202);
      await ready(deactivate.body.task);
      await write(sourceId, 4 * KiB, c);

      const copyVolume = await volumeNamed(copyName);
      const nocopyVolume = await volumeNamed(nocopyName);
      expect(await read(sourceId, 4 * KiB, c.length)).toEqual(c);
      expect(await read(copyVolume, 4 * KiB, a.length)).toEqual(a);
      expect(await digest(copyVolume)).toEqual({ sha256: imageA.sha256, full_copy: true });
      expect(await read(nocopyVolume, 4 * KiB, a.length)).toEqual(new Uint8Array(a.length));
      const nocopy = await digest(nocopyVolume);
      expect(nocopy.full_copy).toBe(false);
      expect(nocopy.sha256).not.toBe(imageA.sha256);
    });
  }

  for (const family of ["vmax", "vnxblock"]) {
    it(`${family}: a group session is one instant: every member's copy and nocopy targets read the first writes, not the second`, async () => {
      const before = [0xa1, 0xa2].map((value) => new Uint8Array(64 * KiB).fill(value));
      const after = [0xb1, 0xb2].map((value) => new Uint8Array(64 * KiB).fill(value));
      const group = await vipr.post("/block/consistency-groups", {
        name: `cg-pit-${family}`,
        project: world.projectId,
      });
      expect(group.status).toBe(200);
      const members: string[] = [];
      for (const name of ["a", "b"]) {
        const created = await vipr.post("/block/volumes", {
          name: `cg-pit-${family}-${name}`,
          size: "128MB",
          count: 1,
          varray: world.varrayId,
          vpool: world.vpoolIds[`cg-${family}`],
          project: world.projectId,
          consistency_group: group.body.id,
        });
        expect(created.status, JSON.stringify(created.body)).toBe(202);
        await ready(created.body.task);
        members.push(created.body.task[0].resource.id);
      }
      for (const [index, member] of members.entries()) await write(member, 4 * KiB, before[index] as Uint8Array);

      const created = await vipr.post(`/block/consistency-groups/${group.body.id}/protection/snapshot-sessions`, {
        name: `cg-pit-${family}`,
      });
      expect(created.status, JSON.stringify(created.body)).toBe(202);
      await ready(created.body.task);
      const sessionId: string = created.body.task.find((t: any) => t.resource.id.includes(":BlockSnapshotSession:"))
        .resource.id;
      for (const [index, member] of members.entries()) await write(member, 4 * KiB, after[index] as Uint8Array);

      const systemId = (await vipr.get(`/block/volumes/${members[0]}`)).body.storage_controller;
      const nativeIds = await Promise.all(
        members.map(async (id) => (await vipr.get(`/block/volumes/${id}`)).body.native_id as string),
      );
      const arrayView = async () => (await (await sim("GET", `/storage-systems/${systemId}`)).json()) as any;
      const snapshots = (await arrayView()).snapshots.filter((s: any) => nativeIds.includes(s.source));
      expect(snapshots).toHaveLength(2);
      expect(new Set(snapshots.map((s: any) => s.creation_time)).size).toBe(1);

      const targetsOfSession = async (): Promise<string[]> =>
        (await vipr.get(`/block/snapshot-sessions/${sessionId}`)).body.linked_targets.map((t: any) => t.id);
      const linkSet = async (copyMode: "copy" | "nocopy") => {
        const existing = await targetsOfSession();
        const link = await vipr.post(`/block/snapshot-sessions/${sessionId}/link-targets`, {
          new_linked_targets: { count: 1, target_name: `cg-pit-${family}-${copyMode}`, copy_mode: copyMode },
        });
        expect(link.status, JSON.stringify(link.body)).toBe(202);
        await ready(link.body.task);
        const added = (await targetsOfSession()).filter((id) => !existing.includes(id));
        expect(added).toHaveLength(2);
        return added;
      };
      const copies = await linkSet("copy");
      const nocopies = await linkSet("nocopy");
      const copyNativeIds = await Promise.all(
        copies.map(async (id) => (await vipr.get(`/block/snapshots/${id}`)).body.native_id as string),
      );
      let copying = true;
      for (let i = 0; i < 300 && copying; i += 1) {
        const { links } = await arrayView();
        copying = links.some((l: any) => copyNativeIds.includes(l.target) && l.percent_copied < 100);
        if (copying) await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(copying).toBe(false);

      for (const target of [...copies, ...nocopies]) {
        const member = members.indexOf((await vipr.get(`/block/snapshots/${target}`)).body.parent.id);
        expect(member).toBeGreaterThanOrEqual(0);
        expect(await read(target, 4 * KiB, 64 * KiB)).toEqual(before[member]);
      }
      for (const [index, member] of members.entries()) {
        expect(await read(member, 4 * KiB, 64 * KiB)).toEqual(after[index]);
      }
    });
  }

  for (const family of ["vmax", "vnxblock", "mock"]) {
    it(`${family}: a restore from a linked target puts the target's current image, its own writes included, onto the source`, async () => {
      const a = new Uint8Array(64 * KiB).fill(0xa1);
      const b = new Uint8Array(64 * KiB).fill(0xb2);
      const c = new Uint8Array(64 * KiB).fill(0xc3);
      const sourceId = await createVolume(vipr, world, family, `rft-${family}`);
      await write(sourceId, 4 * KiB, a);
      const sessionId = await createSession(vipr, sourceId, `rft-${family}`);
      await write(sourceId, 4 * KiB, b);
      const targetId = await linkOne(sessionId, `rft-${family}-t`, "nocopy");
      await write(targetId, 1024 * KiB, c);
      const targetImage = await digest(targetId);

      const restore = await vipr.post(`/block/snapshots/${targetId}/restore`);
      expect(restore.status).toBe(202);
      expect(restore.body).toMatchObject({ name: "RESTORE VOLUME SNAPSHOT", resource: { id: targetId } });
      // Polled as bourne polls it: on the target's task route, by op id.
      let task = restore.body;
      for (let i = 0; i < 300 && (task.state === "pending" || task.state === "queued"); i += 1) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        task = (await vipr.get(`/block/snapshots/${targetId}/tasks/${restore.body.op_id}`)).body;
      }
      expect(task, JSON.stringify(task.service_error)).toMatchObject({ state: "ready", progress: 100 });

      expect(await read(sourceId, 4 * KiB, a.length)).toEqual(a);
      expect(await read(sourceId, 1024 * KiB, c.length)).toEqual(c);
      expect((await digest(sourceId)).sha256).toBe(targetImage.sha256);
      expect(await digest(targetId)).toEqual(targetImage);
      // The session is free again: its target can be unlinked.
      const unlink = await vipr.post(`/block/snapshot-sessions/${sessionId}/unlink-targets`, {
        linked_targets: [{ id: targetId, delete_target: true }],
      });
      expect(unlink.status).toBe(202);
      await ready([unlink.body]);
    });
  }

  it("turns faults injected through /sim into the task's outcome: a retryable one is retried, a final one rolls the half-done VNX copy link back", async () => {
    const sourceId = await createVolume(vipr, world, "vnxblock", "pit-faults");
    const sessionId = await createSession(vipr, sourceId, "pit-faults");
    const systemId = (await vipr.get(`/block/volumes/${sourceId}`)).body.storage_controller;
    const faults = `/storage-systems/${systemId}/faults`;
    await sim("POST", faults, { operation: "provision", count: 2, message: "Injected: busy", retryable: true });

    expect(await linkOne(sessionId, "pit-retried", "nocopy")).toMatch(/:BlockSnapshot:/);

    const message = "Injected: the migration cannot start";
    await sim("POST", faults, { operation: "copy", count: 1, message, retryable: false });
    const link = await vipr.post(`/block/snapshot-sessions/${sessionId}/link-targets`, {
      new_linked_targets: { count: 1, target_name: "pit-failed", copy_mode: "copy" },
    });
    const task = await vipr.waitForTask(link.body.task[0].id);
    expect(task.state).toBe("error");
    expect(task.service_error.details).toContain(message);
    const sourceNativeId = (await vipr.get(`/block/volumes/${sourceId}`)).body.native_id;
    const array = (await (await sim("GET", `/storage-systems/${systemId}`)).json()) as {
      devices: { native_id: string; label: string; parent: string | null }[];
      links: { source: string }[];
      faults: unknown[];
    };
    // The retried target's SMP stays; the failed target's SMP and its migration LUN are gone.
    expect(array.devices.filter((d) => d.parent === sourceNativeId).map((d) => d.label)).toEqual(["pit-retried-1"]);
    expect(array.devices.filter((d) => d.label.startsWith("pit-failed"))).toEqual([]);
    expect(array.links.filter((l) => l.source === sourceNativeId)).toHaveLength(1);
    expect(array.faults).toEqual([]);
  });

  it("starts the worker's jobs on the clock set through the API", async () => {
    const sourceId = await createVolume(vipr, world, "vmax", "pit-clock", "1GB");
    const sessionId = await createSession(vipr, sourceId, "pit-clock");
    const clock: unknown = await (await sim("PUT", "/clock", { profile: "realistic", speed: 0.01 })).json();
    expect(clock).toEqual({ profile: "realistic", speed: 0.01, shared: true });

    const link = await vipr.post(`/block/snapshot-sessions/${sessionId}/link-targets`, {
      new_linked_targets: { count: 1, target_name: "pit-clock-t", copy_mode: "copy" },
    });
    expect(link.status).toBe(202);
    const systemId = (await vipr.get(`/block/volumes/${sourceId}`)).body.storage_controller;
    let copy: any;
    for (let i = 0; i < 200 && !copy; i += 1) {
      const array = (await (await sim("GET", `/storage-systems/${systemId}`)).json()) as { jobs: any[] };
      copy = array.jobs.find((j) => j.kind === "copy");
      if (!copy) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    // 1 GB at 100 MiB/s × 0.01 takes about 16 minutes, not the 5 s of the processes' `fast` default.
    expect(copy.ends - copy.started).toBeGreaterThan(10 * 60_000);
    await sim("PUT", "/clock", { profile: "fast" });
  });
});
