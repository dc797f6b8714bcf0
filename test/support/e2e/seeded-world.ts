import type { ViprClient } from "./vipr-client.js";

/** The ids a fresh, seeded coprsim hands a client through its API. */
export interface SeededWorld {
  readonly tenantId: string;
  readonly projectId: string;
  readonly varrayId: string;
  readonly vpoolIds: Readonly<Record<string, string>>;
}

export async function discoverSeededWorld(client: ViprClient): Promise<SeededWorld> {
  const tenant = (await client.get("/tenant")).body;
  const projects = (await client.get(`/tenants/${tenant.id}/projects`)).body.project;
  const varrays = (await client.get("/vdc/varrays")).body.varray;
  const vpools = (await client.get("/block/vpools")).body.virtualpool as { id: string; name: string }[];
  return {
    tenantId: tenant.id,
    projectId: projects.find((p: { name: string }) => p.name === "default").id,
    varrayId: varrays.find((v: { name: string }) => v.name === "varray1").id,
    vpoolIds: Object.fromEntries(vpools.map((v) => [v.name.replace(/^vpool-/, ""), v.id])),
  };
}

/** Creates a volume on the family's vpool and waits until it is provisioned. */
export async function createVolume(
  client: ViprClient,
  world: SeededWorld,
  family: string,
  name: string,
  size = "128MB",
): Promise<string> {
  const { status, body } = await client.post("/block/volumes", {
    name,
    size,
    count: 1,
    varray: world.varrayId,
    vpool: world.vpoolIds[family],
    project: world.projectId,
  });
  if (status !== 202) throw new Error(`volume create: ${status} ${JSON.stringify(body)}`);
  const task = await client.waitForTask(body.task[0].id);
  if (task.state !== "ready") throw new Error(`volume create failed: ${JSON.stringify(task)}`);
  return body.task[0].resource.id;
}

/** Creates a snapshot session of the volume and waits until it is established. */
export async function createSession(client: ViprClient, volumeId: string, name: string): Promise<string> {
  const { status, body } = await client.post(`/block/volumes/${volumeId}/protection/snapshot-sessions`, { name });
  if (status !== 202) throw new Error(`session create: ${status} ${JSON.stringify(body)}`);
  for (const task of body.task) {
    const done = await client.waitForTask(task.id);
    if (done.state !== "ready") throw new Error(`session create failed: ${JSON.stringify(done)}`);
  }
  return body.task.find((t: { resource: { id: string } }) => t.resource.id.includes(":BlockSnapshotSession:")).resource
    .id;
}

/**
 * A consistency group of the default project with a 128 MiB volume per name given, made in the
 * group through the family's `vpool-cg-<family>`; waits until every member is provisioned.
 */
export async function createConsistencyGroup(
  client: ViprClient,
  world: SeededWorld,
  family: string,
  name: string,
  memberNames: readonly string[],
): Promise<{ groupId: string; volumeIds: string[] }> {
  const created = await client.post("/block/consistency-groups", { name, project: world.projectId });
  if (created.status !== 200) throw new Error(`group create: ${created.status} ${JSON.stringify(created.body)}`);
  const groupId: string = created.body.id;
  const volumeIds: string[] = [];
  for (const member of memberNames) {
    const { status, body } = await client.post("/block/volumes", {
      name: member,
      size: "128MB",
      count: 1,
      varray: world.varrayId,
      vpool: world.vpoolIds[`cg-${family}`],
      project: world.projectId,
      consistency_group: groupId,
    });
    if (status !== 202) throw new Error(`volume create in ${name}: ${status} ${JSON.stringify(body)}`);
    const task = await client.waitForTask(body.task[0].id);
    if (task.state !== "ready") throw new Error(`volume create in ${name} failed: ${JSON.stringify(task)}`);
    volumeIds.push(body.task[0].resource.id);
  }
  return { groupId, volumeIds };
}

/** Creates a snapshot session of the whole group and waits until it is established; its id. */
export async function createGroupSession(client: ViprClient, groupId: string, name: string): Promise<string> {
  const { status, body } = await client.post(`/block/consistency-groups/${groupId}/protection/snapshot-sessions`, {
    name,
  });
  if (status !== 202) throw new Error(`group session create: ${status} ${JSON.stringify(body)}`);
  for (const task of body.task) {
    const done = await client.waitForTask(task.id);
    if (done.state !== "ready") throw new Error(`group session create failed: ${JSON.stringify(done)}`);
  }
  return body.task.find((t: { resource: { id: string } }) => t.resource.id.includes(":BlockSnapshotSession:")).resource
    .id;
}
