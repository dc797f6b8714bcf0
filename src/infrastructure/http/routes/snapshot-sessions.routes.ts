import { BlockQueries } from "../../../application/queries/block-queries.js";
import type { QueryParameters } from "../../../application/queries/resource-search.js";
import { CreateSnapshotSessionHandler } from "../../../application/snapshots/create-snapshot-session.handler.js";
import { DeactivateSnapshotSessionHandler } from "../../../application/snapshots/deactivate-snapshot-session.handler.js";
import { LinkTargetsHandler } from "../../../application/snapshots/link-targets.handler.js";
import { RelinkTargetsHandler } from "../../../application/snapshots/relink-targets.handler.js";
import { RestoreSnapshotSessionHandler } from "../../../application/snapshots/restore-snapshot-session.handler.js";
import { UnlinkTargetsHandler } from "../../../application/snapshots/unlink-targets.handler.js";
import { documented } from "../api-docs/operation-docs.js";
import { snapshotSessionOperations } from "../api-docs/operations/snapshot-session.operations.js";
import { requestCaller } from "../auth/authentication.js";
import { sendRepresentation } from "../codecs/reply.js";
import { decodeBody } from "../codecs/request-decoding.js";
import { logCreatedTasks } from "../created-tasks.js";
import type { RoutePlugin } from "../http-dependencies.js";
import {
  blockSnapshotSessionRepresentation,
  idListRepresentation,
  sessionBulkRepresentation,
  sessionListRepresentation,
  sessionSearchRepresentation,
} from "../representations/snapshot-session.representations.js";
import {
  acceptedTaskRepresentation,
  acceptedTasksRepresentation,
  taskListRepresentation,
  taskRepresentation,
} from "../representations/task.representations.js";
import {
  bulkIdsBody,
  linkTargetsBody,
  relinkTargetsBody,
  snapshotSessionCreateBody,
  unlinkTargetsBody,
} from "../requests/request-bodies.js";

type IdParams = { Params: { id: string } };
type TaskParams = { Params: { id: string; op_id: string } };
type DeactivateQuery = IdParams & { Querystring: { type?: string } };
type SearchQuery = { Querystring: QueryParameters };

/**
 * Snapshot sessions of a volume, a session and the operations on it, its tasks, bulk and search.
 * The operations hand their handler a reader of the body rather than the body: the body is read
 * only once the path's resource was found and the caller let through, as on the real controller
 * (docs/api/snapshot-sessions.md, "Checks common to every operation").
 */
export const snapshotSessionRoutes: RoutePlugin = async (app, { services }) => {
  const createSnapshotSession = services.get(CreateSnapshotSessionHandler);
  const linkTargets = services.get(LinkTargetsHandler);
  const relinkTargets = services.get(RelinkTargetsHandler);
  const unlinkTargets = services.get(UnlinkTargetsHandler);
  const restoreSnapshotSession = services.get(RestoreSnapshotSessionHandler);
  const deactivateSnapshotSession = services.get(DeactivateSnapshotSessionHandler);
  const blockQueries = services.get(BlockQueries);

  app.post<IdParams>(
    "/block/volumes/:id/protection/snapshot-sessions",
    documented(snapshotSessionOperations.create),
    async (request, reply) => {
      const tasks = await createSnapshotSession.handle(requestCaller(request), request.params.id, () =>
        decodeBody(request.body, snapshotSessionCreateBody),
      );
      logCreatedTasks(request, tasks);
      return sendRepresentation(request, reply, 202, acceptedTasksRepresentation(tasks));
    },
  );

  app.get<IdParams>(
    "/block/volumes/:id/protection/snapshot-sessions",
    documented(snapshotSessionOperations.listOfVolume),
    async (request, reply) => {
      const sessions = await blockQueries.sessionsOfVolume(requestCaller(request), request.params.id);
      return sendRepresentation(request, reply, 200, sessionListRepresentation(sessions));
    },
  );

  app.get("/block/snapshot-sessions/bulk", documented(snapshotSessionOperations.ids), async (request, reply) => {
    const ids = await blockQueries.ids(requestCaller(request), "session");
    return sendRepresentation(request, reply, 200, idListRepresentation(ids));
  });

  app.post("/block/snapshot-sessions/bulk", documented(snapshotSessionOperations.bulk), async (request, reply) => {
    const sessions = await blockQueries.sessionsBulk(requestCaller(request), decodeBody(request.body, bulkIdsBody));
    return sendRepresentation(request, reply, 200, sessionBulkRepresentation(sessions));
  });

  app.get<SearchQuery>(
    "/block/snapshot-sessions/search",
    documented(snapshotSessionOperations.search),
    async (request, reply) => {
      const sessions = await blockQueries.searchSessions(requestCaller(request), request.query);
      return sendRepresentation(request, reply, 200, sessionSearchRepresentation(sessions));
    },
  );

  app.get<IdParams>(
    "/block/snapshot-sessions/:id",
    documented(snapshotSessionOperations.get),
    async (request, reply) => {
      const session = await blockQueries.session(requestCaller(request), request.params.id);
      return sendRepresentation(request, reply, 200, blockSnapshotSessionRepresentation(session));
    },
  );

  app.post<IdParams>(
    "/block/snapshot-sessions/:id/link-targets",
    documented(snapshotSessionOperations.linkTargets),
    async (request, reply) => {
      const task = await linkTargets.handle(requestCaller(request), request.params.id, () =>
        decodeBody(request.body, linkTargetsBody),
      );
      logCreatedTasks(request, [task]);
      return sendRepresentation(request, reply, 202, acceptedTasksRepresentation([task]));
    },
  );

  app.post<IdParams>(
    "/block/snapshot-sessions/:id/relink-targets",
    documented(snapshotSessionOperations.relinkTargets),
    async (request, reply) => {
      const tasks = await relinkTargets.handle(requestCaller(request), request.params.id, () =>
        decodeBody(request.body, relinkTargetsBody),
      );
      logCreatedTasks(request, tasks);
      return sendRepresentation(request, reply, 202, acceptedTasksRepresentation(tasks));
    },
  );

  app.post<IdParams>(
    "/block/snapshot-sessions/:id/unlink-targets",
    documented(snapshotSessionOperations.unlinkTargets),
    async (request, reply) => {
      const task = await unlinkTargets.handle(requestCaller(request), request.params.id, () =>
        decodeBody(request.body, unlinkTargetsBody),
      );
      logCreatedTasks(request, [task]);
      return sendRepresentation(request, reply, 202, acceptedTaskRepresentation(task));
    },
  );

  app.post<IdParams>(
    "/block/snapshot-sessions/:id/restore",
    documented(snapshotSessionOperations.restore),
    async (request, reply) => {
      const task = await restoreSnapshotSession.handle(requestCaller(request), request.params.id);
      logCreatedTasks(request, [task]);
      return sendRepresentation(request, reply, 202, acceptedTaskRepresentation(task));
    },
  );

  app.post<DeactivateQuery>(
    "/block/snapshot-sessions/:id/deactivate",
    documented(snapshotSessionOperations.deactivate),
    async (request, reply) => {
      const { params, query } = request;
      const tasks = await deactivateSnapshotSession.handle(requestCaller(request), params.id, query.type);
      logCreatedTasks(request, tasks);
      return sendRepresentation(request, reply, 202, acceptedTasksRepresentation(tasks));
    },
  );

  app.get<IdParams>(
    "/block/snapshot-sessions/:id/tasks",
    documented(snapshotSessionOperations.tasks),
    async (request, reply) => {
      const tasks = await blockQueries.sessionTasks.list(requestCaller(request), request.params.id);
      return sendRepresentation(request, reply, 200, taskListRepresentation(tasks));
    },
  );

  app.get<TaskParams>(
    "/block/snapshot-sessions/:id/tasks/:op_id",
    documented(snapshotSessionOperations.task),
    async (request, reply) => {
      const { id, op_id: opId } = request.params;
      const task = await blockQueries.sessionTasks.one(requestCaller(request), id, opId);
      return sendRepresentation(request, reply, 200, taskRepresentation(task));
    },
  );
};
