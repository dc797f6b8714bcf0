import type { FastifyInstance } from "fastify";
import { documented } from "../api-docs/operation-docs.js";
import { linkedTargetOperations } from "../api-docs/operations/linked-target.operations.js";
import { requestCaller } from "../auth/authentication.js";
import { sendRepresentation } from "../codecs/reply.js";
import { logCreatedTasks } from "../created-tasks.js";
import type { HttpDependencies } from "../http-dependencies.js";
import { blockSnapshotRepresentation } from "../representations/block-snapshot.representations.js";
import { acceptedTasksRepresentation } from "../representations/task.representations.js";

type IdParams = { Params: { id: string } };

/** Linked targets (ViPR's block snapshots). */
export function registerSnapshotRoutes(
  app: FastifyInstance,
  { blockQueries, deactivateLinkedTarget }: HttpDependencies,
): void {
  app.get<IdParams>("/block/snapshots/:id", documented(linkedTargetOperations.get), async (request, reply) => {
    const target = await blockQueries.linkedTarget(requestCaller(request), request.params.id);
    return sendRepresentation(request, reply, 200, blockSnapshotRepresentation(target));
  });

  app.post<IdParams>(
    "/block/snapshots/:id/deactivate",
    documented(linkedTargetOperations.deactivate),
    async (request, reply) => {
      const tasks = await deactivateLinkedTarget.handle(requestCaller(request), request.params.id);
      logCreatedTasks(request, tasks);
      return sendRepresentation(request, reply, 202, acceptedTasksRepresentation(tasks));
    },
  );
}
