import { CreateConsistencyGroupHandler } from "../../../application/consistency-groups/create-consistency-group.handler.js";
import { DeactivateConsistencyGroupHandler } from "../../../application/consistency-groups/deactivate-consistency-group.handler.js";
import { ConsistencyGroupQueries } from "../../../application/queries/consistency-group-queries.js";
import type { QueryParameters } from "../../../application/queries/resource-search.js";
import { documented } from "../api-docs/operation-docs.js";
import { consistencyGroupOperations } from "../api-docs/operations/consistency-group.operations.js";
import { requestCaller } from "../auth/authentication.js";
import { sendRepresentation } from "../codecs/reply.js";
import { decodeBody } from "../codecs/request-decoding.js";
import { logCreatedTasks } from "../created-tasks.js";
import type { RoutePlugin } from "../http-dependencies.js";
import {
  consistencyGroupBulkRepresentation,
  consistencyGroupRepresentation,
  consistencyGroupSearchRepresentation,
} from "../representations/consistency-group.representations.js";
import { idListRepresentation } from "../representations/snapshot-session.representations.js";
import {
  acceptedTaskRepresentation,
  taskListRepresentation,
  taskRepresentation,
} from "../representations/task.representations.js";
import { bulkIdsBody, consistencyGroupCreateBody } from "../requests/request-bodies.js";

type IdParams = { Params: { id: string } };
type TaskParams = { Params: { id: string; op_id: string } };
type SearchQuery = { Querystring: QueryParameters };

/** Block consistency groups: create (at once), read, search, bulk, deactivate, and their tasks. */
export const consistencyGroupRoutes: RoutePlugin = async (app, { services }) => {
  const createGroup = services.get(CreateConsistencyGroupHandler);
  const deactivateGroup = services.get(DeactivateConsistencyGroupHandler);
  const queries = services.get(ConsistencyGroupQueries);
  const operations = consistencyGroupOperations;

  app.post("/block/consistency-groups", documented(operations.create), async (request, reply) => {
    const group = await createGroup.handle(
      requestCaller(request),
      decodeBody(request.body, consistencyGroupCreateBody),
    );
    return sendRepresentation(request, reply, 200, consistencyGroupRepresentation(group));
  });

  app.get<SearchQuery>("/block/consistency-groups/search", documented(operations.search), async (request, reply) => {
    const groups = await queries.search(requestCaller(request), request.query);
    return sendRepresentation(request, reply, 200, consistencyGroupSearchRepresentation(groups));
  });

  app.get("/block/consistency-groups/bulk", documented(operations.ids), async (request, reply) => {
    const ids = await queries.ids(requestCaller(request));
    return sendRepresentation(request, reply, 200, idListRepresentation(ids));
  });

  app.post("/block/consistency-groups/bulk", documented(operations.bulk), async (request, reply) => {
    const groups = await queries.bulk(requestCaller(request), decodeBody(request.body, bulkIdsBody));
    return sendRepresentation(request, reply, 200, consistencyGroupBulkRepresentation(groups));
  });

  app.get<IdParams>("/block/consistency-groups/:id", documented(operations.get), async (request, reply) => {
    const group = await queries.group(requestCaller(request), request.params.id);
    return sendRepresentation(request, reply, 200, consistencyGroupRepresentation(group));
  });

  app.post<IdParams>(
    "/block/consistency-groups/:id/deactivate",
    documented(operations.deactivate),
    async (request, reply) => {
      const task = await deactivateGroup.handle(requestCaller(request), request.params.id);
      logCreatedTasks(request, [task]);
      return sendRepresentation(request, reply, 202, acceptedTaskRepresentation(task));
    },
  );

  app.get<IdParams>("/block/consistency-groups/:id/tasks", documented(operations.tasks), async (request, reply) => {
    const tasks = await queries.tasks.list(requestCaller(request), request.params.id);
    return sendRepresentation(request, reply, 200, taskListRepresentation(tasks));
  });

  app.get<TaskParams>(
    "/block/consistency-groups/:id/tasks/:op_id",
    documented(operations.task),
    async (request, reply) => {
      const { id, op_id: opId } = request.params;
      const task = await queries.tasks.one(requestCaller(request), id, opId);
      return sendRepresentation(request, reply, 200, taskRepresentation(task));
    },
  );
};
