import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { newUrn } from "../../../src/domain/shared/urn.js";
import { expectViprError } from "../../support/http/error-assertions.js";
import { HttpTestApp } from "../../support/http/http-test-app.js";
import { xmlParser } from "../../support/http/xml-parity.js";

const self = (href: string) => ({ rel: "self", href });
const VDC = "urn:storageos:VirtualDataCenter:00000000-0000-0000-0000-000000000001:vdc1";

describe("block consistency groups", () => {
  let t: HttpTestApp;
  let root: string;

  beforeEach(async () => {
    t = new HttpTestApp();
    root = await t.login();
  });
  afterEach(() => t.close());

  const groupCount = () => t.store.consistencyGroups.size;
  const create = (body: unknown, token = root) => t.json("POST", "/block/consistency-groups", token, body);

  describe("POST /block/consistency-groups", () => {
    it("makes an empty group of the project at once, in JSON", async () => {
      const response = await create({ name: "cg_2-b", project: t.projectId });

      expect(response.statusCode).toBe(200);
      const { id } = response.json();
      expect(id).toMatch(/^urn:storageos:BlockConsistencyGroup:[0-9a-f-]{36}:vdc1$/);
      expect(response.json()).toEqual({
        creation_time: t.clock.now(),
        global: false,
        id,
        inactive: false,
        internal: false,
        link: self(`/block/consistency-groups/${id}`),
        name: "cg_2-b",
        remote: false,
        tags: [],
        vdc: { id: VDC, link: self(`/vdc/${VDC}`) },
        array_consistency: true,
        project: { id: t.projectId, link: self(`/projects/${t.projectId}`) },
        supports_snapshot_sessions: false,
        types: [],
        volumes: [],
      });
      expect((await t.json("GET", `/block/consistency-groups/${id}`, root)).json()).toEqual(response.json());
    });

    it("takes an XML body and answers in XML, array_consistency as sent", async () => {
      const response = await t.xml(
        "POST",
        "/block/consistency-groups",
        root,
        `<consistency_group_create><name>cgxml</name><project>${t.projectId}</project>` +
          "<array_consistency>false</array_consistency></consistency_group_create>",
      );

      expect(response.statusCode).toBe(200);
      const group = xmlParser.parse(response.body).consistency_group[0];
      expect(group.name).toEqual(["cgxml"]);
      expect(group.array_consistency).toEqual(["false"]);
      expect(group.project[0].id).toEqual([t.projectId]);
    });

    it("refuses a name an active group of any project has, whatever the case; a deleted group's is free", async () => {
      const other = t.world.addConsistencyGroup(t.otherProjectId, "taken");
      const before = groupCount();
      expectViprError(
        await create({ name: "TAKEN", project: t.projectId }),
        400,
        1008,
        "A component/resource with the label TAKEN already exists.",
      );
      expect(groupCount()).toBe(before);

      const bob = await t.login("bob");
      expect((await t.json("POST", `/block/consistency-groups/${other}/deactivate`, bob)).statusCode).toBe(202);
      expect((await create({ name: "TAKEN", project: t.projectId })).statusCode).toBe(200);
    });

    it("refuses a name of other characters, an empty one and one over 64 characters, and stores nothing", async () => {
      const long = "a".repeat(65);
      const cases: [unknown, number, string][] = [
        ["cg 1", 1008, "Consistency Group name can be alpha numeric characters only."],
        ["cg.1", 1008, "Consistency Group name can be alpha numeric characters only."],
        ["", 1005, "Required parameter name was missing or empty"],
        [undefined, 1005, "Required parameter name was missing or empty"],
        [long, 1008, `Invalid value ${long} for parameter name, maximum length is 64`],
      ];
      for (const [name, code, details] of cases) {
        expectViprError(await create({ name, project: t.projectId }), 400, code, details);
      }
      expect(groupCount()).toBe(1);
      expect((await create({ name: "a".repeat(64), project: t.projectId })).statusCode).toBe(200);
    });

    it("refuses a missing, malformed, mistyped, unknown or deleted project", async () => {
      const unknown = newUrn("Project");
      const deleted = t.world.addProject(t.providerTenantId, "gone", "root");
      const state = t.store.projects.get(deleted);
      if (state) t.store.projects.set(deleted, { ...state, inactive: true });
      const cases: [unknown, number, string][] = [
        [undefined, 1005, "Required parameter project was missing or empty"],
        ["nonsense", 1008, "Parameter project is not a valid URI: nonsense"],
        [t.volumeId, 1008, `Parameter project is not a Project URI: ${t.volumeId}`],
        [unknown, 1004, `Unable to find entity with the given id ${unknown}`],
        [deleted, 1006, `Entity with the given id ${deleted} is inactive and marked for deletion`],
      ];
      for (const [project, code, details] of cases) {
        expectViprError(await create({ name: "cgp", project }), 400, code, details);
      }
      expect(groupCount()).toBe(1);
    });

    it("refuses a caller who may not change the project's resources (403), after the name checks", async () => {
      const alice = await t.login("alice");
      expectViprError(
        await create({ name: "cga", project: t.projectId }, alice),
        403,
        3000,
        "Insufficient permissions for user alice.",
      );
      expectViprError(
        await create({ name: "cg1", project: t.projectId }, alice),
        400,
        1008,
        "A component/resource with the label cg1 already exists.",
      );
      const bob = await t.login("bob");
      expectViprError(
        await create({ name: "cgb", project: t.projectId }, bob),
        403,
        3000,
        "Insufficient permissions for user bob.",
      );
      expect(groupCount()).toBe(1);
    });
  });

  describe("volumes in a group", () => {
    let cgVpool: string;
    const createVolumes = (body: Record<string, unknown>) =>
      t.json("POST", "/block/volumes", root, {
        name: "member",
        size: "1GB",
        varray: t.world.varrayId,
        vpool: cgVpool,
        project: t.projectId,
        consistency_group: t.consistencyGroupId,
        ...body,
      });

    beforeEach(() => {
      cgVpool = t.world.addConsistencyGroupVpool(t.snapvx, "vpool-cg");
    });

    it("makes the volumes in the group, binds it to their system, and shows each side", async () => {
      const response = await createVolumes({ count: 2 });

      expect(response.statusCode).toBe(202);
      const ids = response.json().task.map((task: { resource: { id: string } }) => task.resource.id);
      for (const id of ids) {
        expect((await t.json("GET", `/block/volumes/${id}`, root)).json().consistency_group).toEqual({
          id: t.consistencyGroupId,
          link: self(`/block/consistency-groups/${t.consistencyGroupId}`),
        });
      }
      const group = (await t.json("GET", `/block/consistency-groups/${t.consistencyGroupId}`, root)).json();
      expect(group).toMatchObject({
        storage_controller: {
          id: t.snapvx.systemId,
          link: self(`/vdc/storage-systems/${t.snapvx.systemId}`),
        },
        supports_snapshot_sessions: true,
        system_consistency_groups: [{ name: t.snapvx.systemId, value: "cg1" }],
        types: ["LOCAL"],
        volumes: ids.map((id: string) => ({ id, link: self(`/block/volumes/${id}`) })),
      });
      expect(Object.keys(group).slice(10)).toEqual([
        "array_consistency",
        "project",
        "storage_controller",
        "supports_snapshot_sessions",
        "system_consistency_groups",
        "types",
        "volumes",
      ]);

      const xml = xmlParser.parse((await t.xml("GET", `/block/consistency-groups/${t.consistencyGroupId}`, root)).body)
        .consistency_group[0];
      expect(xml.volumes[0].volume.map((v: { id: string[] }) => v.id[0])).toEqual(ids);
      expect(xml.types).toEqual(["LOCAL"]);
      expect(xml.system_consistency_groups).toEqual([{ name: [t.snapvx.systemId], value: ["cg1"] }]);
      expect((await t.json("GET", `/block/volumes/${t.volumeId}`, root)).json().consistency_group).toBeUndefined();
    });

    it("places a bound group's volumes on its system only", async () => {
      // The pool of the first array the virtual pool's family offers would be taken, but for the group.
      const other = t.world.addArray("symm-2", "vmax");
      t.world.addGroupMember(t.consistencyGroupId, other, "first");

      const response = await createVolumes({ name: "second" });

      expect(response.statusCode).toBe(202);
      const [volumeId] = response.json().task.map((task: { resource: { id: string } }) => task.resource.id);
      expect(t.store.volumes.get(volumeId)?.placement.storageSystemId).toBe(other.systemId);
    });

    it("refuses each broken rule in the real controller's order, and stores nothing", async () => {
      const inactive = t.world.addConsistencyGroup(t.projectId, "gone");
      const gone = t.store.consistencyGroups.get(inactive);
      if (gone) t.store.consistencyGroups.set(inactive, { ...gone, inactive: true });
      const otherProjects = t.world.addConsistencyGroup(t.otherProjectId, "elsewhere");
      const unknown = newUrn("BlockConsistencyGroup");
      const plainVpool = t.snapvx.vpoolId;
      const cases: [Record<string, unknown>, number, string][] = [
        [{ consistency_group: "nonsense" }, 1002, "Parameter nonsense is not a valid URI"],
        [{ consistency_group: unknown }, 1004, `Unable to find entity with the given id ${unknown}`],
        [
          { consistency_group: inactive },
          1006,
          `Entity with the given id ${inactive} is inactive and marked for deletion`,
        ],
        [{ consistency_group: otherProjects }, 1008, `Objects should all be in the project ${t.otherProjectId}`],
        // Another project's group with a pool without multi_volume_consistency: the project is checked first.
        [
          { consistency_group: otherProjects, vpool: plainVpool },
          1008,
          `Objects should all be in the project ${t.otherProjectId}`,
        ],
        [
          { vpool: plainVpool },
          1008,
          `Consistency group ${t.consistencyGroupId} was provided but multi_volume_consistency attribute in the virtual pool ${plainVpool} is false`,
        ],
      ];
      const volumes = t.store.volumes.size;
      for (const [body, code, details] of cases) {
        expectViprError(await createVolumes(body), 400, code, details);
      }
      expect(t.store.volumes.size).toBe(volumes);
      expect(t.store.consistencyGroups.get(t.consistencyGroupId)?.storageSystemId).toBeNull();
    });

    it("refuses a group bound to a system the virtual array does not reach", async () => {
      t.world.addGroupMember(t.consistencyGroupId, t.snapvx, "m1");
      const varray2 = newUrn("VirtualArray");
      t.store.varrays.set(varray2, { id: varray2, name: "varray2", creationTime: t.clock.now() });
      const other = t.world.addArray("symm-2", "vmax");
      const pool = t.store.storagePools.get(other.poolId);
      if (pool) t.store.storagePools.set(other.poolId, { ...pool, varrayIds: [varray2] });
      const vpool = t.store.vpools.get(cgVpool);
      if (vpool) t.store.vpools.set(cgVpool, { ...vpool, varrayIds: [t.world.varrayId, varray2] });

      expectViprError(
        await createVolumes({ varray: varray2 }),
        400,
        1008,
        `The storage system that the consistency group ${t.consistencyGroupId} created on is not assigned to the virtual array ${varray2}.`,
      );
      expect([...t.store.volumes.values()].filter((v) => v.consistencyGroupId === t.consistencyGroupId)).toHaveLength(
        1,
      );
    });

    it("places no volume of a multi_volume_consistency pool on an array that holds no groups", async () => {
      const system = t.store.storageSystems.get(t.mockArray.systemId);
      if (system) t.store.storageSystems.set(system.id, { ...system, settings: { consistencyGroups: false } });
      const vpool = t.world.addConsistencyGroupVpool(t.mockArray, "vpool-plain-cg");
      const volumes = t.store.volumes.size;

      expectViprError(
        await createVolumes({ vpool }),
        400,
        1008,
        "No storage pool of virtual pool vpool-plain-cg can hold the volume in virtual array varray1",
      );
      expect(t.store.volumes.size).toBe(volumes);
    });

    it("a member volume is deleted as any volume; the group then may be", async () => {
      const response = await createVolumes({});
      const [volumeId] = response.json().task.map((task: { resource: { id: string } }) => task.resource.id);
      const volume = t.store.volumes.get(volumeId);
      if (volume) {
        t.store.volumes.set(volumeId, {
          ...volume,
          device: { nativeId: "00F00", wwn: "60000970000196700001533030463030", deviceLabel: "member" },
        });
      }
      for (const task of t.store.tasks.values()) {
        if (task.resource.id === volumeId) t.store.tasks.set(task.id, { ...task, state: "ready" });
      }
      expect((await t.json("POST", `/block/volumes/${volumeId}/deactivate?type=VIPR_ONLY`, root)).statusCode).toBe(202);
      expect((await t.json("GET", `/block/consistency-groups/${t.consistencyGroupId}`, root)).json().volumes).toEqual(
        [],
      );
      expect(
        (await t.json("POST", `/block/consistency-groups/${t.consistencyGroupId}/deactivate`, root)).statusCode,
      ).toBe(202);
    });
  });

  describe("POST /block/consistency-groups/{id}/deactivate", () => {
    const deactivate = (id: string, token = root, query = "") =>
      t.json("POST", `/block/consistency-groups/${id}/deactivate${query}`, token);

    it("deletes an empty group at once: its task is ready in the answer and at its lookups", async () => {
      const response = await deactivate(t.consistencyGroupId);

      expect(response.statusCode).toBe(202);
      const task = response.json();
      expect(task).toMatchObject({
        name: "DELETE CONSISTENCY GROUP",
        description: "delete a consistency group",
        state: "ready",
        progress: 100,
        message: "Operation completed successfully",
        resource: {
          id: t.consistencyGroupId,
          name: "cg1",
          link: self(`/block/consistency-groups/${t.consistencyGroupId}`),
        },
        tenant: { id: t.providerTenantId },
      });
      const group = (await t.json("GET", `/block/consistency-groups/${t.consistencyGroupId}`, root)).json();
      expect(group.inactive).toBe(true);
      const tasks = (await t.json("GET", `/block/consistency-groups/${t.consistencyGroupId}/tasks`, root)).json();
      expect(tasks.task.map((one: { id: string }) => one.id)).toEqual([task.id]);
      const byOpId = await t.json("GET", `/block/consistency-groups/${t.consistencyGroupId}/tasks/${task.op_id}`, root);
      expect(byOpId.json()).toEqual(task);
      expect((await t.json("GET", `/vdc/tasks/${task.id}`, root)).json()).toEqual(task);
    });

    it("deletes a bound group too, whatever the type, and a deleted group again", async () => {
      t.world.addGroupMember(t.consistencyGroupId, t.snapvx, "m1");
      const memberId = [...t.store.volumes.values()].find((v) => v.consistencyGroupId === t.consistencyGroupId)?.id;
      const member = memberId ? t.store.volumes.get(memberId) : undefined;
      if (member) t.store.volumes.set(member.id, { ...member, inactive: true });

      expect((await deactivate(t.consistencyGroupId, root, "?type=VIPR_ONLY")).json().state).toBe("ready");
      const again = await deactivate(t.consistencyGroupId, root, "?type=anything");
      expect(again.statusCode).toBe(202);
      expect(again.json().state).toBe("ready");
      expect(t.store.consistencyGroups.get(t.consistencyGroupId)).toMatchObject({
        inactive: true,
        storageSystemId: null,
      });
    });

    it("refuses while an active volume is in the group, and changes nothing", async () => {
      t.world.addGroupMember(t.consistencyGroupId, t.snapvx, "m1");
      const tasks = t.store.tasks.size;

      expectViprError(
        await deactivate(t.consistencyGroupId),
        400,
        1020,
        `BlockConsistencyGroup ${t.consistencyGroupId} has active references of type Volume`,
      );
      expect(t.store.consistencyGroups.get(t.consistencyGroupId)?.inactive).toBe(false);
      expect(t.store.tasks.size).toBe(tasks);
    });

    it("refuses a malformed id (400/1002), an unknown one (404/2000) and a caller who may not write (403)", async () => {
      expectViprError(await deactivate("nonsense"), 400, 1002, "Parameter nonsense is not a valid URI");
      const unknown = newUrn("BlockConsistencyGroup");
      expectViprError(
        await deactivate(unknown),
        404,
        2000,
        `Unable to find entity specified in URL with the given id ${unknown}`,
      );
      for (const user of ["alice", "bob"]) {
        expectViprError(
          await deactivate(t.consistencyGroupId, await t.login(user)),
          403,
          3000,
          `Insufficient permissions for user ${user}.`,
        );
      }
      expect(t.store.consistencyGroups.get(t.consistencyGroupId)?.inactive).toBe(false);
    });
  });

  describe("reads", () => {
    it("GET /block/consistency-groups/{id}: 400/1008 for another type (SYSTEM_MONITOR), 404 unknown, 403 other tenant", async () => {
      const monitor = await t.login("sysmonitor");
      expectViprError(
        await t.json("GET", `/block/consistency-groups/${t.volumeId}`, monitor),
        400,
        1008,
        `Parameter id is not a BlockConsistencyGroup URI: ${t.volumeId}`,
      );
      const unknown = newUrn("BlockConsistencyGroup");
      expectViprError(
        await t.json("GET", `/block/consistency-groups/${unknown}`, root),
        404,
        2000,
        `Unable to find entity specified in URL with the given id ${unknown}`,
      );
      const bob = await t.login("bob");
      expectViprError(
        await t.json("GET", `/block/consistency-groups/${t.consistencyGroupId}`, bob),
        403,
        3000,
        "Insufficient permissions for user bob.",
      );
      expect((await t.json("GET", `/block/consistency-groups/${t.consistencyGroupId}`, monitor)).statusCode).toBe(200);
    });

    it("searches by name prefix (any case), within a project, and by project", async () => {
      const second = t.world.addConsistencyGroup(t.projectId, "CgTwo");
      t.world.addConsistencyGroup(t.otherProjectId, "cg-elsewhere");
      const match = (id: string, name: string) => ({
        id,
        link: self(`/block/consistency-groups/${id}`),
        match: name,
      });

      const elsewhere = [...t.store.consistencyGroups.values()].find((g) => g.name === "cg-elsewhere")?.id ?? "";

      // root, a SYSTEM_MONITOR, finds every match; bob those of the projects he may read.
      const byName = (await t.json("GET", "/block/consistency-groups/search?name=CG", root)).json();
      expect(byName.resource).toEqual([
        match(elsewhere, "cg-elsewhere"),
        match(t.consistencyGroupId, "cg1"),
        match(second, "CgTwo"),
      ]);
      const bob = await t.login("bob");
      const asBob = (await t.json("GET", "/block/consistency-groups/search?name=cg", bob)).json();
      expect(asBob.resource).toEqual([match(elsewhere, "cg-elsewhere")]);
      const inProject = await t.json("GET", `/block/consistency-groups/search?name=cgt&project=${t.projectId}`, root);
      expect(inProject.json().resource).toEqual([match(second, "CgTwo")]);
      const byProject = await t.json("GET", `/block/consistency-groups/search?project=${t.projectId}`, root);
      expect(byProject.json().resource.map((r: { id: string }) => r.id)).toEqual([t.consistencyGroupId, second]);
      expectViprError(
        await t.json("GET", "/block/consistency-groups/search?name=c", root),
        400,
        1008,
        "name parameter c for com.emc.storageos.db.client.model.BlockConsistencyGroup search must be at least 2 characters",
      );
      expectViprError(
        await t.json("GET", "/block/consistency-groups/search?colour=red", root),
        400,
        1008,
        "Unknown parameter for search: {colour=[red]}",
      );
    });

    it("bulk: every active id for SYSTEM_MONITOR only; by ids, those the caller may read, in the order named", async () => {
      const elsewhere = t.world.addConsistencyGroup(t.otherProjectId, "elsewhere");
      const monitor = await t.login("sysmonitor");
      expect((await t.json("GET", "/block/consistency-groups/bulk", monitor)).json()).toEqual({
        id: [t.consistencyGroupId, elsewhere],
      });
      expectViprError(
        await t.json("GET", "/block/consistency-groups/bulk", await t.login("alice")),
        403,
        3000,
        "Insufficient permissions for user alice.",
      );

      const ids = [elsewhere, newUrn("BlockConsistencyGroup"), t.consistencyGroupId];
      const asRoot = (await t.json("POST", "/block/consistency-groups/bulk", root, { id: ids })).json();
      expect(asRoot.consistency_group.map((g: { id: string }) => g.id)).toEqual([elsewhere, t.consistencyGroupId]);
      const bob = await t.login("bob");
      const asBob = (await t.json("POST", "/block/consistency-groups/bulk", bob, { id: ids })).json();
      expect(asBob.consistency_group.map((g: { id: string }) => g.id)).toEqual([elsewhere]);
    });

    it("PUT /block/consistency-groups/{id} (adding or removing volumes) is not served: 405/1007", async () => {
      const response = await t.json("PUT", `/block/consistency-groups/${t.consistencyGroupId}`, root, {});
      expectViprError(
        response,
        405,
        1007,
        `Method PUT is not supported for /block/consistency-groups/${t.consistencyGroupId}`,
      );
    });
  });
});
