import type { FastifyInstance } from "fastify";
import { requestCaller } from "../auth/authentication.js";
import { sendRepresentation } from "../codecs/reply.js";
import type { HttpDependencies } from "../http-dependencies.js";
import { taskRepresentation } from "../representations/task.representations.js";

type IdParams = { Params: { id: string } };

/** `GET /vdc/tasks/{id}`: the canonical way to poll a task. */
export function registerTaskRoutes(app: FastifyInstance, { blockQueries }: HttpDependencies): void {
  app.get<IdParams>("/vdc/tasks/:id", async (request, reply) => {
    const task = await blockQueries.task(requestCaller(request), request.params.id);
    return sendRepresentation(request, reply, 200, taskRepresentation(task));
  });
}
