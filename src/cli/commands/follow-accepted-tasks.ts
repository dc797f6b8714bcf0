import type { TaskJson } from "../api-shapes.js";
import { TaskFailed } from "../cli-errors.js";
import type { CommandContext } from "../command-context.js";
import type { ApiClient } from "../http/api-client.js";
import { followTask } from "../progress/task-follower.js";
import { requireReady, taskFailure } from "../task-outcome.js";

/** `--wait` on an answer of one task: the task finished `ready`, or `TaskFailed` (exit 3) carrying the task. */
export async function followAcceptedTask(
  context: CommandContext,
  client: ApiClient,
  task: TaskJson,
  intervalMs: number,
): Promise<TaskJson> {
  return requireReady(await followOne(context, client, task, intervalMs));
}

/**
 * `--wait` on an answer of a task list: follows the tasks one after the other, each with its own
 * display; returns them finished, or throws `TaskFailed` (exit 3) carrying them all when one ended in error.
 */
export async function followAcceptedTasks(
  context: CommandContext,
  client: ApiClient,
  tasks: readonly TaskJson[],
  intervalMs: number,
): Promise<TaskJson[]> {
  const finished: TaskJson[] = [];
  for (const task of tasks) finished.push(await followOne(context, client, task, intervalMs));
  const failed = finished.find((t) => t.state !== "ready");
  if (failed) throw new TaskFailed(taskFailure(failed), { task: finished });
  return finished;
}

function followOne(context: CommandContext, client: ApiClient, task: TaskJson, intervalMs: number): Promise<TaskJson> {
  return followTask(client, task.id, {
    intervalMs,
    display: context.progressDisplay(),
    justAccepted: true,
    notify: (line) => context.notify(line),
  });
}
