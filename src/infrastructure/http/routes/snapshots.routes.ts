import { BlockQueries } from "../../../application/queries/block-queries.js";
import type { QueryParameters } from "../../../application/queries/resource-search.js";
import { DeactivateLinkedTargetHandler } from "../../../application/snapshots/deactivate-linked-target.handler.js";
import { RestoreFromLinkedTargetHandler } from "../../../application/snapshots/restore-from-linked-target.handler.js";
import { documented } from "../api-docs/operation-docs.js";
import { linkedTargetOperations } from "../api-docs/operations/linked-target.operations.js";
import { requestCaller } from "../auth/authentication.js";
import { sendRepresentation } from "../codecs/reply.js";
import { decodeBody } from "../codecs/request-decoding.js";
import { logCreatedTasks } from "../created-tasks.js";
import type { RoutePlugin } from "../http-dependencies.js";
import {
  blockSnapshotRepresentation,
  linkedTargetBulkRepresentation,
  linkedTargetSearchRepresentation,
} from "../representations/block-snapshot.representations.js";
import { idListRepresentation } from "../representations/snapshot-session.representations.js";
import {
  acceptedTaskRepresentation,
  acceptedTasksRepresentation,
  taskListRepresentation,
  taskRepresentation,
} from "../representations/task.representations.js";
import { bulkIdsBody } from "../requests/request-bodies.js";

type IdParams = { Params: { id: string } };
type TaskParams = { Params: { id: string; op_id: string } };
type DeactivateQuery = IdParams & { Querystring: { type?: string } };
type RestoreQuery = IdParams & { Querystring: { syncDirection?: string } };
type SearchQuery = { Querystring: QueryParameters };

/** Linked targets (ViPR's block snapshots): read, bulk, search, restore their source, delete, their tasks. */
export const snapshotRoutes: RoutePlugin = async (app, { services }) => {
  const restoreFromLinkedTarget = services.get(RestoreFromLinkedTargetHandler);
  const deactivateLinkedTarget = services.get(DeactivateLinkedTargetHandler);
  const blockQueries = services.get(BlockQueries);

  app.get("/block/snapshots/bulk", documented(linkedTargetOperations.ids), async (request, reply) => {
    const ids = await blockQueries.ids(requestCaller(request), "linkedTarget");
    return sendRepresentation(request, reply, 200, idListRepresentation(ids));
  });

  app.post("/block/snapshots/bulk", documented(linkedTargetOperations.bulk), async (request, reply) => {
    const draft = decodeBody(request.body, bulkIdsBody);
    const targets = await blockQueries.linkedTargetsBulk(requestCaller(request), draft);
    return sendRepresentation(request, reply, 200, linkedTargetBulkRepresentation(targets));
  });

  app.get<SearchQuery>("/block/snapshots/search", documented(linkedTargetOperations.search), async (request, reply) => {
    const targets = await blockQueries.searchLinkedTargets(requestCaller(request), request.query);
    return sendRepresentation(request, reply, 200, linkedTargetSearchRepresentation(targets));
  });

  app.get<IdParams>("/block/snapshots/:id", documented(linkedTargetOperations.get), async (request, reply) => {
    const target = await blockQueries.linkedTarget(requestCaller(request), request.params.id);
    return sendRepresentation(request, reply, 200, blockSnapshotRepresentation(target));
  });

  app.post<RestoreQuery>(
    "/block/snapshots/:id/restore",
    documented(linkedTargetOperations.restore),
    async (request, reply) => {
      const { params, query } = request;
      const task = await restoreFromLinkedTarget.handle(requestCaller(request), params.id, query.syncDirection);
      logCreatedTasks(request, [task]);
      return sendRepresentation(request, reply, 202, acceptedTaskRepresentation(task));
    },
  );

  app.post<DeactivateQuery>(
    "/block/snapshots/:id/deactivate",
    documented(linkedTargetOperations.deactivate),
    async (request, reply) => {
      const { params, query } = request;
      const tasks = await deactivateLinkedTarget.handle(requestCaller(request), params.id, query.type);
      logCreatedTasks(request, tasks);
      return sendRepresentation(request, reply, 202, acceptedTasksRepresentation(tasks));
    },
  );

  app.get<IdParams>("/block/snapshots/:id/tasks", documented(linkedTargetOperations.tasks), async (request, reply) => {
    const tasks = await blockQueries.linkedTargetTasks.list(requestCaller(request), request.params.id);
    return sendRepresentation(request, reply, 200, taskListRepresentation(tasks));
  });

  app.get<TaskParams>(
    "/block/snapshots/:id/tasks/:op_id",
    documented(linkedTargetOperations.task),
    async (request, reply) => {
      const { id, op_id: opId } = request.params;
      const task = await blockQueries.linkedTargetTasks.one(requestCaller(request), id, opId);
      return sendRepresentation(request, reply, 200, taskRepresentation(task));
    },
  );
};
