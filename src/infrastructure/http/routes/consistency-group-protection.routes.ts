import { ConsistencyGroupProtectionQueries } from "../../../application/queries/consistency-group-protection-queries.js";
import { CreateGroupSnapshotSessionHandler } from "../../../application/snapshots/create-group-snapshot-session.handler.js";
import { documented } from "../api-docs/operation-docs.js";
import { consistencyGroupProtectionOperations as operations } from "../api-docs/operations/consistency-group-protection.operations.js";
import { requestCaller } from "../auth/authentication.js";
import { sendRepresentation } from "../codecs/reply.js";
import { decodeBody } from "../codecs/request-decoding.js";
import { logCreatedTasks } from "../created-tasks.js";
import type { RoutePlugin } from "../http-dependencies.js";
import { snapshotListRepresentation } from "../representations/block-snapshot.representations.js";
import { sessionListRepresentation } from "../representations/snapshot-session.representations.js";
import { acceptedTasksRepresentation } from "../representations/task.representations.js";
import { snapshotSessionCreateBody } from "../requests/request-bodies.js";

type IdParams = { Params: { id: string } };

/**
 * A consistency group's snapshot sessions and snapshots (docs/api/snapshot-sessions.md,
 * "Group sessions"). A group session is then operated on through
 * `/block/snapshot-sessions/{id}/…`, as a volume's session is.
 */
export const consistencyGroupProtectionRoutes: RoutePlugin = async (app, { services }) => {
  const createGroupSession = services.get(CreateGroupSnapshotSessionHandler);
  const queries = services.get(ConsistencyGroupProtectionQueries);

  app.post<IdParams>(
    "/block/consistency-groups/:id/protection/snapshot-sessions",
    documented(operations.createSession),
    async (request, reply) => {
      const tasks = await createGroupSession.handle(requestCaller(request), request.params.id, () =>
        decodeBody(request.body, snapshotSessionCreateBody),
      );
      logCreatedTasks(request, tasks);
      return sendRepresentation(request, reply, 202, acceptedTasksRepresentation(tasks));
    },
  );

  app.get<IdParams>(
    "/block/consistency-groups/:id/protection/snapshot-sessions",
    documented(operations.sessions),
    async (request, reply) => {
      const sessions = await queries.sessions(requestCaller(request), request.params.id);
      return sendRepresentation(request, reply, 200, sessionListRepresentation(sessions));
    },
  );

  app.get<IdParams>(
    "/block/consistency-groups/:id/protection/snapshots",
    documented(operations.snapshots),
    async (request, reply) => {
      const targets = await queries.snapshots(requestCaller(request), request.params.id);
      return sendRepresentation(request, reply, 200, snapshotListRepresentation(targets));
    },
  );
};
