import type { FastifyInstance } from "fastify";
import type {
  DeleteVolumeSnapshotRequest,
  ModifyVolumeSnapshotRequest,
  VolumeNamedSnapshot,
  VolumeSnapshots,
} from "../unisphere/device-snapshot-wire.js";
import { UnisphereRefusal } from "./unisphere-refusal.js";
import {
  body,
  bodySelector,
  deviceNames,
  flag,
  objectName,
  param,
  powerMaxOf,
  runChange,
  type SurfaceContext,
} from "./unisphere-requests.js";

/**
 * SnapVX on devices (`/private/{version}/replication/symmetrix/{symmetrixId}/…`): create,
 * link, unlink, restore and terminate by snapshot name with lists of devices, and each device's
 * snapshots and links.
 */
export function registerDeviceSnapshotRoutes(app: FastifyInstance, context: SurfaceContext): void {
  const prefix = "/private/:version/replication/symmetrix/:symmetrixId";
  const resourceLink = (symmetrixId: string, version: string, name: string) =>
    `/univmax/restapi/private/${version}/replication/symmetrix/${symmetrixId}/snapshot/${name}`;

  app.post(`${prefix}/snapshot/:snapshotName`, async (request, reply) => {
    const powerMax = await powerMaxOf(context, request);
    const name = objectName(param(request, "snapshotName"), "snapshot name");
    const sources = deviceNames(body(request).deviceNameListSource, "deviceNameListSource");
    await powerMax.meet("establish");
    const job = {
      name: `Create Snapshot ${name}`,
      resourceLink: resourceLink(powerMax.array.symmetrixId, param(request, "version"), name),
    };
    return runChange(request, reply, powerMax, job, async () => {
      await powerMax.createDeviceSnapshots(name, sources);
      return { status: 201, tasks: [`Establishing SnapVX snapshot ${name} of [${sources.join(", ")}]`] };
    });
  });

  app.put(`${prefix}/snapshot/:snapshotName`, async (request, reply) => {
    const powerMax = await powerMaxOf(context, request);
    const name = param(request, "snapshotName");
    const payload = body(request) as Partial<ModifyVolumeSnapshotRequest> & Record<string, unknown>;
    const sources = deviceNames(payload.deviceNameListSource, "deviceNameListSource");
    const targets = deviceNames(payload.deviceNameListTarget, "deviceNameListTarget");
    if (sources.length !== targets.length) {
      throw new UnisphereRefusal(400, "deviceNameListSource and deviceNameListTarget must name as many devices");
    }
    const selector = bodySelector(powerMax, payload);
    const pairs = sources.map((source, i) => [source, targets[i] ?? ""] as const);
    const job = {
      name: `${payload.action} Snapshot ${name}`,
      resourceLink: resourceLink(powerMax.array.symmetrixId, param(request, "version"), name),
    };
    const tasks = [`${payload.action} SnapVX snapshot ${name} of [${sources.join(", ")}]`];
    switch (payload.action) {
      case "Link":
        await powerMax.meet(await powerMax.linkOperation(pairs, "link"));
        return runChange(request, reply, powerMax, job, async () => {
          for (const [source, target] of pairs) {
            await powerMax.linkDevice(
              await powerMax.deviceSnapshot(source, name, selector),
              target,
              flag(payload.copy),
            );
          }
          return { status: 200, tasks };
        });
      case "Unlink":
        await powerMax.meet(await powerMax.linkOperation(pairs, "unlink"));
        return runChange(request, reply, powerMax, job, async () => {
          for (const [source, target] of pairs) {
            const snapshot = await powerMax.deviceSnapshot(source, name, selector);
            await powerMax.unlinkDevice(snapshot, target, flag(payload.symforce));
          }
          return { status: 200, tasks };
        });
      case "Restore":
        if (pairs.some(([source, target]) => source !== target)) {
          throw new UnisphereRefusal(400, "A restore names each source device as its own target");
        }
        await powerMax.meet("restore");
        return runChange(request, reply, powerMax, job, async () => {
          for (const source of sources)
            await powerMax.restoreDevice(await powerMax.deviceSnapshot(source, name, selector));
          return { status: 200, tasks };
        });
      default:
        throw new UnisphereRefusal(
          400,
          `Action ${String(payload.action)} is not supported here: Link, Unlink or Restore`,
        );
    }
  });

  app.delete(`${prefix}/snapshot/:snapshotName`, async (request, reply) => {
    const powerMax = await powerMaxOf(context, request);
    const name = param(request, "snapshotName");
    const payload = body(request) as Partial<DeleteVolumeSnapshotRequest> & Record<string, unknown>;
    const sources = deviceNames(payload.deviceNameListSource, "deviceNameListSource");
    const selector = bodySelector(powerMax, payload);
    const endRestore = flag(payload.restore);
    await powerMax.meet(endRestore ? "restore" : "terminate");
    const job = {
      name: `${endRestore ? "Terminate restore of" : "Terminate"} Snapshot ${name}`,
      resourceLink: resourceLink(powerMax.array.symmetrixId, param(request, "version"), name),
    };
    return runChange(request, reply, powerMax, job, async () => {
      for (const source of sources) {
        await powerMax.terminateOrEndRestore(await powerMax.deviceSnapshot(source, name, selector), endRestore);
      }
      return { status: 204, tasks: [`Terminating SnapVX snapshot ${name} of [${sources.join(", ")}]`] };
    });
  });

  app.get(`${prefix}/volume/:volumeId/snapshot`, async (request): Promise<VolumeSnapshots> => {
    const powerMax = await powerMaxOf(context, request);
    await powerMax.meet("status");
    return powerMax.volumeSnapshots(param(request, "volumeId"));
  });

  app.get(`${prefix}/volume/:volumeId/snapshot/:snapshotName`, async (request): Promise<VolumeNamedSnapshot> => {
    const powerMax = await powerMaxOf(context, request);
    return powerMax.volumeNamedSnapshot(param(request, "volumeId"), param(request, "snapshotName"));
  });
}
