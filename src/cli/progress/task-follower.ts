import { type LinkedTargetJson, type TaskJson, TERMINAL_TASK_STATES } from "../api-shapes.js";
import type { ApiClient } from "../http/api-client.js";
import { type Clock, SYSTEM_CLOCK } from "./clock.js";
import { pollThroughOutages, SILENCE_BEFORE_GIVING_UP_MS } from "./outage-retries.js";
import { progressBars } from "./progress-bars.js";
import type { ProgressDisplay } from "./progress-display.js";

export interface FollowOptions {
  /** Linked targets whose copy progress is shown beside the task's. */
  readonly targetIds?: readonly string[];
  readonly intervalMs: number;
  readonly display: ProgressDisplay;
  /**
   * The command has just had the task from the service (`--wait`), so the service is there and an outage
   * met at the first poll is ridden through too. Otherwise (`task watch`) the first poll must be answered,
   * so that a wrong URL or a stopped service fails at once rather than after the outage limit.
   */
  readonly justAccepted?: boolean;
  /**
   * Where to say that the service stopped answering, and that it answers again (stderr), unless the
   * display prints notices itself.
   */
  readonly notify: (line: string) => void;
  /** How long the service may not answer, in a row, before the follow gives up (a test shortens it). */
  readonly giveUpAfterMs?: number;
  readonly clock?: Clock;
}

/**
 * Polls `GET /vdc/tasks/{id}` (and each target) until the task is `ready` or `error`; returns the last
 * answer. Tasks outlive a restart of the service and an outage of its database, so the follow rides
 * through them (see outage-retries.ts) rather than failing at the first poll they meet.
 */
export async function followTask(client: ApiClient, taskId: string, options: FollowOptions): Promise<TaskJson> {
  const taskPath = `/vdc/tasks/${encodeURIComponent(taskId)}`;
  const clock = options.clock ?? SYSTEM_CLOCK;
  const retries = {
    taskId,
    giveUpAfterMs: options.giveUpAfterMs ?? SILENCE_BEFORE_GIVING_UP_MS,
    notify: (line: string) => (options.display.notice ? options.display.notice(line) : options.notify(line)),
    clock,
  };
  const poll = async () => {
    // Targets are read after the task, so that a finished task is shown with its targets' last state.
    const task = await client.getJson<TaskJson>(taskPath);
    return { task, targets: await readTargets(client, options.targetIds ?? []) };
  };
  let serviceIsThere = options.justAccepted === true;
  try {
    for (;;) {
      const { task, targets } = serviceIsThere ? await pollThroughOutages(poll, retries) : await poll();
      serviceIsThere = true;
      options.display.show(progressBars(task, targets));
      if (TERMINAL_TASK_STATES.has(task.state)) return task;
      await clock.sleep(options.intervalMs);
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
