import type { FastifyInstance } from "fastify";
import { requestCaller } from "../auth/authentication.js";
import { sendRepresentation } from "../codecs/reply.js";
import { decodeBody } from "../codecs/request-decoding.js";
import type { HttpDependencies } from "../http-dependencies.js";
import {
  blockSnapshotSessionRepresentation,
  sessionListRepresentation,
} from "../representations/snapshot-session.representations.js";
import { taskListRepresentation, taskRepresentation } from "../representations/task.representations.js";
import { linkTargetsBody, snapshotSessionCreateBody } from "../requests/request-bodies.js";

type IdParams = { Params: { id: string } };
type TaskParams = { Params: { id: string; op_id: string } };

/** Snapshot sessions of a volume, a session, linking targets to it, and its tasks. */
export function registerSnapshotSessionRoutes(app: FastifyInstance, deps: HttpDependencies): void {
  const { createSnapshotSession, linkTargets, blockQueries } = deps;

  app.post<IdParams>("/block/volumes/:id/protection/snapshot-sessions", async (request, reply) => {
    const draft = decodeBody(request.body, snapshotSessionCreateBody);
    const tasks = await createSnapshotSession.handle(requestCaller(request), request.params.id, draft);
    return sendRepresentation(request, reply, 202, taskListRepresentation(tasks));
  });

  app.get<IdParams>("/block/volumes/:id/protection/snapshot-sessions", async (request, reply) => {
    const sessions = await blockQueries.sessionsOfVolume(requestCaller(request), request.params.id);
    return sendRepresentation(request, reply, 200, sessionListRepresentation(sessions));
  });

  app.get<IdParams>("/block/snapshot-sessions/:id", async (request, reply) => {
    const session = await blockQueries.session(requestCaller(request), request.params.id);
    return sendRepresentation(request, reply, 200, blockSnapshotSessionRepresentation(session));
  });

  app.post<IdParams>("/block/snapshot-sessions/:id/link-targets", async (request, reply) => {
    const draft = decodeBody(request.body, linkTargetsBody);
    const task = await linkTargets.handle(requestCaller(request), request.params.id, draft);
    return sendRepresentation(request, reply, 202, taskListRepresentation([task]));
  });

  app.get<TaskParams>("/block/snapshot-sessions/:id/tasks/:op_id", async (request, reply) => {
    const { id, op_id: opId } = request.params;
    const task = await blockQueries.taskOfSession(requestCaller(request), id, opId);
    return sendRepresentation(request, reply, 200, taskRepresentation(task));
  });
}
