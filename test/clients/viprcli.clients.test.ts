import { afterAll, beforeAll, expect, it } from "vitest";
import { describeWithClients } from "./support/client-tools.js";
import { CoprsimApi } from "./support/coprsim-api.js";
import { type ClientService, startServiceOn4443 } from "./support/service-on-4443.js";
import { type ClientRun, explain, refusedCalls, ViprClients } from "./support/vipr-clients.js";

/**
 * The ViPR command-line interface (`viprcli`), unmodified, against coprsim started as a user
 * starts it. Its snapshot-session commands return once the request is accepted, so after each
 * one the tier waits for the tasks it started and checks that they all ended `ready`, then
 * looks at the effect through the API. Every name the CLI resolves, it resolves through the
 * API's lists, searches and reads: the tier also checks that none of those calls was refused.
 */
describeWithClients("viprcli against coprsim (HTTPS 4443)", (tools) => {
  let running: ClientService;
  let clients: ViprClients;
  let api: CoprsimApi;
  let login: ClientRun;

  beforeAll(async () => {
    running = await startServiceOn4443();
    clients = await ViprClients.copy(tools, running.service);
    api = await CoprsimApi.connect(running.service.baseUrl);
    login = await clients.viprcli(
      ["authenticate", "-u", "root", "-d", clients.folder, "-cf", "viprcli-token"],
      "ChangeMe\n",
    );
  });

  afterAll(async () => {
    await clients?.dispose();
    await running?.stop();
  });

  function expectAccepted(run: ClientRun): void {
    expect(run.code, explain(run)).toBe(0);
    expect(run.output, explain(run)).not.toMatch(/Error|Traceback/);
    expect(refusedCalls(run), explain(run)).toEqual([]);
  }

  /** Runs an asynchronous command and waits for the tasks it started, which must end `ready`. */
  async function runToTheEnd(args: readonly string[]): Promise<ClientRun> {
    const before = await api.taskIds();
    const run = await clients.viprcli(args);
    expectAccepted(run);
    const started = await api.tasksSettledSince(before);
    expect(started.length, explain(run)).toBeGreaterThan(0);
    for (const task of started) expect(task, explain(run)).toMatchObject({ state: "ready" });
    return run;
  }

  const onVolume = (volume: string) => ["-project", "default", "-volume", volume];

  it("authenticate: GET /login answers 401, Basic credentials get the token, then GET /upgrade/target-version", () => {
    expect(login.code, explain(login)).toBe(0);
    expect(login.output).toMatch(/root : Authenticated Successfully/);
    expect(login.requests.map((r) => `${r.method} ${r.url} ${r.status}`)).toEqual([
      "GET /login 401",
      "GET /login 200",
      "GET /upgrade/target-version 200",
    ]);
  });

  it("volume create -sync: finds the vpool through GET /block/vpools/search and follows the task", async () => {
    const run = await clients.viprcli([
      "volume",
      "create",
      "-name",
      "v-vol",
      "-size",
      "128MB",
      "-project",
      "default",
      "-varray",
      "varray1",
      "-vpool",
      "vpool-vmax",
      "-sync",
    ]);
    expectAccepted(run);
    expect(run.requests.map((r) => r.url)).toContain("/block/vpools/search?name=vpool-vmax");
    const [volume] = await api.volumesNamed("v-vol");
    expect(volume).toMatchObject({
      name: "v-vol",
      provisioned_capacity_gb: "0.13",
      vpool: { id: api.world.vpoolIds.vmax },
    });
  });

  it("snapshotsession create without targets", async () => {
    const source = await api.volume("v-create");
    await runToTheEnd(["snapshotsession", "create", "-name", "v-snap", ...onVolume("v-create")]);
    expect(await api.sessionsNamed(source, "v-snap")).toEqual([expect.objectContaining({ linked_targets: [] })]);
  });

  it("snapshotsession create with a copy-mode target", async () => {
    const source = await api.volume("v-create-target");
    await runToTheEnd([
      "snapshotsession",
      "create",
      "-name",
      "v-snap",
      ...onVolume("v-create-target"),
      "-count",
      "1",
      "-targetname",
      "v-tgt",
      "-copymode",
      "copy",
    ]);
    const [session] = await api.sessionsNamed(source, "v-snap");
    const [target] = await api.targetsNamed(source, "v-tgt-1");
    expect(session.linked_targets).toEqual([expect.objectContaining({ id: target.id })]);
    expect(target).toMatchObject({ copy_mode: "copy", link_state: expect.objectContaining({ state: "copied" }) });
  });

  for (const copyMode of ["copy", "nocopy"] as const) {
    it(`snapshotsession linktarget -copymode ${copyMode}`, async () => {
      const volume = `v-link-${copyMode}`;
      const source = await api.volume(volume);
      const sessionId = await api.session(source, "v-snap");
      await runToTheEnd([
        "snapshotsession",
        "linktarget",
        "-name",
        "v-snap",
        ...onVolume(volume),
        "-count",
        "2",
        "-targetname",
        "v-tgt",
        "-copymode",
        copyMode,
      ]);
      expect(await api.linkedTargetIds(sessionId)).toHaveLength(2);
      for (const name of ["v-tgt-1", "v-tgt-2"]) {
        expect(await api.targetsNamed(source, name)).toEqual([
          expect.objectContaining({ copy_mode: copyMode, replica_state: "SYNCHRONIZED" }),
        ]);
      }
    });
  }

  it("snapshotsession show and list: the session as the API answers it, and the source's sessions", async () => {
    const source = await api.volume("v-show");
    const sessionId = await api.session(source, "v-snap");
    const [target] = await api.link(sessionId, 1, "v-tgt", "nocopy");
    const show = await clients.viprcli(["snapshotsession", "show", "-name", "v-snap", ...onVolume("v-show")]);
    expectAccepted(show);
    expect(JSON.parse(show.output)).toMatchObject({
      id: sessionId,
      name: "v-snap",
      parent: { id: source },
      linked_targets: [expect.objectContaining({ id: target })],
    });
    const list = await clients.viprcli(["snapshotsession", "list", ...onVolume("v-show")]);
    expectAccepted(list);
    expect(list.output).toMatch(/v-snap/);
  });

  it("snapshotsession relinktargets: the target moves to another session of its source", async () => {
    const source = await api.volume("v-relink");
    const first = await api.session(source, "v-first");
    const second = await api.session(source, "v-second");
    const [target] = await api.link(first, 1, "v-moved", "nocopy");
    await runToTheEnd([
      "snapshotsession",
      "relinktargets",
      "-name",
      "v-second",
      ...onVolume("v-relink"),
      "-tgnames",
      "v-moved-1",
    ]);
    expect(await api.linkedTargetIds(second)).toEqual([target]);
    expect(await api.linkedTargetIds(first)).toEqual([]);
  });

  it("snapshotsession unlinktargets: one target kept as a volume, one deleted (name:delete)", async () => {
    const source = await api.volume("v-unlink");
    const sessionId = await api.session(source, "v-snap");
    const [kept, deleted] = await api.link(sessionId, 2, "v-tgt", "copy");
    await runToTheEnd([
      "snapshotsession",
      "unlinktargets",
      "-name",
      "v-snap",
      ...onVolume("v-unlink"),
      "-tgnames",
      "v-tgt-1",
      "v-tgt-2:delete",
    ]);
    expect(await api.linkedTargetIds(sessionId)).toEqual([]);
    for (const id of [kept, deleted]) expect((await api.get(`/block/snapshots/${id}`)).inactive).toBe(true);
    expect(await api.volumesNamed("v-tgt-1")).toHaveLength(1);
    expect(await api.volumesNamed("v-tgt-2")).toEqual([]);
  });

  it("snapshotsession restore: the source reads the session's image again", async () => {
    const source = await api.volume("v-restore");
    await api.write(source, new Uint8Array(64 * 1024).fill(0xa1));
    const image = await api.digest(source);
    await api.session(source, "v-snap");
    await api.write(source, new Uint8Array(64 * 1024).fill(0xb2));
    await runToTheEnd(["snapshotsession", "restore", "-name", "v-snap", ...onVolume("v-restore")]);
    expect(await api.digest(source)).toBe(image);
  });

  it("snapshot restore -sync of a linked target: the source is restored from it", async () => {
    const source = await api.volume("v-restore-target");
    await api.write(source, new Uint8Array(64 * 1024).fill(0xa1));
    const image = await api.digest(source);
    const sessionId = await api.session(source, "v-snap");
    await api.link(sessionId, 1, "v-image", "copy");
    await api.write(source, new Uint8Array(64 * 1024).fill(0xb2));
    const run = await clients.viprcli([
      "snapshot",
      "restore",
      "-name",
      "v-image-1",
      ...onVolume("v-restore-target"),
      "-sync",
    ]);
    expectAccepted(run);
    expect(await api.digest(source)).toBe(image);
  });

  it("snapshotsession deactivate: the session is deactivated", async () => {
    const source = await api.volume("v-delete");
    const sessionId = await api.session(source, "v-snap");
    await runToTheEnd(["snapshotsession", "deactivate", "-name", "v-snap", ...onVolume("v-delete")]);
    expect((await api.get(`/block/snapshot-sessions/${sessionId}`)).inactive).toBe(true);
  });

  it("volume delete -sync: the volume is deactivated", async () => {
    const volumeId = await api.volume("v-delete-volume");
    const run = await clients.viprcli(["volume", "delete", "-name", "v-delete-volume", "-project", "default", "-sync"]);
    expectAccepted(run);
    expect((await api.get(`/block/volumes/${volumeId}`)).inactive).toBe(true);
  });

  /*
   * The refusals a CLI user meets: some the CLI makes itself from what it read, some the
   * service's. The CLI exits with the code of its own error kinds: 1 not found, 2 a bad command
   * line, 3 an HTTP error (the service's body is printed), 5 already exists.
   */

  it("an unknown session: the CLI says it does not exist (exit 1, not found)", async () => {
    await api.volume("v-unknown");
    const run = await clients.viprcli([
      "snapshotsession",
      "linktarget",
      "-name",
      "no-such-session",
      ...onVolume("v-unknown"),
      "-count",
      "1",
      "-targetname",
      "x",
      "-copymode",
      "nocopy",
    ]);
    expect(run.code, explain(run)).toBe(1);
    expect(run.output).toMatch(/Snapshot Session with name no-such-session does not exist/);
    expect(refusedCalls(run), explain(run)).toEqual([]);
  });

  it("over the limit: the service's 400/1008 is shown (exit 3, an HTTP error)", async () => {
    const source = await api.volume("v-limit");
    await api.session(source, "v-snap");
    const run = await clients.viprcli([
      "snapshotsession",
      "linktarget",
      "-name",
      "v-snap",
      ...onVolume("v-limit"),
      "-count",
      "1025",
      "-targetname",
      "x",
      "-copymode",
      "nocopy",
    ]);
    expect(run.code, explain(run)).toBe(3);
    expect(run.output).toMatch(/HTTP code: 400/);
    expect(run.output).toMatch(
      /"code":1008,.*"details":"The requested linked_targets count 1,025 would exceed the maximum allowed for the block snapshot sessions of source v-limit\./,
    );
  });

  it("a bad copy mode: the CLI refuses it before any call (exit 2)", async () => {
    const run = await clients.viprcli([
      "snapshotsession",
      "linktarget",
      "-name",
      "v-snap",
      ...onVolume("v-anything"),
      "-count",
      "1",
      "-targetname",
      "x",
      "-copymode",
      "fast",
    ]);
    expect(run.code, explain(run)).toBe(2);
    expect(run.output).toMatch(/invalid choice: 'fast'/);
    expect(run.requests).toEqual([]);
  });

  it("a duplicate session name: the CLI finds the session and refuses (exit 5, already exists)", async () => {
    const source = await api.volume("v-duplicate");
    await api.session(source, "v-snap");
    const run = await clients.viprcli(["snapshotsession", "create", "-name", "v-snap", ...onVolume("v-duplicate")]);
    expect(run.code, explain(run)).toBe(5);
    expect(run.output).toMatch(/Snapshot Session with name v-snap already exists under volumes/);
    expect(await api.sessionsNamed(source, "v-snap")).toHaveLength(1);
  });

  it("a duplicate volume name: the service refuses it with 400/1008 (exit 3, an HTTP error)", async () => {
    await api.volume("v-twice");
    const run = await clients.viprcli([
      "volume",
      "create",
      "-name",
      "v-twice",
      "-size",
      "128MB",
      "-project",
      "default",
      "-varray",
      "varray1",
      "-vpool",
      "vpool-vmax",
    ]);
    expect(run.code, explain(run)).toBe(3);
    expect(run.output).toMatch(
      /"code":1008,.*"details":"A component\/resource with the label v-twice already exists\."/,
    );
    expect(await api.volumesNamed("v-twice")).toHaveLength(1);
  });
});
