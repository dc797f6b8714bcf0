import { ServiceCode } from "../../domain/shared/service-code.js";
import { ServiceError } from "../../domain/shared/service-error.js";
import { isValidUrn } from "../../domain/shared/urn.js";
import { ViprErrors } from "../../domain/shared/vipr-errors.js";
import type { Caller } from "../../domain/tenancy/caller.js";
import type { LinkedTargetView, ReadModel, SessionView } from "../ports/read-model.js";
import type { UnitOfWork } from "../ports/unit-of-work.js";
import { requireFoundByPathId, requireWriteRouteAccess } from "../shared/resource-access.js";
import { type ProjectOwned, readByPathId, requireValidUrn } from "./path-ids.js";

/**
 * The snapshot sessions and snapshots of a consistency group (docs/api/snapshot-sessions.md,
 * "Group sessions"). The permission filter looks the group up, inactive or not;
 * the route's own check of the id is a URN's (400/1002).
 */
export class ConsistencyGroupProtectionQueries {
  constructor(
    private readonly readModel: ReadModel,
    private readonly unitOfWork: UnitOfWork,
  ) {}

  /** `GET /block/consistency-groups/{id}/protection/snapshot-sessions`: its active sessions. */
  async sessions(caller: Caller, groupId: string): Promise<SessionView[]> {
    await this.group(caller, groupId);
    return this.readModel.sessionsOfConsistencyGroup(groupId);
  }

  /**
   * `GET /block/consistency-groups/{id}/protection/snapshots`: the targets of its sessions,
   * inactive ones too, listed first, as the real controller lists a group's snapshots.
   */
  async snapshots(caller: Caller, groupId: string): Promise<LinkedTargetView[]> {
    await this.group(caller, groupId);
    return this.readModel.linkedTargetsOfConsistencyGroup(groupId);
  }

  /**
   * `GET /block/consistency-groups/{id}/protection/snapshots/{sid}`: one of the group's targets,
   * inactive too. The group as the permission filter finds it, then the target (400/1002,
   * 404/2000), which must be of one of the group's sessions (400/1013).
   */
  async snapshot(caller: Caller, groupId: string, snapshotId: string): Promise<LinkedTargetView> {
    const group = await this.group(caller, groupId);
    requireValidUrn(snapshotId);
    const target = await this.readModel.linkedTarget(snapshotId);
    if (!target) throw ViprErrors.unableToFindEntityInURL(snapshotId);
    if (target.consistencyGroupId !== groupId) throw snapshotNotOfGroup(target.name, group.name);
    return target;
  }

  /**
   * The permission filter in front of `…/protection/snapshot-sessions/{sid}/…`: it looks up the
   * group of the path (404/2000) and lets through who may write its project's resources
   * (403/3000), before the session is looked at.
   */
  async requireGroupWriteAccess(caller: Caller, groupId: string): Promise<void> {
    await this.unitOfWork.read(async (scope) => {
      const group = await requireFoundByPathId(groupId, (id) => scope.consistencyGroups.findById(id));
      await requireWriteRouteAccess(caller, scope.projects, group.projectId);
    });
  }

  /** The permission filter on the group, then {@link requireSessionOfGroup}. */
  async requireSessionOfGroup(caller: Caller, groupId: string, sessionId: string): Promise<void> {
    await this.requireGroupWriteAccess(caller, groupId);
    await requireSessionOfGroup(this.unitOfWork, groupId, sessionId);
  }

  private async group(caller: Caller, groupId: string): Promise<ProjectOwned & { readonly name: string }> {
    return readByPathId(this.readModel, caller, groupId, requireValidUrn, async (id) => {
      const group = isValidUrn(id) ? await this.unitOfWork.read((scope) => scope.consistencyGroups.findById(id)) : null;
      return group && { tenantId: group.tenantId, projectId: group.projectId, name: group.name };
    });
  }
}

/** `snapshotIsNotForConsistencyGroup`: a target of another group's session, or of a volume's. */
export function snapshotNotOfGroup(snapshotName: string, groupName: string): ServiceError {
  return ServiceError.of(
    ServiceCode.BAD_REQUEST_BODY,
    "Snapshot {0} is not associated with consistency group {1}",
    snapshotName,
    groupName,
  );
}

/**
 * The real controller's check on `/block/consistency-groups/{id}/protection/snapshot-sessions/{sid}/…`
 * before the session's own operation: the session, then the group, must exist (404/2000), and
 * the session must be of the group (400/1013).
 */
export async function requireSessionOfGroup(unitOfWork: UnitOfWork, groupId: string, sessionId: string): Promise<void> {
  for (const id of [sessionId, groupId]) if (!isValidUrn(id)) throw ViprErrors.invalidUri(id);
  const { session, group } = await unitOfWork.read(async (scope) => ({
    session: await scope.sessions.findById(sessionId),
    group: await scope.consistencyGroups.findById(groupId),
  }));
  if (!session) throw ViprErrors.unableToFindEntityInURL(sessionId);
  if (!group) throw ViprErrors.unableToFindEntityInURL(groupId);
  if (session.consistencyGroupId !== group.id) {
    throw ServiceError.of(
      ServiceCode.BAD_REQUEST_BODY,
      "Snapshot session {0} is not associated with consistency group {1}",
      session.label,
      group.name,
    );
  }
}
