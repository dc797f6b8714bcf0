import type { TaskJson } from "./api-shapes.js";
import { TaskFailed } from "./cli-errors.js";

/** `ready` passes; `error` becomes `TaskFailed` with the task's service_error spelled out. */
export function requireReady(task: TaskJson): TaskJson {
  if (task.state === "ready") return task;
  throw new TaskFailed(taskFailure(task), task);
}

export function taskFailure(task: TaskJson): string {
  const lines = [
    `Task ${task.id} (${task.name ?? "task"} on ${task.resource.name ?? task.resource.id}) ended in ${task.state}.`,
  ];
  const error = task.service_error;
  if (error) {
    lines.push(`  Error ${error.code}: ${error.description}`);
    if (error.details) lines.push(`  ${error.details}`);
  } else if (task.message) {
    lines.push(`  ${task.message}`);
  }
  return lines.join("\n");
}

export function taskLine(task: TaskJson): string {
  const progress = task.progress === undefined ? "" : ` ${task.progress}%`;
  return `${task.name ?? "task"} ${task.id}: ${task.state}${progress}`;
}
