import type { FastifyInstance, FastifyRequest } from "fastify";
import type {
  CreateStorageGroupRequest,
  EditStorageGroupRequest,
  StorageGroupList,
  VolumeIterator,
} from "../unisphere/provisioning-wire.js";
import { CREATING_VOLUMES, POPULATING_STORAGE_GROUP } from "../unisphere/system-wire.js";
import type { IteratorPage } from "../unisphere/unisphere-wire.js";
import { SERVICE_LEVELS, SIMULATED_SRP, storageGroupExists } from "./powermax-storage-groups.js";
import { SimulatedPowerMax } from "./simulated-powermax.js";
import { UnisphereRefusal } from "./unisphere-refusal.js";
import {
  body,
  deviceIdList,
  newVolumes,
  objectName,
  param,
  powerMaxOf,
  query,
  runChange,
  type SurfaceContext,
} from "./unisphere-requests.js";
import { storageGroupView, volumeView } from "./unisphere-views.js";

/** Lists answer at most this many items at once; the rest come page by page through the iterator. */
const MAX_PAGE_SIZE = 1000;
const ITERATOR_LIFETIME_MS = 30 * 60 * 1000;

/** Storage groups and volumes (`…/sloprovisioning/symmetrix/{symmetrixId}/…`). */
export function registerProvisioningRoutes(app: FastifyInstance, context: SurfaceContext): void {
  const prefix = "/:version/sloprovisioning/symmetrix/:symmetrixId";

  app.get(`${prefix}/srp`, async (request) => {
    await powerMaxOf(context, request);
    return { srpId: [SIMULATED_SRP] };
  });

  app.get(`${prefix}/slo`, async (request) => {
    await powerMaxOf(context, request);
    return { sloId: SERVICE_LEVELS.filter((level) => level !== "None") };
  });

  app.get(`${prefix}/storagegroup`, async (request): Promise<StorageGroupList> => {
    const powerMax = await powerMaxOf(context, request);
    return { storageGroupId: await powerMax.storageGroupNames() };
  });

  app.post(`${prefix}/storagegroup`, async (request, reply) => {
    const powerMax = await powerMaxOf(context, request);
    const payload = body(request) as Partial<CreateStorageGroupRequest>;
    const name = objectName(payload.storageGroupId, "storageGroupId");
    const srp = payload.srpId ?? "None";
    if (srp !== SIMULATED_SRP && srp !== "None") {
      throw new UnisphereRefusal(404, `Storage resource pool ${srp} was not found: the array has ${SIMULATED_SRP}`);
    }
    const [levels] = payload.sloBasedStorageGroupParam ?? [];
    const serviceLevel = canonicalServiceLevel(levels?.sloId ?? "None");
    const workload = levels?.workloadSelection ?? "None";
    const volumes = newVolumes(levels?.volumeAttributes);
    if (await powerMax.hasStorageGroup(name)) throw storageGroupExists();
    if (volumes.length > 0) await powerMax.meet("provision");
    return runChange(
      request,
      reply,
      powerMax,
      { name: `Create Storage Group ${name}`, resourceLink: link(request, name) },
      async () => {
        const deviceIds = await powerMax.createStorageGroup({ name, srp, serviceLevel, workload, volumes });
        return { status: 201, answer: () => groupAnswer(powerMax, name), tasks: volumeTasks(deviceIds) };
      },
    );
  });

  app.get(`${prefix}/storagegroup/:storageGroupId`, async (request) =>
    groupAnswer(await powerMaxOf(context, request), param(request, "storageGroupId")),
  );

  app.put(`${prefix}/storagegroup/:storageGroupId`, async (request, reply) => {
    const powerMax = await powerMaxOf(context, request);
    const name = param(request, "storageGroupId");
    const action = (body(request) as Partial<EditStorageGroupRequest>).editStorageGroupActionParam;
    const expand = action?.expandStorageGroupParam;
    const job = { name: `Modify Storage Group ${name}`, resourceLink: link(request, name) };
    const answer = () => groupAnswer(powerMax, name);
    if (expand?.addVolumeParam) {
      const volumes = newVolumes(expand.addVolumeParam.volumeAttributes);
      if (volumes.length === 0) throw new UnisphereRefusal(400, "addVolumeParam names no volume to create");
      await powerMax.storageGroup(name);
      await powerMax.meet("provision");
      return runChange(request, reply, powerMax, job, async () => {
        const deviceIds = await powerMax.addNewVolumes(name, volumes);
        return { status: 200, answer, tasks: volumeTasks(deviceIds) };
      });
    }
    if (expand?.addSpecificVolumeParam) {
      const deviceIds = deviceIdList(expand.addSpecificVolumeParam.volumeId, "volumeId");
      return runChange(request, reply, powerMax, job, async () => {
        await powerMax.addVolumes(name, deviceIds);
        return { status: 200, answer, tasks: [`${POPULATING_STORAGE_GROUP} : [${deviceIds.join(", ")}]`] };
      });
    }
    if (action?.removeVolumeParam) {
      const deviceIds = deviceIdList(action.removeVolumeParam.volumeId, "volumeId");
      return runChange(request, reply, powerMax, job, async () => {
        await powerMax.removeVolumes(name, deviceIds);
        return { status: 200, answer, tasks: [`Removing volumes [${deviceIds.join(", ")}] from ${name}`] };
      });
    }
    throw new UnisphereRefusal(
      400,
      "editStorageGroupActionParam must hold expandStorageGroupParam (addVolumeParam or addSpecificVolumeParam) or removeVolumeParam",
    );
  });

  app.delete(`${prefix}/storagegroup/:storageGroupId`, async (request, reply) => {
    const powerMax = await powerMaxOf(context, request);
    await powerMax.deleteStorageGroup(param(request, "storageGroupId"));
    return reply.code(204).send();
  });

  app.get(`${prefix}/volume`, async (request): Promise<VolumeIterator> => {
    const powerMax = await powerMaxOf(context, request);
    const filters: VolumeFilters = {
      storageGroupId: query(request, "storageGroupId"),
      volumeIdentifier: query(request, "volume_identifier"),
    };
    const ids = await powerMax.volumeIds(filters);
    const iterator: IteratorSpec = {
      symmetrixId: powerMax.array.symmetrixId,
      version: param(request, "version"),
      filters,
    };
    return {
      id: Buffer.from(JSON.stringify(iterator)).toString("base64url"),
      count: ids.length,
      maxPageSize: MAX_PAGE_SIZE,
      expirationTime: Date.now() + ITERATOR_LIFETIME_MS,
      resultList: page(ids, 1, MAX_PAGE_SIZE),
    };
  });

  app.get(`${prefix}/volume/:volumeId`, async (request) => {
    const powerMax = await powerMaxOf(context, request);
    const { device, groups, source, target } = await powerMax.volume(param(request, "volumeId"));
    return volumeView(device, groups, { source, target });
  });

  app.delete(`${prefix}/volume/:volumeId`, async (request, reply) => {
    const powerMax = await powerMaxOf(context, request);
    await powerMax.meet("delete");
    await powerMax.deleteVolume(param(request, "volumeId"));
    return reply.code(204).send();
  });
}

interface VolumeFilters {
  readonly storageGroupId?: string | undefined;
  readonly volumeIdentifier?: string | undefined;
}

/** What an iterator id stands for: the list it pages through, asked again for each page. */
interface IteratorSpec {
  readonly symmetrixId: string;
  readonly version: string;
  readonly filters: VolumeFilters;
}

/** `GET /common/Iterator/{id}/page?from=&to=` of a volume list. */
export async function volumePage(
  context: SurfaceContext,
  iteratorId: string,
  from: number,
  to: number,
): Promise<IteratorPage<{ volumeId: string }>> {
  let spec: IteratorSpec;
  try {
    spec = JSON.parse(Buffer.from(iteratorId, "base64url").toString("utf8")) as IteratorSpec;
  } catch {
    throw new UnisphereRefusal(404, `Iterator ${iteratorId} was not found`);
  }
  const array = typeof spec?.symmetrixId === "string" ? await context.arrays.array(spec.symmetrixId) : null;
  if (!array) throw new UnisphereRefusal(404, `Iterator ${iteratorId} was not found`);
  if (!Number.isInteger(from) || !Number.isInteger(to) || from < 1 || to < from || to - from >= MAX_PAGE_SIZE) {
    throw new UnisphereRefusal(400, `from ${from} and to ${to} must be 1 ≤ from ≤ to < from + ${MAX_PAGE_SIZE}`);
  }
  const ids = await new SimulatedPowerMax(array, context.store, context.snapIds).volumeIds(spec.filters ?? {});
  return page(ids, from, to);
}

function page(ids: readonly string[], from: number, to: number): IteratorPage<{ volumeId: string }> {
  const result = ids.slice(from - 1, to).map((volumeId) => ({ volumeId }));
  return { result, from, to: from + result.length - 1 };
}

async function groupAnswer(powerMax: SimulatedPowerMax, name: string) {
  const { group, devices } = await powerMax.storageGroup(name);
  return storageGroupView(group, devices, (await powerMax.groupSnapshotNames(name)).length);
}

/** Each new device as a job's task says it, which is how clients learn its id. */
function volumeTasks(deviceIds: readonly string[]): string[] {
  return [
    ...deviceIds.map((id) => `${CREATING_VOLUMES} : [${id}]`),
    ...(deviceIds.length > 0 ? [`${POPULATING_STORAGE_GROUP} : [${deviceIds.join(", ")}]`] : []),
  ];
}

function canonicalServiceLevel(value: string): string {
  const level = SERVICE_LEVELS.find((known) => known.toLowerCase() === value.toLowerCase());
  if (!level) throw new UnisphereRefusal(404, `Service level ${value} was not found: ${SERVICE_LEVELS.join(", ")}`);
  return level;
}

function link(request: FastifyRequest, storageGroup: string): string {
  const { version, symmetrixId } = request.params as Record<string, string>;
  return `/univmax/restapi/${version}/sloprovisioning/symmetrix/${symmetrixId}/storagegroup/${storageGroup}`;
}
