import { BlockQueries } from "../../../application/queries/block-queries.js";
import type { QueryParameters } from "../../../application/queries/resource-search.js";
import { CreateVolumesHandler } from "../../../application/volumes/create-volumes.handler.js";
import { DeactivateVolumeHandler } from "../../../application/volumes/deactivate-volume.handler.js";
import { documented } from "../api-docs/operation-docs.js";
import { volumeOperations } from "../api-docs/operations/volume.operations.js";
import { requestCaller } from "../auth/authentication.js";
import { sendRepresentation } from "../codecs/reply.js";
import { decodeBody } from "../codecs/request-decoding.js";
import { logCreatedTasks } from "../created-tasks.js";
import type { RoutePlugin } from "../http-dependencies.js";
import { snapshotListRepresentation } from "../representations/block-snapshot.representations.js";
import { idListRepresentation } from "../representations/snapshot-session.representations.js";
import {
  acceptedTaskRepresentation,
  acceptedTasksRepresentation,
  taskListRepresentation,
  taskRepresentation,
} from "../representations/task.representations.js";
import {
  volumeBulkRepresentation,
  volumeRepresentation,
  volumeSearchRepresentation,
} from "../representations/volume.representations.js";
import { bulkIdsBody, volumeCreateBody } from "../requests/request-bodies.js";

type IdParams = { Params: { id: string } };
type TaskParams = { Params: { id: string; op_id: string } };
type SearchQuery = { Querystring: QueryParameters };
type DeactivateQuery = IdParams & { Querystring: { type?: string } };

/** Block volumes: create (one task per volume), read, search, bulk, deactivate, their linked targets and tasks. */
export const volumeRoutes: RoutePlugin = async (app, { services }) => {
  const createVolumes = services.get(CreateVolumesHandler);
  const deactivateVolume = services.get(DeactivateVolumeHandler);
  const blockQueries = services.get(BlockQueries);

  app.post("/block/volumes", documented(volumeOperations.create), async (request, reply) => {
    const tasks = await createVolumes.handle(requestCaller(request), decodeBody(request.body, volumeCreateBody));
    logCreatedTasks(request, tasks);
    return sendRepresentation(request, reply, 202, acceptedTasksRepresentation(tasks));
  });

  app.get<SearchQuery>("/block/volumes/search", documented(volumeOperations.search), async (request, reply) => {
    const volumes = await blockQueries.searchVolumes(requestCaller(request), request.query);
    return sendRepresentation(request, reply, 200, volumeSearchRepresentation(volumes));
  });

  app.get("/block/volumes/bulk", documented(volumeOperations.ids), async (request, reply) => {
    const ids = await blockQueries.ids(requestCaller(request), "volume");
    return sendRepresentation(request, reply, 200, idListRepresentation(ids));
  });

  app.post("/block/volumes/bulk", documented(volumeOperations.bulk), async (request, reply) => {
    const volumes = await blockQueries.volumesBulk(requestCaller(request), decodeBody(request.body, bulkIdsBody));
    return sendRepresentation(request, reply, 200, volumeBulkRepresentation(volumes));
  });

  app.get<IdParams>("/block/volumes/:id", documented(volumeOperations.get), async (request, reply) => {
    const volume = await blockQueries.volume(requestCaller(request), request.params.id);
    return sendRepresentation(request, reply, 200, volumeRepresentation(volume));
  });

  app.post<DeactivateQuery>(
    "/block/volumes/:id/deactivate",
    documented(volumeOperations.deactivate),
    async (request, reply) => {
      const task = await deactivateVolume.handle(requestCaller(request), request.params.id, request.query.type);
      logCreatedTasks(request, [task]);
      return sendRepresentation(request, reply, 202, acceptedTaskRepresentation(task));
    },
  );

  app.get<IdParams>(
    "/block/volumes/:id/protection/snapshots",
    documented(volumeOperations.snapshots),
    async (request, reply) => {
      const targets = await blockQueries.snapshotsOfVolume(requestCaller(request), request.params.id);
      return sendRepresentation(request, reply, 200, snapshotListRepresentation(targets));
    },
  );

  app.get<IdParams>("/block/volumes/:id/tasks", documented(volumeOperations.tasks), async (request, reply) => {
    const tasks = await blockQueries.volumeTasks.list(requestCaller(request), request.params.id);
    return sendRepresentation(request, reply, 200, taskListRepresentation(tasks));
  });

  app.get<TaskParams>("/block/volumes/:id/tasks/:op_id", documented(volumeOperations.task), async (request, reply) => {
    const { id, op_id: opId } = request.params;
    const task = await blockQueries.volumeTasks.one(requestCaller(request), id, opId);
    return sendRepresentation(request, reply, 200, taskRepresentation(task));
  });
};
