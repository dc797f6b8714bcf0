import { ServiceCode } from "../../domain/shared/service-code.js";
import { ServiceError } from "../../domain/shared/service-error.js";
import { ViprErrors } from "../../domain/shared/vipr-errors.js";
import { canReadTasksOf, isSystemMonitor } from "../../domain/tenancy/access-policy.js";
import type { Caller } from "../../domain/tenancy/caller.js";
import type {
  LinkedTargetView,
  ReadableKind,
  ReadModel,
  SessionView,
  TaskView,
  VolumeView,
} from "../ports/read-model.js";
import { integerField } from "../shared/request-fields.js";
import { requireUrn } from "../shared/resource-access.js";
import { type BulkIdsDraft, readBulkIds } from "./bulk-ids.js";
import { isOfModelType, readByPathId, readWithProjectByPathId, requireIdOfType, requireValidUrn } from "./path-ids.js";
import { readableOnly } from "./readable-resources.js";
import { type QueryParameters, searchResources } from "./resource-search.js";
import { ResourceTasks } from "./resource-tasks.js";
import { searchVolumesByOtherParameters } from "./volume-search.js";

/** `GET /vdc/tasks` without `max_count`. */
const DEFAULT_TASK_COUNT = 1000;

/** The real controller's model classes, which its search refusals name. */
const MODEL_CLASSES = {
  volume: "com.emc.storageos.db.client.model.Volume",
  session: "com.emc.storageos.db.client.model.BlockSnapshotSession",
  linkedTarget: "com.emc.storageos.db.client.model.BlockSnapshot",
} as const;

/**
 * Volumes, snapshot sessions, linked targets and tasks, with the caller's read checks
 * (docs/api/reads.md).
 */
export class BlockQueries {
  readonly volumeTasks: ResourceTasks;
  readonly sessionTasks: ResourceTasks;
  readonly linkedTargetTasks: ResourceTasks;

  constructor(private readonly readModel: ReadModel) {
    this.volumeTasks = new ResourceTasks(readModel, (id) => readModel.volume(id));
    this.sessionTasks = new ResourceTasks(readModel, (id) => readModel.session(id));
    this.linkedTargetTasks = new ResourceTasks(readModel, (id) => readModel.linkedTarget(id));
  }

  /** `GET /block/volumes/{id}`: inactive volumes too. */
  async volume(caller: Caller, id: string): Promise<VolumeView> {
    return readWithProjectByPathId(caller, id, requireIdOfType("Volume"), (v) => this.readModel.volumeWithProject(v));
  }

  /** `GET /block/snapshot-sessions/{id}`: inactive sessions too. */
  async session(caller: Caller, id: string): Promise<SessionView> {
    return readWithProjectByPathId(caller, id, requireValidUrn, (s) => this.readModel.sessionWithProject(s));
  }

  /** `GET /block/snapshots/{id}`: inactive targets too. */
  async linkedTarget(caller: Caller, id: string): Promise<LinkedTargetView> {
    return readWithProjectByPathId(caller, id, requireIdOfType("BlockSnapshot"), (t) =>
      this.readModel.linkedTargetWithProject(t),
    );
  }

  /**
   * `GET /block/volumes/{id}/protection/snapshot-sessions`: the active sessions of a snapshot
   * session source (a volume, or a linked target, which is the source of none here). An inactive
   * source is 404/2001. The route's own check of the id (SYSTEM_MONITOR callers only meet it):
   * a URN (400/1002) of a Volume or a BlockSnapshot (400/1013).
   */
  async sessionsOfVolume(caller: Caller, sourceId: string): Promise<SessionView[]> {
    const asSessionSource = (id: string) => {
      requireValidUrn(id);
      if (!isOfModelType(id, "Volume") && !isOfModelType(id, "BlockSnapshot")) {
        throw ServiceError.of(
          ServiceCode.BAD_REQUEST_BODY,
          "Invalid snapshot session source {0} is not a Volume or BlockSnapshot instance.",
          id,
        );
      }
    };
    // Anyone but SYSTEM_MONITOR meets the filter, which looks the id up as a volume.
    const source = await readByPathId(
      this.readModel,
      caller,
      sourceId,
      asSessionSource,
      (id): Promise<{ tenantId: string; projectId: string; inactive: boolean } | null> =>
        isSystemMonitor(caller) && isOfModelType(id, "BlockSnapshot")
          ? this.readModel.linkedTarget(id)
          : this.readModel.volume(id),
    );
    if (source.inactive) throw ViprErrors.entityInURLIsInactive(sourceId);
    return this.readModel.sessionsOfVolume(sourceId);
  }

  /** `GET /block/volumes/{id}/protection/snapshots`: the volume's active linked targets. */
  async snapshotsOfVolume(caller: Caller, volumeId: string): Promise<LinkedTargetView[]> {
    await this.volume(caller, volumeId);
    return this.readModel.linkedTargetsOfVolume(volumeId);
  }

  /** `GET /block/volumes/search`: docs/api/reads.md, "Search". */
  searchVolumes(caller: Caller, query: QueryParameters): Promise<VolumeView[]> {
    return searchResources(this.readModel, caller, query, {
      modelClass: MODEL_CLASSES.volume,
      find: (criteria) => this.readModel.findVolumes(criteria),
      searchOther: (parameters) =>
        searchVolumesByOtherParameters(parameters, MODEL_CLASSES.volume, (criteria) =>
          this.readModel.findVolumes(criteria),
        ),
    });
  }

  /** `GET /block/snapshot-sessions/search`. */
  searchSessions(caller: Caller, query: QueryParameters): Promise<SessionView[]> {
    return searchResources(this.readModel, caller, query, {
      modelClass: MODEL_CLASSES.session,
      find: (criteria) => this.readModel.findSessions(criteria),
    });
  }

  /** `GET /block/snapshots/search`. */
  searchLinkedTargets(caller: Caller, query: QueryParameters): Promise<LinkedTargetView[]> {
    return searchResources(this.readModel, caller, query, {
      modelClass: MODEL_CLASSES.linkedTarget,
      find: (criteria) => this.readModel.findLinkedTargets(criteria),
    });
  }

  /** `GET /block/{volumes,snapshot-sessions,snapshots}/bulk`: every active id of the kind, for SYSTEM_MONITOR. */
  async ids(caller: Caller, kind: ReadableKind): Promise<string[]> {
    if (!isSystemMonitor(caller)) throw ViprErrors.insufficientPermissions(caller.userName);
    return this.readModel.activeIds(kind);
  }

  /** `POST /block/volumes/bulk`: the named volumes the caller may read, in the order named. */
  async volumesBulk(caller: Caller, draft: BulkIdsDraft): Promise<VolumeView[]> {
    const ids = readBulkIds(draft);
    return readableOnly(this.readModel, caller, inOrder(ids, await this.readModel.volumesByIds(ids)));
  }

  /** `POST /block/snapshot-sessions/bulk`. */
  async sessionsBulk(caller: Caller, draft: BulkIdsDraft): Promise<SessionView[]> {
    const ids = readBulkIds(draft);
    return readableOnly(this.readModel, caller, inOrder(ids, await this.readModel.sessionsByIds(ids)));
  }

  /** `POST /block/snapshots/bulk`. */
  async linkedTargetsBulk(caller: Caller, draft: BulkIdsDraft): Promise<LinkedTargetView[]> {
    const ids = readBulkIds(draft);
    return readableOnly(this.readModel, caller, inOrder(ids, await this.readModel.linkedTargetsByIds(ids)));
  }

  /** `GET /vdc/tasks/{id}`: a task of a tenant whose tasks the caller may read. */
  async task(caller: Caller, id: string): Promise<TaskView> {
    requireValidUrn(id);
    const task = await this.readModel.task(id);
    if (!task) throw ViprErrors.unableToFindEntityInURL(id);
    if (!canReadTasksOf(caller, task.tenantId)) throw ViprErrors.insufficientPermissions(caller.userName);
    return task;
  }

  /** `GET /vdc/tasks?tenant=&max_count=`: the tenant's tasks (the caller's by default), newest first. */
  async tasks(caller: Caller, tenantId: string | undefined, maxCount: string | undefined): Promise<TaskView[]> {
    const tenant = tenantId ? await this.tenantOfTasks(caller, tenantId) : caller.tenantId;
    const limit = maxCount === undefined || maxCount === "" ? DEFAULT_TASK_COUNT : integerField("max_count", maxCount);
    if (limit < 0) throw ViprErrors.parameterBelowMinimum("max_count", limit, 0);
    return this.readModel.tasksOfTenant(tenant, limit);
  }

  private async tenantOfTasks(caller: Caller, tenantId: string): Promise<string> {
    requireUrn(tenantId);
    if (!(await this.readModel.tenant(tenantId))) throw ViprErrors.unableToFindEntityInURL(tenantId);
    if (!canReadTasksOf(caller, tenantId)) throw ViprErrors.insufficientPermissions(caller.userName);
    return tenantId;
  }
}

function inOrder<T extends { readonly id: string }>(ids: readonly string[], found: readonly T[]): T[] {
  const byId = new Map(found.map((item) => [item.id, item]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}
