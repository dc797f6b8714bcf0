import { setTimeout as sleep } from "node:timers/promises";
import { type LinkedTargetJson, type TaskJson, TERMINAL_TASK_STATES } from "../api-shapes.js";
import type { ApiClient } from "../http/api-client.js";
import { progressBars } from "./progress-bars.js";
import type { ProgressDisplay } from "./progress-display.js";

export interface FollowOptions {
  /** Linked targets whose copy progress is shown beside the task's. */
  readonly targetIds?: readonly string[];
  readonly intervalMs: number;
  readonly display: ProgressDisplay;
}

/** Polls `GET /vdc/tasks/{id}` (and each target) until the task is `ready` or `error`; returns the last answer. */
export async function followTask(client: ApiClient, taskId: string, options: FollowOptions): Promise<TaskJson> {
  const taskPath = `/vdc/tasks/${encodeURIComponent(taskId)}`;
  try {
    for (;;) {
      // Targets are read after the task, so that a finished task is shown with its targets' last state.
      const task = await client.getJson<TaskJson>(taskPath);
      const targets = await readTargets(client, options.targetIds ?? []);
      options.display.show(progressBars(task, targets));
      if (TERMINAL_TASK_STATES.has(task.state)) return task;
      await sleep(options.intervalMs);
    }
  } finally {
    options.display.stop();
  }
}

const TARGET_READS_AT_ONCE = 8;

async function readTargets(client: ApiClient, ids: readonly string[]): Promise<LinkedTargetJson[]> {
  const targets: LinkedTargetJson[] = [];
  for (let i = 0; i < ids.length; i += TARGET_READS_AT_ONCE) {
    const batch = ids.slice(i, i + TARGET_READS_AT_ONCE);
    targets.push(
      ...(await Promise.all(
        batch.map((id) => client.getJson<LinkedTargetJson>(`/block/snapshots/${encodeURIComponent(id)}`)),
      )),
    );
  }
  return targets;
}
