import { isUrnOfType } from "../../domain/shared/urn.js";
import { ViprErrors } from "../../domain/shared/vipr-errors.js";
import type { Caller } from "../../domain/tenancy/caller.js";
import type { LinkedTargetView, ReadModel, SessionView, TaskView, VolumeView } from "../ports/read-model.js";
import { integerField } from "../shared/request-fields.js";
import { requireUrn } from "../shared/resource-access.js";
import { type BulkIdsDraft, readBulkIds } from "./bulk-ids.js";
import { requireReadable } from "./project-read-guard.js";
import { readableOnly } from "./readable-resources.js";
import { TenancyQueries } from "./tenancy-queries.js";

/** `GET /vdc/tasks` without `max_count`. */
const DEFAULT_TASK_COUNT = 1000;

/** Volumes, snapshot sessions, linked targets and tasks, with the caller's read checks. */
export class BlockQueries {
  private readonly tenancy: TenancyQueries;

  constructor(private readonly readModel: ReadModel) {
    this.tenancy = new TenancyQueries(readModel);
  }

  async volume(caller: Caller, id: string): Promise<VolumeView> {
    requireUrn(id, "Volume");
    return requireReadable(this.readModel, caller, id, await this.readModel.volume(id));
  }

  /** `GET /block/volumes/search?project=&name=`. */
  async searchVolumes(caller: Caller, projectId: string | undefined, name: string | undefined): Promise<VolumeView[]> {
    if (!projectId) throw ViprErrors.requiredParameterMissingOrEmpty("project");
    await this.tenancy.project(caller, projectId);
    return this.readModel.searchVolumes(projectId, name);
  }

  async sessionsOfVolume(caller: Caller, volumeId: string): Promise<SessionView[]> {
    await this.volume(caller, volumeId);
    return this.readModel.sessionsOfVolume(volumeId);
  }

  async session(caller: Caller, id: string): Promise<SessionView> {
    requireUrn(id, "BlockSnapshotSession");
    return requireReadable(this.readModel, caller, id, await this.readModel.session(id));
  }

  async linkedTarget(caller: Caller, id: string): Promise<LinkedTargetView> {
    requireUrn(id, "BlockSnapshot");
    return requireReadable(this.readModel, caller, id, await this.readModel.linkedTarget(id));
  }

  async task(caller: Caller, id: string): Promise<TaskView> {
    requireUrn(id, "Task");
    const task = await this.readModel.task(id);
    if (!task) throw ViprErrors.unableToFindEntityInURL(id);
    await this.tenancy.tenant(caller, task.tenantId);
    return task;
  }

  /** `GET /block/snapshot-sessions/{id}/tasks/{op_id}`: `op_id` may also be the task's URN. */
  async taskOfSession(caller: Caller, sessionId: string, opId: string): Promise<TaskView> {
    await this.session(caller, sessionId);
    return this.taskOf(sessionId, opId);
  }

  /** `GET /block/volumes/{id}/protection/snapshots`: the volume's active linked targets. */
  async snapshotsOfVolume(caller: Caller, volumeId: string): Promise<LinkedTargetView[]> {
    await this.volume(caller, volumeId);
    return this.readModel.linkedTargetsOfVolume(volumeId);
  }

  async tasksOfSession(caller: Caller, sessionId: string): Promise<TaskView[]> {
    await this.session(caller, sessionId);
    return this.readModel.tasksOfResource(sessionId);
  }

  async tasksOfVolume(caller: Caller, volumeId: string): Promise<TaskView[]> {
    await this.volume(caller, volumeId);
    return this.readModel.tasksOfResource(volumeId);
  }

  /** `GET /block/volumes/{id}/tasks/{op_id}`: `op_id` may also be the task's URN. */
  async taskOfVolume(caller: Caller, volumeId: string, opId: string): Promise<TaskView> {
    await this.volume(caller, volumeId);
    return this.taskOf(volumeId, opId);
  }

  /** `GET /block/snapshot-sessions/bulk`: ids of every active session, for SYSTEM_MONITOR (and SYSTEM_ADMIN). */
  async sessionIds(caller: Caller): Promise<string[]> {
    if (!caller.vdcRoles.has("SYSTEM_MONITOR") && !caller.vdcRoles.has("SYSTEM_ADMIN")) {
      throw ViprErrors.insufficientPermissions(caller.userName);
    }
    return this.readModel.sessionIds();
  }

  /** `POST /block/snapshot-sessions/bulk`: the named sessions the caller may read, in the order named. */
  async sessionsBulk(caller: Caller, draft: BulkIdsDraft): Promise<SessionView[]> {
    const ids = readBulkIds(draft, "BlockSnapshotSession");
    return readableOnly(this.readModel, caller, inOrder(ids, await this.readModel.sessionsByIds(ids)));
  }

  /** `POST /block/volumes/bulk`: the named volumes the caller may read, in the order named. */
  async volumesBulk(caller: Caller, draft: BulkIdsDraft): Promise<VolumeView[]> {
    const ids = readBulkIds(draft, "Volume");
    return readableOnly(this.readModel, caller, inOrder(ids, await this.readModel.volumesByIds(ids)));
  }

  /** `GET /block/snapshot-sessions/search?name=&project=`: active sessions by exact name, in one project or all readable ones. */
  async searchSessions(
    caller: Caller,
    name: string | undefined,
    projectId: string | undefined,
  ): Promise<SessionView[]> {
    if (!name && !projectId) throw ViprErrors.requiredParameterMissingOrEmpty("name");
    if (projectId) await this.tenancy.project(caller, projectId);
    return readableOnly(this.readModel, caller, await this.readModel.searchSessions(name || undefined, projectId));
  }

  /** `GET /vdc/tasks?tenant=&max_count=`: the tenant's tasks (the caller's by default), newest first. */
  async tasks(caller: Caller, tenantId: string | undefined, maxCount: string | undefined): Promise<TaskView[]> {
    const tenant = tenantId ? (await this.tenancy.tenant(caller, tenantId)).id : caller.tenantId;
    const limit = maxCount === undefined || maxCount === "" ? DEFAULT_TASK_COUNT : integerField("max_count", maxCount);
    if (limit < 0) throw ViprErrors.parameterBelowMinimum("max_count", limit, 0);
    return this.readModel.tasksOfTenant(tenant, limit);
  }

  private async taskOf(resourceId: string, opId: string): Promise<TaskView> {
    const task = isUrnOfType(opId, "Task")
      ? await this.readModel.task(opId)
      : await this.readModel.taskOfResource(resourceId, opId);
    if (!task || task.resource.id !== resourceId) throw ViprErrors.unableToFindEntityInURL(opId);
    return task;
  }
}

function inOrder<T extends { readonly id: string }>(ids: readonly string[], found: readonly T[]): T[] {
  const byId = new Map(found.map((item) => [item.id, item]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}
