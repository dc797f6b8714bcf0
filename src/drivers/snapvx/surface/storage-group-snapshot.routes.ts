import type { FastifyInstance, FastifyRequest } from "fastify";
import type {
  CreateStorageGroupSnapshotRequest,
  ModifyStorageGroupSnapshotRequest,
  StorageGroupGenerations,
  StorageGroupLinkParam,
  StorageGroupReplication,
  StorageGroupSnapIds,
  StorageGroupSnapshotNames,
} from "../unisphere/storage-group-snapshot-wire.js";
import type { SimulatedPowerMax, SnapshotSelector } from "./simulated-powermax.js";
import { UnisphereRefusal } from "./unisphere-refusal.js";
import {
  body,
  flag,
  generationSelector,
  objectName,
  param,
  powerMaxOf,
  runChange,
  type SurfaceContext,
  snapIdSelector,
} from "./unisphere-requests.js";

/**
 * SnapVX on storage groups (`/{version}/replication/symmetrix/{symmetrixId}/storagegroup/{sg}/…`),
 * each snapshot addressed by snap id (`…/snapshot/{name}/snapid/{id}`) or generation
 * (`…/snapshot/{name}/generation/{n}`).
 */
export function registerStorageGroupSnapshotRoutes(app: FastifyInstance, context: SurfaceContext): void {
  const group = "/:version/replication/symmetrix/:symmetrixId/storagegroup/:storageGroupId";
  const named = `${group}/snapshot/:snapshotName`;

  app.get(group, async (request): Promise<StorageGroupReplication> => {
    const powerMax = await powerMaxOf(context, request);
    const name = param(request, "storageGroupId");
    const { devices } = await powerMax.storageGroup(name);
    const snapshots = await powerMax.groupSnapshotNames(name);
    const targets = await Promise.all(devices.map((d) => powerMax.volume(d.deviceId)));
    return {
      name,
      numSnapVXSnapshots: snapshots.reduce((sum, s) => sum + s.count, 0),
      snapVXSnapshots: snapshots.map((s) => s.name),
      isLinkTarget: targets.length > 0 && targets.every((t) => t.target),
      rdf: false,
      capacityGB: Math.round((devices.reduce((sum, d) => sum + d.capacityBytes, 0) / 1024 ** 3) * 100) / 100,
      numDevicesNonGk: devices.length,
    };
  });

  app.get(`${group}/snapshot`, async (request): Promise<StorageGroupSnapshotNames> => {
    const powerMax = await powerMaxOf(context, request);
    const snapshots = await powerMax.groupSnapshotNames(param(request, "storageGroupId"));
    return {
      name: snapshots.map((s) => s.name),
      snapshot_names_and_counts: snapshots.map((s) => ({
        name: s.name,
        snapshot_count: s.count,
        newest_timestamp_utc: s.newest,
      })),
    };
  });

  app.post(`${group}/snapshot`, async (request, reply) => {
    const powerMax = await powerMaxOf(context, request);
    const name = param(request, "storageGroupId");
    const payload = body(request) as Partial<CreateStorageGroupSnapshotRequest>;
    const snapshotName = objectName(payload.snapshotName, "snapshotName");
    await powerMax.storageGroup(name);
    await powerMax.meet("establish");
    const job = {
      name: `Create Snapshot ${snapshotName} of ${name}`,
      resourceLink: snapshotLink(request, snapshotName),
    };
    return runChange(request, reply, powerMax, job, async () => {
      await powerMax.createGroupSnapshot(name, snapshotName);
      const [newest] = await powerMax.groupSnapshotGenerations(name, snapshotName);
      return {
        status: 201,
        answer: () => powerMax.groupSnapshotView(name, snapshotName, { generation: newest?.generation ?? 0 }),
        tasks: [`Establishing SnapVX snapshot ${snapshotName} of storage group ${name}`],
      };
    });
  });

  app.get(`${named}/snapid`, async (request): Promise<StorageGroupSnapIds> => {
    const powerMax = await powerMaxOf(context, request);
    snapIdsOnly(powerMax);
    const generations = await powerMax.groupSnapshotGenerations(
      param(request, "storageGroupId"),
      param(request, "snapshotName"),
    );
    return { snapids: generations.map((s) => s.snapId) };
  });

  app.get(`${named}/generation`, async (request): Promise<StorageGroupGenerations> => {
    const powerMax = await powerMaxOf(context, request);
    const generations = await powerMax.groupSnapshotGenerations(
      param(request, "storageGroupId"),
      param(request, "snapshotName"),
    );
    return { generations: generations.map((s) => s.generation) };
  });

  app.get(`${named}/snapid/:snapId`, async (request) => {
    const powerMax = await powerMaxOf(context, request);
    const selector = snapIdSelector(powerMax, request);
    await powerMax.meet("status");
    return powerMax.groupSnapshotView(param(request, "storageGroupId"), param(request, "snapshotName"), selector);
  });

  app.get(`${named}/generation/:generation`, async (request) => {
    const powerMax = await powerMaxOf(context, request);
    const { generation } = generationSelector(request);
    await powerMax.meet("status");
    return powerMax.groupSnapshotGenerationView(
      param(request, "storageGroupId"),
      param(request, "snapshotName"),
      generation,
    );
  });

  const modify = (selectorOf: (powerMax: SimulatedPowerMax, request: FastifyRequest) => SnapshotSelector) =>
    async function modifySnapshot(request: FastifyRequest, reply: Parameters<typeof runChange>[1]) {
      const powerMax = await powerMaxOf(context, request);
      const selector = selectorOf(powerMax, request);
      const name = param(request, "storageGroupId");
      const snapshotName = param(request, "snapshotName");
      const payload = body(request) as Partial<ModifyStorageGroupSnapshotRequest>;
      const job = {
        name: `${payload.action} Snapshot ${snapshotName} of ${name}`,
        resourceLink: snapshotLink(request, snapshotName),
      };
      const answer = async () => ({
        status: 200,
        answer: () => powerMax.groupSnapshotView(name, snapshotName, selector),
        tasks: [`${payload.action} SnapVX snapshot ${snapshotName} of storage group ${name}`],
      });
      switch (payload.action) {
        case "Link": {
          const target = targetGroup(payload.link);
          await powerMax.meet(await powerMax.groupLinkOperation(name, target, "link"));
          return runChange(request, reply, powerMax, job, async () => {
            await powerMax.linkGroup(name, snapshotName, selector, target, flag(payload.link?.copy));
            return answer();
          });
        }
        case "Relink": {
          const target = targetGroup(payload.relink);
          await powerMax.meet("relink");
          return runChange(request, reply, powerMax, job, async () => {
            await powerMax.relinkGroup(name, snapshotName, selector, target);
            return answer();
          });
        }
        case "Unlink": {
          const target = targetGroup(payload.unlink);
          await powerMax.meet(await powerMax.groupLinkOperation(name, target, "unlink"));
          return runChange(request, reply, powerMax, job, async () => {
            await powerMax.unlinkGroup(name, snapshotName, selector, target, flag(payload.unlink?.symforce));
            return answer();
          });
        }
        case "Restore":
          await powerMax.meet("restore");
          return runChange(request, reply, powerMax, job, async () => {
            await powerMax.restoreGroup(name, snapshotName, selector);
            return answer();
          });
        default:
          throw new UnisphereRefusal(
            400,
            `Action ${String(payload.action)} is not supported here: Link, Relink, Unlink or Restore`,
          );
      }
    };
  app.put(`${named}/snapid/:snapId`, modify(snapIdSelector));
  app.put(
    `${named}/generation/:generation`,
    modify((_powerMax, request) => generationSelector(request)),
  );

  const terminate = (selectorOf: (powerMax: SimulatedPowerMax, request: FastifyRequest) => SnapshotSelector) =>
    async function terminateSnapshot(request: FastifyRequest, reply: Parameters<typeof runChange>[1]) {
      const powerMax = await powerMaxOf(context, request);
      const selector = selectorOf(powerMax, request);
      const name = param(request, "storageGroupId");
      const snapshotName = param(request, "snapshotName");
      const restoring = await powerMax.groupSnapshotIsRestoring(name, snapshotName, selector);
      await powerMax.meet(restoring ? "restore" : "terminate");
      await powerMax.terminateGroupSnapshot(name, snapshotName, selector);
      return reply.code(204).send();
    };
  app.delete(`${named}/snapid/:snapId`, terminate(snapIdSelector));
  app.delete(
    `${named}/generation/:generation`,
    terminate((_powerMax, request) => generationSelector(request)),
  );
}

/** The target group of a link, relink or unlink, whichever key names it. */
function targetGroup(param: StorageGroupLinkParam | undefined): string {
  return objectName(
    param?.storage_group_name ??
      param?.linkStorageGroupName ??
      param?.relinkStorageGroupName ??
      param?.unlinkStorageGroupName,
    "storage_group_name",
  );
}

function snapIdsOnly(powerMax: SimulatedPowerMax): void {
  if (!powerMax.snapIds) {
    throw new UnisphereRefusal(400, "Snap ids are not supported by the microcode of this array: use generations");
  }
}

function snapshotLink(request: FastifyRequest, snapshotName: string): string {
  const { version, symmetrixId, storageGroupId } = request.params as Record<string, string>;
  return `/univmax/restapi/${version}/replication/symmetrix/${symmetrixId}/storagegroup/${storageGroupId}/snapshot/${snapshotName}`;
}
