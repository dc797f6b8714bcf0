import { isValidUrn } from "../../domain/shared/urn.js";
import type { Caller } from "../../domain/tenancy/caller.js";
import type { LinkedTargetView, ReadModel, SessionView } from "../ports/read-model.js";
import type { UnitOfWork } from "../ports/unit-of-work.js";
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

  private async group(caller: Caller, groupId: string): Promise<ProjectOwned> {
    return readByPathId(this.readModel, caller, groupId, requireValidUrn, async (id) => {
      const group = isValidUrn(id) ? await this.unitOfWork.read((scope) => scope.consistencyGroups.findById(id)) : null;
      return group && { tenantId: group.tenantId, projectId: group.projectId };
    });
  }
}
