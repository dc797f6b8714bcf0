import { BlockQueries } from "../../../application/queries/block-queries.js";
import { documented } from "../api-docs/operation-docs.js";
import { taskOperations } from "../api-docs/operations/task.operations.js";
import { requestCaller } from "../auth/authentication.js";
import { sendRepresentation } from "../codecs/reply.js";
import type { RoutePlugin } from "../http-dependencies.js";
import { taskListRepresentation, taskRepresentation } from "../representations/task.representations.js";

type IdParams = { Params: { id: string } };
type ListQuery = { Querystring: { tenant?: string; max_count?: string } };

/** `GET /vdc/tasks/{id}`, the canonical way to poll a task, and `GET /vdc/tasks`, a tenant's tasks newest first. */
export const taskRoutes: RoutePlugin = async (app, { services }) => {
  const blockQueries = services.get(BlockQueries);
  app.get<ListQuery>("/vdc/tasks", documented(taskOperations.list), async (request, reply) => {
    const { tenant, max_count: maxCount } = request.query;
    const tasks = await blockQueries.tasks(requestCaller(request), tenant, maxCount);
    return sendRepresentation(request, reply, 200, taskListRepresentation(tasks));
  });

  app.get<IdParams>("/vdc/tasks/:id", documented(taskOperations.get), async (request, reply) => {
    const task = await blockQueries.task(requestCaller(request), request.params.id);
    return sendRepresentation(request, reply, 200, taskRepresentation(task));
  });
};
