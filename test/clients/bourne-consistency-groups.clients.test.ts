import { afterAll, beforeAll, expect, it } from "vitest";
import { describeWithClients } from "./support/client-tools.js";
import { CoprsimApi } from "./support/coprsim-api.js";
import { type ClientService, startServiceOn4443 } from "./support/service-on-4443.js";
import { type ClientRun, explain, refusedCalls, ViprClients } from "./support/vipr-clients.js";

/**
 * CoprHD's `bourne` harness, unmodified, on consistency groups: its `blockconsistencygroup`
 * script and `volume create --consistencyGroup`, as CoprHD's sanity suites drive them
 * (docs/api/consistency-groups.md).
 */
describeWithClients("bourne's consistency groups against coprsim (HTTPS 4443)", (tools) => {
  let running: ClientService;
  let clients: ViprClients;
  let api: CoprsimApi;

  beforeAll(async () => {
    running = await startServiceOn4443();
    clients = await ViprClients.copy(tools, running.service);
    api = await CoprsimApi.connect(running.service.baseUrl);
    const login = await clients.bourne("security", ["login", "root", "ChangeMe"]);
    expect(login.code, explain(login)).toBe(0);
  });

  afterAll(async () => {
    await clients?.dispose();
    await running?.stop();
  });

  function expectSucceeded(run: ClientRun, says?: RegExp): void {
    expect(run.code, explain(run)).toBe(0);
    if (says) expect(run.output, explain(run)).toMatch(says);
    expect(run.output, explain(run)).not.toMatch(/failed with error|Traceback|Exception/);
    expect(refusedCalls(run), explain(run)).toEqual([]);
  }

  /** A command that expects a refusal (bourne's api_check_error): it raises unless status, code and text all match. */
  function expectRefusedAsExpected(run: ClientRun, code: number): void {
    expect(run.code, explain(run)).toBe(0);
    expect(run.output, explain(run)).not.toMatch(/Traceback|Exception/);
    expect(run.output, explain(run)).toMatch(new RegExp(`u'code': ${code}`));
    expect(refusedCalls(run), explain(run)).toHaveLength(1);
  }

  async function groupNamed(name: string): Promise<{ id: string; volumes: { id: string }[]; inactive: boolean }> {
    const found = await api.get(`/block/consistency-groups/search?name=${name}`);
    const match = found.resource.find((r: { match: string }) => r.match === name);
    if (!match) throw new Error(`no consistency group ${name}`);
    return api.get(`/block/consistency-groups/${match.id}`);
  }

  it("create, a volume created in the group, check_volume, bulk, and the refusals a suite expects", async () => {
    expectSucceeded(await clients.bourne("blockconsistencygroup", ["create", "default", "bcg1"]));
    expect(await groupNamed("bcg1")).toMatchObject({ array_consistency: true, volumes: [] });

    const create = await clients.bourne("volume", [
      "create",
      "b-cg-vol",
      "default",
      "varray1",
      "vpool-cg-vmax",
      "134217728",
      "--consistencyGroup",
      "bcg1",
    ]);
    expectSucceeded(create, /Volume created with id urn:storageos:Volume:/);
    const [volume] = await api.volumesNamed("b-cg-vol");
    const group = await groupNamed("bcg1");
    expect(group.volumes.map((v) => v.id)).toEqual([volume.id]);
    expect(volume.consistency_group.id).toBe(group.id);

    expectSucceeded(await clients.bourne("blockconsistencygroup", ["check_volume", "default", "b-cg-vol", "bcg1"]));
    expectSucceeded(await clients.bourne("blockconsistencygroup", ["bulk"]), /bcg1/);
    expectRefusedAsExpected(await clients.bourne("blockconsistencygroup", ["delete_with_volumes", "bcg1"]), 1020);

    // A pool without multi_volume_consistency, as CoprHD's suite words the refusal.
    const wrongPool = await clients.bourne("blockconsistencygroup", [
      "check_volume_error",
      "b-cg-vol2",
      "default",
      "varray1",
      "vpool-vmax",
      "134217728",
      "Consistency group $cgid was provided but multi_volume_consistency attribute in the virtual pool $cosid is false",
      "--consistencyGroup",
      "bcg1",
    ]);
    expectRefusedAsExpected(wrongPool, 1008);
    expect((await groupNamed("bcg1")).volumes).toHaveLength(1);
  });

  it("delete of an empty group made without array consistency: the task is ready at once, the group inactive", async () => {
    expectSucceeded(
      await clients.bourne("blockconsistencygroup", ["create", "default", "bcg2", "--noarrayconsistency"]),
    );
    const group = await groupNamed("bcg2");
    expect(group).toMatchObject({ array_consistency: false });

    const run = await clients.bourne("blockconsistencygroup", ["delete", "bcg2"]);

    expectSucceeded(run, /BlockConsistencyGroup deleted successfully/);
    expect((await api.get(`/block/consistency-groups/${group.id}`)).inactive).toBe(true);
  });
});
