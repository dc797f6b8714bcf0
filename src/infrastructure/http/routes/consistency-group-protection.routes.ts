import { RestoreConsistencyGroupSnapshotHandler } from "../../../application/consistency-groups/restore-consistency-group-snapshot.handler.js";
import { ConsistencyGroupProtectionQueries } from "../../../application/queries/consistency-group-protection-queries.js";
import { CreateGroupSnapshotSessionHandler } from "../../../application/snapshots/create-group-snapshot-session.handler.js";
import { DeactivateSnapshotSessionHandler } from "../../../application/snapshots/deactivate-snapshot-session.handler.js";
import { LinkTargetsHandler } from "../../../application/snapshots/link-targets.handler.js";
import { RelinkTargetsHandler } from "../../../application/snapshots/relink-targets.handler.js";
import { RestoreSnapshotSessionHandler } from "../../../application/snapshots/restore-snapshot-session.handler.js";
import { UnlinkTargetsHandler } from "../../../application/snapshots/unlink-targets.handler.js";
import { documented } from "../api-docs/operation-docs.js";
import { consistencyGroupProtectionOperations as operations } from "../api-docs/operations/consistency-group-protection.operations.js";
import { requestCaller } from "../auth/authentication.js";
import { sendRepresentation } from "../codecs/reply.js";
import { decodeBody } from "../codecs/request-decoding.js";
import { logCreatedTasks } from "../created-tasks.js";
import type { RoutePlugin } from "../http-dependencies.js";
import {
  blockSnapshotRepresentation,
  snapshotListRepresentation,
} from "../representations/block-snapshot.representations.js";
import { sessionListRepresentation } from "../representations/snapshot-session.representations.js";
import { acceptedTaskRepresentation, acceptedTasksRepresentation } from "../representations/task.representations.js";
import {
  linkTargetsBody,
  relinkTargetsBody,
  snapshotSessionCreateBody,
  unlinkTargetsBody,
} from "../requests/request-bodies.js";

type IdParams = { Params: { id: string } };
/** `sid`: a session's id under `…/snapshot-sessions/`, a linked target's under `…/snapshots/`. */
type SessionParams = { Params: { id: string; sid: string } };

/**
 * A consistency group's snapshot sessions and snapshots (docs/api/snapshot-sessions.md,
 * "Group sessions"), and the restore of the group from a target set. A group session is then operated on through
 * `/block/snapshot-sessions/{id}/…`, as a volume's session is.
 */
export const consistencyGroupProtectionRoutes: RoutePlugin = async (app, { services }) => {
  const createGroupSession = services.get(CreateGroupSnapshotSessionHandler);
  const queries = services.get(ConsistencyGroupProtectionQueries);
  const linkTargets = services.get(LinkTargetsHandler);
  const relinkTargets = services.get(RelinkTargetsHandler);
  const unlinkTargets = services.get(UnlinkTargetsHandler);
  const restoreSession = services.get(RestoreSnapshotSessionHandler);
  const deactivateSession = services.get(DeactivateSnapshotSessionHandler);
  const restoreGroupSnapshot = services.get(RestoreConsistencyGroupSnapshotHandler);
  const sessionPath = "/block/consistency-groups/:id/protection/snapshot-sessions/:sid";

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

  app.get<SessionParams>(
    "/block/consistency-groups/:id/protection/snapshots/:sid",
    documented(operations.snapshot),
    async (request, reply) => {
      const { id, sid } = request.params;
      const target = await queries.snapshot(requestCaller(request), id, sid);
      return sendRepresentation(request, reply, 200, blockSnapshotRepresentation(target));
    },
  );

  app.post<SessionParams>(
    "/block/consistency-groups/:id/protection/snapshots/:sid/restore",
    documented(operations.restoreSnapshot),
    async (request, reply) => {
      const { id, sid } = request.params;
      const task = await restoreGroupSnapshot.handle(requestCaller(request), id, sid);
      logCreatedTasks(request, [task]);
      return sendRepresentation(request, reply, 202, acceptedTaskRepresentation(task));
    },
  );

  // The session's own operations, once the session is found to be the group's.
  app.post<SessionParams>(`${sessionPath}/link-targets`, documented(operations.linkTargets), async (request, reply) => {
    const { id, sid } = request.params;
    await queries.requireSessionOfGroup(requestCaller(request), id, sid);
    const task = await linkTargets.handle(requestCaller(request), sid, () => decodeBody(request.body, linkTargetsBody));
    logCreatedTasks(request, [task]);
    return sendRepresentation(request, reply, 202, acceptedTasksRepresentation([task]));
  });

  app.post<SessionParams>(
    `${sessionPath}/relink-targets`,
    documented(operations.relinkTargets),
    async (request, reply) => {
      const { id, sid } = request.params;
      await queries.requireSessionOfGroup(requestCaller(request), id, sid);
      const tasks = await relinkTargets.handle(requestCaller(request), sid, () =>
        decodeBody(request.body, relinkTargetsBody),
      );
      logCreatedTasks(request, tasks);
      return sendRepresentation(request, reply, 202, acceptedTasksRepresentation(tasks));
    },
  );

  app.post<SessionParams>(
    `${sessionPath}/unlink-targets`,
    documented(operations.unlinkTargets),
    async (request, reply) => {
      const { id, sid } = request.params;
      await queries.requireSessionOfGroup(requestCaller(request), id, sid);
      const task = await unlinkTargets.handle(requestCaller(request), sid, () =>
        decodeBody(request.body, unlinkTargetsBody),
      );
      logCreatedTasks(request, [task]);
      return sendRepresentation(request, reply, 202, acceptedTaskRepresentation(task));
    },
  );

  app.post<SessionParams>(`${sessionPath}/restore`, documented(operations.restore), async (request, reply) => {
    const { id, sid } = request.params;
    await queries.requireSessionOfGroup(requestCaller(request), id, sid);
    const task = await restoreSession.handle(requestCaller(request), sid);
    logCreatedTasks(request, [task]);
    return sendRepresentation(request, reply, 202, acceptedTaskRepresentation(task));
  });

  // The real controller deletes the session whatever the group in the path (once its permission
  // filter let the caller through on the group), and always FULL.
  app.post<SessionParams>(`${sessionPath}/deactivate`, documented(operations.deactivate), async (request, reply) => {
    await queries.requireGroupWriteAccess(requestCaller(request), request.params.id);
    const tasks = await deactivateSession.handle(requestCaller(request), request.params.sid, "FULL");
    logCreatedTasks(request, tasks);
    return sendRepresentation(request, reply, 202, acceptedTasksRepresentation(tasks));
  });
};
