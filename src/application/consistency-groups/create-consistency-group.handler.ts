import { BlockConsistencyGroup } from "../../domain/consistency-groups/block-consistency-group.js";
import { newUrn } from "../../domain/shared/urn.js";
import { ViprErrors } from "../../domain/shared/vipr-errors.js";
import { canWriteProject } from "../../domain/tenancy/access-policy.js";
import type { Caller } from "../../domain/tenancy/caller.js";
import type { Clock } from "../ports/clock.js";
import type { ConsistencyGroupView } from "../ports/read-model.js";
import type { UnitOfWork } from "../ports/unit-of-work.js";
import { requireFieldUriOfType } from "../shared/field-uris.js";
import { unknownInBody } from "../shared/resource-access.js";
import { consistencyGroupView } from "./consistency-group-view.js";

/** `consistency_group_create` as the client sent it. */
export interface CreateConsistencyGroupDraft {
  readonly name?: unknown;
  readonly project?: unknown;
  readonly arrayConsistency?: unknown;
}

/**
 * `POST /block/consistency-groups`: an empty group of a project, made at once (no task). The
 * checks, in the real controller's order: the name is not an active group's (of any project,
 * whatever the case), its characters, not empty, its length; the project's id, the project,
 * and that the caller may change its resources (docs/api/consistency-groups.md).
 */
export class CreateConsistencyGroupHandler {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly clock: Clock,
  ) {}

  async handle(caller: Caller, draft: CreateConsistencyGroupDraft): Promise<ConsistencyGroupView> {
    if (typeof draft.name !== "string") throw ViprErrors.requiredParameterMissingOrEmpty("name");
    const name = draft.name;
    return this.unitOfWork.run(async (scope) => {
      if (await scope.consistencyGroups.claimName(name)) throw ViprErrors.duplicateLabel(name);
      BlockConsistencyGroup.checkName(name);
      const projectId = requireFieldUriOfType("project", draft.project, "Project");
      // Locked against the project being deactivated meanwhile.
      const project = await scope.projects.findLocked(projectId, "share");
      if (!project) throw unknownInBody(projectId);
      if (project.inactive) throw ViprErrors.entityInRequestIsInactive(projectId);
      const facts = project.toState();
      if (!canWriteProject(caller, facts)) throw ViprErrors.insufficientPermissions(caller.userName);

      const group = BlockConsistencyGroup.create({
        id: newUrn("BlockConsistencyGroup"),
        name,
        projectId,
        tenantId: facts.tenantId,
        arrayConsistency: draft.arrayConsistency !== false,
        now: this.clock.now(),
      });
      await scope.consistencyGroups.add(group);
      return consistencyGroupView(group, []);
    });
  }
}
