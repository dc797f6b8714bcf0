import { chmod, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { freePort } from "../support/e2e/free-port.js";
import { createSession, createVolume, discoverSeededWorld } from "../support/e2e/seeded-world.js";
import { startService } from "../support/e2e/service-process.js";
import { ViprClient } from "../support/e2e/vipr-client.js";

/** `npm start` with nothing configured: an embedded Postgres, BullMQ on it, data kept across restarts. */
describe("zero-install start", () => {
  let dataDir: string;

  afterAll(async () => {
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it("serves the API on an embedded Postgres and keeps its data across a restart", async () => {
    dataDir = await mkdtemp(join(tmpdir(), "coprsim-zero-"));
    // Run as root, the embedded server runs as the system user postgres, which must reach the directory.
    await chmod(dataDir, 0o755);
    const env = {
      DATABASE_URL: "",
      REDIS_URL: "",
      COPRSIM_DATA_DIR: dataDir,
      COPRSIM_EMBEDDED_PG_PORT: String(await freePort()),
      COPRSIM_CLOCK: "instant",
    };
    const first = await startService("start", env, { readyTimeoutMs: 120_000 });
    let volumeId: string;
    try {
      expect(first.output()).toContain("embedded Postgres");
      expect(first.output()).toContain("BullMQ on Postgres");
      expect(first.output()).toContain("root / ChangeMe");
      const client = new ViprClient(first.baseUrl);
      await client.login();
      const world = await discoverSeededWorld(client);
      volumeId = await createVolume(client, world, "mock", "kept");
      const sessionId = await createSession(client, volumeId, "kept-snap");
      const link = await client.post(`/block/snapshot-sessions/${sessionId}/link-targets`, {
        new_linked_targets: { count: 1, target_name: "z" },
      });
      expect(link.status).toBe(202);
      expect((await client.waitForTask(link.body.task[0].id)).state).toBe("ready");
    } finally {
      expect(await first.stop(), first.output()).toBe(0);
    }

    const second = await startService("start", env, { readyTimeoutMs: 120_000 });
    try {
      const client = new ViprClient(second.baseUrl);
      await client.login();
      const volume = await client.get(`/block/volumes/${volumeId}`);
      expect(volume.status).toBe(200);
      expect(volume.body.name).toBe("kept");
      const projects = (await client.get(`/tenants/${(await discoverSeededWorld(client)).tenantId}/projects`)).body;
      expect(projects.project.map((p: { name: string }) => p.name)).toEqual(["default"]);
    } finally {
      expect(await second.stop(), second.output()).toBe(0);
    }
  }, 300_000);
});
