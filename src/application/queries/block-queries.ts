import { isUrnOfType } from "../../domain/shared/urn.js";
import { ViprErrors } from "../../domain/shared/vipr-errors.js";
import type { Caller } from "../../domain/tenancy/caller.js";
import type { LinkedTargetView, ReadModel, SessionView, TaskView, VolumeView } from "../ports/read-model.js";
import { requireUrn } from "../shared/resource-access.js";
import { requireReadable } from "./project-read-guard.js";
import { TenancyQueries } from "./tenancy-queries.js";

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
    const task = isUrnOfType(opId, "Task")
      ? await this.readModel.task(opId)
      : await this.readModel.taskOfResource(sessionId, opId);
    if (!task || task.resource.id !== sessionId) throw ViprErrors.unableToFindEntityInURL(opId);
    return task;
  }
}
