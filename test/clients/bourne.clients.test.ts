import { readFile } from "node:fs/promises";
import { afterAll, beforeAll, expect, it } from "vitest";
import { describeWithClients } from "./support/client-tools.js";
import { CoprsimApi } from "./support/coprsim-api.js";
import { type ClientService, startServiceOn4443 } from "./support/service-on-4443.js";
import { type ClientRun, explain, refusedCalls, ViprClients } from "./support/vipr-clients.js";

/**
 * CoprHD's own API test harness, `bourne` (the library its sanity suites drive, and its command
 * scripts), unmodified, against coprsim started as a user starts it. Each command is checked
 * three ways: it exits 0 and reports success as bourne words it, the service refused none of the
 * calls it made (some commands do not look at every answer), and the API shows its effect.
 * What each command asks and what it expects back: docs/api/snapshot-sessions.md,
 * docs/api/snapshots.md, docs/api/volumes.md and docs/api/reads.md.
 */
describeWithClients("bourne against coprsim (HTTPS 4443)", (tools) => {
  let running: ClientService;
  let clients: ViprClients;
  let api: CoprsimApi;
  let login: ClientRun;

  beforeAll(async () => {
    running = await startServiceOn4443();
    clients = await ViprClients.copy(tools, running.service);
    api = await CoprsimApi.connect(running.service.baseUrl);
    login = await clients.bourne("security", ["login", "root", "ChangeMe"]);
  });

  afterAll(async () => {
    await clients?.dispose();
    await running?.stop();
  });

  /** The command ended well by its own account and made no call the service refused. */
  function expectSucceeded(run: ClientRun, says: RegExp): void {
    expect(run.code, explain(run)).toBe(0);
    expect(run.output, explain(run)).toMatch(says);
    expect(run.output, explain(run)).not.toMatch(/failed with error|Traceback/);
    expect(refusedCalls(run), explain(run)).toEqual([]);
  }

  it("security login: GET /login answers 401, then Basic credentials get the token, over HTTPS 4443", async () => {
    expectSucceeded(login, /logged in as user root/);
    expect(login.requests.map((r) => `${r.method} ${r.url} ${r.status}`)).toEqual([
      "GET /login 401",
      "GET /login 200",
      "GET /login 200",
    ]);
    const token = await readFile(clients.bourneTokenFile, "utf8");
    expect(
      (await fetch(`${running.service.baseUrl}/user/whoami`, { headers: { "x-sds-auth-token": token } })).status,
    ).toBe(200);
  });

  it("volume create: resolves project, vpool and varray by name and polls the volume's task", async () => {
    const run = await clients.bourne("volume", ["create", "b-vol", "default", "varray1", "vpool-vmax", "134217728"]);
    expectSucceeded(run, /Volume created with id urn:storageos:Volume:/);
    const [volume] = await api.volumesNamed("b-vol");
    expect(volume).toMatchObject({
      name: "b-vol",
      provisioned_capacity_gb: "0.13",
      vpool: { id: api.world.vpoolIds.vmax },
    });
  });

  it("snapshotsession create without targets: polls the last task of the answer (the volume's) on the session's task route", async () => {
    const source = await api.volume("b-create");
    const run = await clients.bourne("snapshotsession", ["create", "default/b-create", "b-snap"]);
    expectSucceeded(run, /Snapshot session b-snap urn:storageos:BlockSnapshotSession:\S+ successfully created/);
    const [session] = await api.sessionsNamed(source, "b-snap");
    expect(session).toMatchObject({ name: "b-snap", linked_targets: [] });
  });

  it("snapshotsession create with two nocopy targets", async () => {
    const source = await api.volume("b-create-targets");
    const run = await clients.bourne("snapshotsession", [
      "create",
      "default/b-create-targets",
      "b-snap",
      "--target_count",
      "2",
      "--target_name",
      "b-tgt",
      "--target_copymode",
      "nocopy",
    ]);
    expectSucceeded(run, /successfully created/);
    const [session] = await api.sessionsNamed(source, "b-snap");
    expect(session.linked_targets).toHaveLength(2);
    for (const name of ["b-tgt-1", "b-tgt-2"]) {
      expect(await api.targetsNamed(source, name)).toEqual([expect.objectContaining({ copy_mode: "nocopy" })]);
    }
  });

  it("snapshotsession link_targets in copy mode: waits until the copies are done", async () => {
    const source = await api.volume("b-link-copy");
    await api.session(source, "b-snap");
    const run = await clients.bourne("snapshotsession", [
      "link_targets",
      "default/b-link-copy/b-snap",
      "2",
      "b-copy",
      "--target_copymode",
      "copy",
    ]);
    expectSucceeded(run, /Target successfully linked to snapshot session b-snap/);
    for (const name of ["b-copy-1", "b-copy-2"]) {
      expect(await api.targetsNamed(source, name)).toEqual([
        expect.objectContaining({
          copy_mode: "copy",
          replica_state: "SYNCHRONIZED",
          link_state: expect.objectContaining({ state: "copied" }),
        }),
      ]);
    }
  });

  it("snapshotsession link_targets without a copy mode links in nocopy", async () => {
    const source = await api.volume("b-link-nocopy");
    const sessionId = await api.session(source, "b-snap");
    const run = await clients.bourne("snapshotsession", [
      "link_targets",
      "default/b-link-nocopy/b-snap",
      "1",
      "b-nocopy",
    ]);
    expectSucceeded(run, /Target successfully linked/);
    const [target] = await api.targetsNamed(source, "b-nocopy-1");
    expect(target).toMatchObject({ copy_mode: "nocopy", replica_state: "SYNCHRONIZED" });
    expect(await api.linkedTargetIds(sessionId)).toEqual([target.id]);
  });

  it("snapshotsession relink_target: the target moves to another session of its source", async () => {
    const source = await api.volume("b-relink");
    const first = await api.session(source, "b-first");
    const second = await api.session(source, "b-second");
    const [target] = await api.link(first, 1, "b-moved", "nocopy");
    const run = await clients.bourne("snapshotsession", [
      "relink_target",
      "default/b-relink/b-second",
      "default/b-relink/b-moved-1",
    ]);
    expectSucceeded(run, /Target successfully relinked to snapshot session b-second/);
    expect(await api.linkedTargetIds(second)).toEqual([target]);
    expect(await api.linkedTargetIds(first)).toEqual([]);
  });

  it("snapshotsession unlink_target without delete: the target becomes a volume of its name", async () => {
    const source = await api.volume("b-unlink");
    const sessionId = await api.session(source, "b-snap");
    const [target] = await api.link(sessionId, 1, "b-kept", "copy");
    const run = await clients.bourne("snapshotsession", [
      "unlink_target",
      "default/b-unlink/b-snap",
      "default/b-unlink/b-kept-1",
    ]);
    expectSucceeded(run, /Target successfully unlinked from snapshot session b-snap/);
    expect(await api.linkedTargetIds(sessionId)).toEqual([]);
    expect((await api.get(`/block/snapshots/${target}`)).inactive).toBe(true);
    expect(await api.volumesNamed("b-kept-1")).toHaveLength(1);
  });

  it("snapshotsession unlink_target --delete_target true: the target is deleted", async () => {
    const source = await api.volume("b-unlink-delete");
    const sessionId = await api.session(source, "b-snap");
    const [target] = await api.link(sessionId, 1, "b-gone", "nocopy");
    const run = await clients.bourne("snapshotsession", [
      "unlink_target",
      "default/b-unlink-delete/b-snap",
      "default/b-unlink-delete/b-gone-1",
      "--delete_target",
      "true",
    ]);
    expectSucceeded(run, /Target successfully unlinked/);
    expect((await api.get(`/block/snapshots/${target}`)).inactive).toBe(true);
    expect(await api.volumesNamed("b-gone-1")).toEqual([]);
  });

  it("snapshotsession restore: the source reads the session's image again", async () => {
    const source = await api.volume("b-restore");
    await api.write(source, new Uint8Array(64 * 1024).fill(0xa1));
    const image = await api.digest(source);
    await api.session(source, "b-snap");
    await api.write(source, new Uint8Array(64 * 1024).fill(0xb2));
    expect(await api.digest(source)).not.toBe(image);
    const run = await clients.bourne("snapshotsession", ["restore", "default/b-restore/b-snap"]);
    expectSucceeded(run, /Snapshot session b-snap \S+ successfully restored/);
    expect(await api.digest(source)).toBe(image);
  });

  it("blocksnapshot restore of a linked target: POST /block/snapshots/{id}/restore restores the source from it", async () => {
    const source = await api.volume("b-restore-target");
    await api.write(source, new Uint8Array(64 * 1024).fill(0xa1));
    const image = await api.digest(source);
    const sessionId = await api.session(source, "b-snap");
    await api.link(sessionId, 1, "b-image", "copy");
    await api.write(source, new Uint8Array(64 * 1024).fill(0xb2));
    const run = await clients.bourne("blocksnapshot", ["restore", "default/b-restore-target/b-image-1"]);
    expectSucceeded(run, /Restore snapshot completed in \S+ seconds, status is ready/);
    expect(await api.digest(source)).toBe(image);
  });

  it("snapshotsession delete: the session is deactivated", async () => {
    const source = await api.volume("b-delete");
    const sessionId = await api.session(source, "b-snap");
    const run = await clients.bourne("snapshotsession", ["delete", "default/b-delete/b-snap"]);
    expectSucceeded(run, /Snapshot session b-snap \S+ successfully deleted/);
    expect((await api.get(`/block/snapshot-sessions/${sessionId}`)).inactive).toBe(true);
  });

  it("volume delete --wait: the volume is deactivated", async () => {
    const volumeId = await api.volume("b-delete-volume");
    const run = await clients.bourne("volume", ["delete", "default/b-delete-volume", "--wait"]);
    expectSucceeded(run, /Volume\(s\) deleted successfully/);
    expect((await api.get(`/block/volumes/${volumeId}`)).inactive).toBe(true);
  });

  it("snapshotsession show of an unknown session: bourne says so and exits non-zero", async () => {
    await api.volume("b-unknown");
    const run = await clients.bourne("snapshotsession", ["show", "default/b-unknown/no-such-session"]);
    expect(run.code, explain(run)).not.toBe(0);
    expect(run.output).toMatch(/Invalid snapshot session name/);
    expect(refusedCalls(run), explain(run)).toEqual([]);
  });

  /*
   * The refusals a client meets, each compared by bourne's api_check_error exactly as CoprHD's
   * suites compare them: HTTP status, service code and the details text to the letter.
   */

  it("refuses a link to an unknown session: 404/2000", async () => {
    const unknown = "urn:storageos:BlockSnapshotSession:0b9a5f0e-4d7c-4c1e-9d51-6a1f3e2b7c40:vdc1";
    const run = await clients.checkError({
      method: "POST",
      uri: `/block/snapshot-sessions/${unknown}/link-targets`,
      status: 404,
      code: 2000,
      details: `Unable to find entity specified in URL with the given id ${unknown}`,
      body: { new_linked_targets: { count: 1, target_name: "x", copy_mode: "nocopy" } },
    });
    expect(run.code, explain(run)).toBe(0);
  });

  it("refuses a link over the source's 1,024 linked targets: 400/1008", async () => {
    const source = await api.volume("b-limit");
    const sessionId = await api.session(source, "b-snap");
    const run = await clients.checkError({
      method: "POST",
      uri: `/block/snapshot-sessions/${sessionId}/link-targets`,
      status: 400,
      code: 1008,
      // {2} is what is still free (docs/deviations.md: CoprHD prints 1024 minus what it counts, a negative number).
      details:
        "The requested linked_targets count 1,025 would exceed the maximum allowed for the block snapshot sessions of source b-limit. Try a value less than or equal to 1,024.",
      body: { new_linked_targets: { count: 1025, target_name: "x", copy_mode: "nocopy" } },
    });
    expect(run.code, explain(run)).toBe(0);
  });

  it("refuses a copy mode that is neither copy nor nocopy: 400/1008", async () => {
    const source = await api.volume("b-mode");
    const sessionId = await api.session(source, "b-snap");
    const run = await clients.checkError({
      method: "POST",
      uri: `/block/snapshot-sessions/${sessionId}/link-targets`,
      status: 400,
      code: 1008,
      details: 'The copy_mode fast is not a valid value. The value must be either "copy" or "nocopy".',
      body: { new_linked_targets: { count: 1, target_name: "x", copy_mode: "fast" } },
    });
    expect(run.code, explain(run)).toBe(0);
  });

  it("refuses a session create with targets but no copy mode, as bourne's create sends it: 400/1008", async () => {
    const source = await api.volume("b-create-mode");
    const run = await clients.checkError({
      method: "POST",
      uri: `/block/volumes/${source}/protection/snapshot-sessions`,
      status: 400,
      code: 1008,
      details: 'The copy_mode null is not a valid value. The value must be either "copy" or "nocopy".',
      body: { name: "b-snap", new_linked_targets: { count: 1, target_name: "x" } },
    });
    expect(run.code, explain(run)).toBe(0);
  });

  it("refuses a second session of the same name on a source: 400/1008", async () => {
    const source = await api.volume("b-duplicate");
    await api.session(source, "b-snap");
    const run = await clients.checkError({
      method: "POST",
      uri: `/block/volumes/${source}/protection/snapshot-sessions`,
      status: 400,
      code: 1008,
      details: "A component/resource with the label b-snap already exists.",
      body: { name: "b-snap" },
    });
    expect(run.code, explain(run)).toBe(0);
  });

  it("refuses a second volume of the same name in a project: 400/1008", async () => {
    await api.volume("b-twice");
    const run = await clients.checkError({
      method: "POST",
      uri: "/block/volumes",
      status: 400,
      code: 1008,
      details: "A component/resource with the label b-twice already exists.",
      body: {
        name: "b-twice",
        size: "134217728",
        count: 1,
        varray: api.world.varrayId,
        vpool: api.world.vpoolIds.vmax,
        project: api.world.projectId,
      },
    });
    expect(run.code, explain(run)).toBe(0);
  });
});
