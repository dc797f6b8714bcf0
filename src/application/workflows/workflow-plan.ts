import type { WorkflowStart } from "../ports/workflow-outbox.js";
import type { JobCatalogue, JobName } from "./job-catalogue.js";

export interface PlannedJob<N extends JobName = JobName> {
  readonly name: N;
  readonly payload: JobCatalogue[N];
  /** Stable per task, target and step, so that a redelivered start adds no second job. */
  readonly key: string;
}

/**
 * The jobs a workflow start becomes: `parallel` jobs run independently; `settle`, if any, runs
 * once every one of them has finished, whether it succeeded or failed (it settles the task).
 */
export interface WorkflowPlan {
  readonly parallel: readonly PlannedJob[];
  readonly settle?: PlannedJob;
}

function job<N extends JobName>(name: N, payload: JobCatalogue[N], key: string): PlannedJob {
  return { name, payload, key } as PlannedJob;
}

export function planWorkflow(start: WorkflowStart): WorkflowPlan {
  switch (start.workflow) {
    case "link-targets":
      return {
        parallel: start.targetIds.map((targetId) =>
          job(
            "link-targets.link-target",
            { taskId: start.taskId, sessionId: start.sessionId, targetId },
            `${start.taskId}:${targetId}:link`,
          ),
        ),
        settle: job(
          "link-targets.finish",
          { taskId: start.taskId, sessionId: start.sessionId },
          `${start.taskId}:finish`,
        ),
      };
    case "create-volume":
      return {
        parallel: [
          job(
            "create-volume.provision",
            { taskId: start.taskId, volumeId: start.volumeId },
            `${start.taskId}:provision`,
          ),
        ],
      };
    case "create-snapshot-session":
      return {
        parallel: [
          job(
            "create-snapshot-session.establish",
            { taskId: start.taskId, sessionId: start.sessionId, volumeTaskId: start.volumeTaskId },
            `${start.taskId}:establish`,
          ),
        ],
      };
  }
}
