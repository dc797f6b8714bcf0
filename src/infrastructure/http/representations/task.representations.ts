import type { TaskView } from "../../../application/ports/read-model.js";
import { list, type Node, node, type Representation, repeated, representation } from "./document.js";
import { hrefOf, namedRelated, related, selfLink } from "./links.js";

/** The simulator is a single virtual data center. */
const LOCAL_VDC_ID = "urn:storageos:VirtualDataCenter:00000000-0000-0000-0000-000000000001:vdc1";

function taskFields(task: TaskView) {
  return {
    op_id: task.opId,
    resource: namedRelated(task.resource.id, task.resource.name),
    tenant: related(task.tenantId),
    associated_resources: list(
      "associated_resource",
      task.associatedResources.map((resource) => namedRelated(resource.id, resource.name)),
    ),
    state: task.state,
    message: task.message,
    description: task.description,
    service_error: task.serviceError
      ? node({
          code: task.serviceError.code,
          description: task.serviceError.description,
          details: task.serviceError.details,
          retryable: task.serviceError.retryable,
        })
      : null,
    start_time: task.startTime,
    end_time: task.endTime,
    progress: task.progress,
    queuedStartTime: task.queuedStartTime,
    queueName: null,
    name: task.name,
    id: task.id,
    link: selfLink(hrefOf(task.id)),
    creation_time: task.startTime,
    tags: list("tag", []),
    inactive: false,
    global: false,
    remote: false,
    vdc: related(LOCAL_VDC_ID),
    internal: false,
    allowed_operations: "none_specified",
  };
}

function taskNode(task: TaskView): Node {
  return node(taskFields(task));
}

/** `task`: one asynchronous operation, as clients poll it at `/vdc/tasks/{id}`. */
export function taskRepresentation(task: TaskView): Representation {
  return representation("task", taskFields(task));
}

/** `tasks`: `{"task":[...]}`, what every asynchronous POST answers with. */
export function taskListRepresentation(tasks: readonly TaskView[]): Representation {
  return representation("tasks", { task: repeated(tasks.map(taskNode)) });
}
