import { ViprErrors } from "../../domain/shared/vipr-errors.js";
import { isSystemMonitor } from "../../domain/tenancy/access-policy.js";
import type { Caller } from "../../domain/tenancy/caller.js";
import type { ConsistencyGroupView, ReadModel } from "../ports/read-model.js";
import { type BulkIdsDraft, readBulkIds } from "./bulk-ids.js";
import { readWithProjectByPathId, requireIdOfType } from "./path-ids.js";
import { readableOnly } from "./readable-resources.js";
import { type QueryParameters, searchResources } from "./resource-search.js";
import { ResourceTasks } from "./resource-tasks.js";

/** The real controller's model class, which its search refusals name. */
const MODEL_CLASS = "com.emc.storageos.db.client.model.BlockConsistencyGroup";

/** Block consistency groups, with the caller's read checks (docs/api/reads.md), and their tasks. */
export class ConsistencyGroupQueries {
  readonly tasks: ResourceTasks;

  constructor(private readonly readModel: ReadModel) {
    this.tasks = new ResourceTasks(readModel, (id) => readModel.consistencyGroup(id));
  }

  /** `GET /block/consistency-groups/{id}`: inactive groups too. */
  async group(caller: Caller, id: string): Promise<ConsistencyGroupView> {
    return readWithProjectByPathId(caller, id, requireIdOfType("BlockConsistencyGroup"), (g) =>
      this.readModel.consistencyGroupWithProject(g),
    );
  }

  /** `GET /block/consistency-groups/search`: by name (and project), by project, or by tag. */
  search(caller: Caller, query: QueryParameters): Promise<ConsistencyGroupView[]> {
    return searchResources(this.readModel, caller, query, {
      modelClass: MODEL_CLASS,
      find: (criteria) => this.readModel.findConsistencyGroups(criteria),
    });
  }

  /** `GET /block/consistency-groups/bulk`: every active group's id, for SYSTEM_MONITOR. */
  async ids(caller: Caller): Promise<string[]> {
    if (!isSystemMonitor(caller)) throw ViprErrors.insufficientPermissions(caller.userName);
    return this.readModel.activeIds("consistencyGroup");
  }

  /** `POST /block/consistency-groups/bulk`: the named groups the caller may read, in the order named. */
  async bulk(caller: Caller, draft: BulkIdsDraft): Promise<ConsistencyGroupView[]> {
    const ids = readBulkIds(draft);
    const byId = new Map((await this.readModel.consistencyGroupsByIds(ids)).map((g) => [g.id, g]));
    return readableOnly(
      this.readModel,
      caller,
      ids.flatMap((id) => byId.get(id) ?? []),
    );
  }
}
