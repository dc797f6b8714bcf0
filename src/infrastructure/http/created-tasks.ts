import type { FastifyRequest } from "fastify";
import type { TaskView } from "../../application/ports/read-model.js";

/** One log line naming the tasks a request started: with the request's `reqId`, it joins the API's logs to the workers'. */
export function logCreatedTasks(request: FastifyRequest, tasks: readonly TaskView[]): void {
  request.log.info({ taskIds: tasks.map((task) => task.id) }, "tasks created");
}
