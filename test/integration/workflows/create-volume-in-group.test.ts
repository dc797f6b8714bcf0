import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BlockConsistencyGroup } from "../../../src/domain/consistency-groups/block-consistency-group.js";
import { newUrn } from "../../../src/domain/shared/urn.js";
import type { SeededFamily } from "../../../src/infrastructure/persistence/seed.js";
import { createScratchDatabase, WorkflowWorld } from "./support/workflow-world.js";

let database: Awaited<ReturnType<typeof createScratchDatabase>>;
let world: WorkflowWorld;

beforeAll(async () => {
  database = await createScratchDatabase();
  world = await WorkflowWorld.start("redis", database.url);
});

afterAll(async () => {
  await world?.stop();
  await database?.drop();
});

async function newGroup(name: string): Promise<string> {
  const group = BlockConsistencyGroup.create({
    id: newUrn("BlockConsistencyGroup"),
    name,
    projectId: world.ids.projectId,
    tenantId: world.ids.tenantId,
    arrayConsistency: true,
    now: Date.now(),
  });
  await world.unitOfWork.run((scope) => scope.consistencyGroups.add(group));
  return group.id;
}

async function provisioned(family: SeededFamily, name: string, groupId?: string): Promise<string> {
  const task = await world.startVolume(family, name, "1GB", groupId);
  expect((await world.finished(task.id)).state).toBe("ready");
  const device = await world.arrayDeviceFor(family, task.resource.id);
  if (!device) throw new Error(`no device for ${name}`);
  return device.nativeId;
}

describe("create-volume of a consistency group's volumes", () => {
  it.each<SeededFamily>(["vmax", "vnxblock"])(
    "on %s: puts each volume's device in the group's replication group on the array, and no other",
    async (family) => {
      const groupName = `rg${family}`;
      const groupId = await newGroup(groupName);
      const first = await provisioned(family, `${groupName}-a`, groupId);
      const second = await provisioned(family, `${groupName}-b`, groupId);
      const outside = await provisioned(family, `${groupName}-alone`);

      const { view } = await world.sim.storageSystem(world.ids.systemIds[family]);
      const group = view.replicationGroups.find((g) => g.name === groupName);
      expect([...(group?.members ?? [])].sort()).toEqual([first, second].sort());
      expect(view.replicationGroups.flatMap((g) => g.members)).not.toContain(outside);
    },
  );
});
