import { ServiceCode } from "../../domain/shared/service-code.js";
import { ServiceError } from "../../domain/shared/service-error.js";
import { isValidUrn } from "../../domain/shared/urn.js";
import { canReadTasksOf } from "../../domain/tenancy/access-policy.js";
import type { Caller } from "../../domain/tenancy/caller.js";
import type { ReadModel, TaskView } from "../ports/read-model.js";
import { type ProjectOwned, passReadFilter } from "./path-ids.js";

/**
 * `GET …/{id}/tasks` and `GET …/{id}/tasks/{op_id}`, which every resource kind serves alike
 * (volumes, snapshot sessions, linked targets): docs/api/reads.md, "Task lookups". The path id is
 * only met by the permission filter; the task is then looked up by resource id and op id,
 * whatever the id's type, or by its own URN.
 */
export class ResourceTasks {
  constructor(
    private readonly readModel: ReadModel,
    /** The resource kind of the route, as its permission filter looks the path id up. */
    private readonly find: (id: string) => Promise<ProjectOwned | null>,
  ) {}

  /** The tasks whose resource is `id`, oldest first; none for an id that names nothing (SYSTEM_MONITOR). */
  async list(caller: Caller, id: string): Promise<TaskView[]> {
    await passReadFilter(this.readModel, caller, id, this.find);
    return this.readModel.tasksOfResource(id);
  }

  /**
   * The task of resource `id` with that op id; an op id that is a URN is the task's own id, and
   * that task is answered whatever its resource. None: 400/1008.
   */
  async one(caller: Caller, id: string, opId: string): Promise<TaskView> {
    await passReadFilter(this.readModel, caller, id, this.find);
    const task = isValidUrn(opId) ? await this.taskByUrn(caller, opId) : await this.readModel.taskOfResource(id, opId);
    if (!task) throw noOperationFound(opId);
    return task;
  }

  /** A task the caller may not read by its URN (`/vdc/tasks/{id}`) is not found here either, rather than answered. */
  private async taskByUrn(caller: Caller, taskId: string): Promise<TaskView | null> {
    const task = await this.readModel.task(taskId);
    return task && canReadTasksOf(caller, task.tenantId) ? task : null;
  }
}

function noOperationFound(opId: string): ServiceError {
  return ServiceError.of(ServiceCode.PARAMETER_INVALID, "No operation found for task with id: {0}", opId);
}
