import { execFileSync, spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import type { DataSource } from "typeorm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { StorageSystemRecord } from "../../src/application/ports/storage-catalog.js";
import { SimulationClock } from "../../src/drivers/simulation/simulation-clock.js";
import { connect, openSimSchema, type SimSchema } from "../contract/support/postgres-state-store.js";
import {
  SURFACE_ADMIN,
  startTestUnisphereSurface,
  type TestUnisphereSurface,
} from "../support/unisphere/test-unisphere-surface.js";

/** Where Dell's PyU4V is (its source, unmodified; never part of the project): `COPRSIM_PYU4V_DIR`. */
const PYU4V_DIR = resolve(process.env.COPRSIM_PYU4V_DIR ?? "../shared/pyu4v");
const HAS_PYU4V = existsSync(join(PYU4V_DIR, "PyU4V", "univmax_conn.py"));
const SERIAL = "000197900100";
const SKIPPED = `PyU4V walk skipped: no PyU4V at ${PYU4V_DIR} (set COPRSIM_PYU4V_DIR)`;
if (!HAS_PYU4V) console.log(SKIPPED);

/**
 * Debian's Python 3 (`command -p python3`), which has python3-requests, -six, -urllib3 and
 * -prettytable; the `python3` first on PATH may be another.
 */
function debianPython(): string {
  return execFileSync("sh", ["-c", "command -p -v python3"], { encoding: "utf8" }).trim();
}

describe.skipIf(!HAS_PYU4V)(
  HAS_PYU4V ? "PyU4V drives a storage group's life on the Unisphere surface" : SKIPPED,
  () => {
    let dataSource: DataSource;
    let sim: SimSchema;
    let surface: TestUnisphereSurface;
    let system: StorageSystemRecord;
    let home: string;

    beforeAll(async () => {
      dataSource = await connect();
      sim = await openSimSchema();
      surface = await startTestUnisphereSurface(dataSource);
      system = {
        id: "urn:storageos:StorageSystem:pyu4v:vdc1",
        name: "pmax-pyu4v",
        systemType: "vmax",
        nativeId: SERIAL,
        settings: {},
      };
      // The fast clock: a 512 MB copy takes a few seconds, long enough to be seen under way.
      surface.arrays.add(system, sim.store, new SimulationClock({ profile: "fast" }));
      home = await mkdtemp(join(tmpdir(), "coprsim-pyu4v-"));
    });

    afterAll(async () => {
      await surface?.close();
      await sim?.drop();
      await dataSource?.destroy();
      if (home) await rm(home, { recursive: true, force: true });
    });

    it("creates a group of two volumes, snapshots, links copy (until copied) and nocopy, relinks, unlinks, restores, terminates and deletes", async () => {
      const commit = readFileSync(join(PYU4V_DIR, "COMMIT"), "utf8").trim();
      const report = await walk();
      console.log(`PyU4V ${report.pyu4v_version} (API ${report.api_version}) from ${PYU4V_DIR}, commit ${commit}`);

      expect(report.unisphere_version).toBe("V10.3.0.0");
      expect(report.arrays).toEqual([SERIAL]);
      expect(report.snapvx_licensed).toBe(true);
      expect(report.source_volumes).toHaveLength(2);
      expect(report.source_group).toMatchObject({
        storageGroupId: "pyu4v_src",
        num_of_vols: 2,
        slo: "Diamond",
        srp: "SRP_1",
      });
      expect(report.source_volume).toMatchObject({
        cap_mb: 512,
        volume_identifier: "pyu4v_src",
        storageGroupId: ["pyu4v_src"],
      });
      expect(report.snapshots).toEqual(["pyu4v_snap"]);

      const progress = report.copy_progress as number[][];
      expect(progress.flat().some((p) => p > 0 && p < 100)).toBe(true);
      expect(progress.at(-1)).toEqual([100, 100]);
      expect(report.copied.state).toContain("Copied");
      expect(report.copied.linked_storage_group).toEqual([
        expect.objectContaining({ name: "pyu4v_copy", percentageCopied: 100, defined: true }),
        expect.objectContaining({ name: "pyu4v_copy", percentageCopied: 100, defined: true }),
      ]);

      expect(report.nocopy_group).toMatchObject({ storageGroupId: "pyu4v_nocopy", num_of_vols: 2 });
      expect(report.relinked.to.linked_storage_group_names).toEqual(["pyu4v_nocopy"]);
      expect(report.relinked.from.linked_storage_group_names).toEqual(["pyu4v_copy"]);
      expect(report.unlinked).toMatchObject({ linked: false, linked_storage_group: [] });
      expect(report.restored).toMatchObject({ restored: true });
      expect(report.restored.state).toContain("Restored");
      expect(report.restore_ended).toMatchObject({ restored: false, state: ["Established"] });
      expect(report.snapshots_left).toEqual([]);
      expect(report.groups_left).toEqual([]);
      expect(report.volumes_left).toEqual([]);

      const array = await surface.arrays.array(SERIAL);
      const view = await array?.simulator.view(system);
      expect(view).toMatchObject({ devices: [], snapshots: [], links: [] });
    }, 180_000);

    /** Runs the walk (pyu4v_walk.py) against the surface; resolves with what it printed. */
    function walk(): Promise<any> {
      return new Promise((done, fail) => {
        const child = spawn(debianPython(), [join(import.meta.dirname, "support", "pyu4v_walk.py")], {
          cwd: home,
          env: {
            PATH: process.env.PATH,
            HOME: home,
            PYTHONPATH: PYU4V_DIR,
            PYTHONDONTWRITEBYTECODE: "1",
            UNISPHERE_PORT: String(surface.port),
            UNISPHERE_CA_FILE: surface.certificateFile,
            UNISPHERE_USER: SURFACE_ADMIN.name,
            UNISPHERE_PASSWORD: SURFACE_ADMIN.password,
            UNISPHERE_ARRAY: SERIAL,
          },
          stdio: ["ignore", "pipe", "pipe"],
        });
        let stdout = "";
        let stderr = "";
        child.stdout.on("data", (chunk) => (stdout += chunk));
        child.stderr.on("data", (chunk) => (stderr += chunk));
        const timer = setTimeout(() => child.kill("SIGKILL"), 150_000);
        child.on("error", fail);
        child.on("close", (code) => {
          clearTimeout(timer);
          if (code !== 0) return fail(new Error(`the PyU4V walk exited ${code}:\n${stderr}\n${stdout}`));
          try {
            done(JSON.parse(stdout));
          } catch {
            fail(new Error(`the PyU4V walk printed no report:\n${stdout}\n${stderr}`));
          }
        });
      });
    }
  },
);
