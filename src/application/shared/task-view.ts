import type { Task } from "../../domain/tasks/task.js";
import type { TaskView } from "../ports/read-model.js";

export function taskView(task: Task): TaskView {
  const { version: _version, ...view } = task.toState();
  return view;
}
