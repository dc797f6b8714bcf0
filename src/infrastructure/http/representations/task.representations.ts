import type { TaskView } from "../../../application/ports/read-model.js";
import { dataObjectFields } from "./data-object.js";
import { formatted, list, node, type Representation, repeated, representation } from "./document.js";
import { namedRelated, related } from "./links.js";

/*
 * `task` as the real controller writes it (docs/api/conventions.md, "Tasks"): the DataObject
 * fields, then the task's own in the order JAXB gives them (alphabetical by the Java property
 * behind each element). `message` and `service_error` exclude each other; `queuedStartTime` and
 * `queueName` say that the task waits behind another operation of its resource.
 */

/** What a task that once waited in its resource's queue says in `queueName` once it has left it. */
const LEFT_QUEUE_NAME = "null";

/** An xs:dateTime as JAXB prints a UTC time: milliseconds only when there are some. */
function xmlDateTime(epochMs: number): string {
  return new Date(epochMs).toISOString().replace(".000Z", "Z");
}

function queueFields(task: TaskView) {
  if (task.queuedStartTime === null) return { queueName: null, queuedStartTime: null };
  if (task.state !== "queued") return { queueName: LEFT_QUEUE_NAME, queuedStartTime: null };
  return {
    // Operations queue per resource (a session's run one at a time): the queue is named by it.
    queueName: task.resource.id,
    queuedStartTime: formatted(task.queuedStartTime, xmlDateTime(task.queuedStartTime)),
  };
}

function serviceErrorNode(task: TaskView) {
  if (task.serviceError === null) return null;
  // The controller rebuilds a task's error from its service code, none of which is retryable.
  return node({
    code: task.serviceError.code,
    description: task.serviceError.description,
    details: task.serviceError.details,
    retryable: false,
  });
}

function taskFields(task: TaskView) {
  const { queueName, queuedStartTime } = queueFields(task);
  return {
    ...dataObjectFields({ id: task.id, name: task.name, inactive: false, creationTime: task.startTime }),
    allowed_operations: "none_specified",
    associated_resources: list(
      "associated_resource",
      task.associatedResources.map((resource) => namedRelated(resource.id, resource.name)),
    ),
    description: task.description,
    end_time: task.endTime,
    message: task.serviceError === null ? task.message : null,
    op_id: task.opId,
    progress: task.progress,
    queueName,
    queuedStartTime,
    resource: namedRelated(task.resource.id, task.resource.name),
    service_error: serviceErrorNode(task),
    start_time: task.startTime,
    state: task.state,
    tenant: related(task.tenantId),
  };
}

/**
 * The task as the request that created it answers: `pending`. A task admitted behind another
 * operation of its resource is stored `queued` at once, and shows so from its first read on.
 */
function asAccepted(task: TaskView): TaskView {
  return task.state === "queued" ? { ...task, state: "pending", queuedStartTime: null } : task;
}

/** `task`: one asynchronous operation, as clients poll it at `/vdc/tasks/{id}`. */
export function taskRepresentation(task: TaskView): Representation {
  return representation("task", taskFields(task));
}

/** `tasks`: `{"task":[...]}`, the tasks of a resource. */
export function taskListRepresentation(tasks: readonly TaskView[]): Representation {
  return representation("tasks", { task: repeated(tasks.map((task) => node(taskFields(task)))) });
}

/** `task` as an asynchronous POST that answers one task answers it (202). */
export function acceptedTaskRepresentation(task: TaskView): Representation {
  return taskRepresentation(asAccepted(task));
}

/** `tasks` as an asynchronous POST that answers a task list answers it (202). */
export function acceptedTasksRepresentation(tasks: readonly TaskView[]): Representation {
  return taskListRepresentation(tasks.map(asAccepted));
}
