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
      return single(
        job("link-targets.link", { taskId: start.taskId, sessionId: start.sessionId }, `${start.taskId}:link`),
      );
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
      return planCreateSnapshotSession(start);
    case "unlink-targets":
      return single(job("unlink-targets.unlink", payloadOf(start), `${start.taskId}:unlink`));
    case "relink-targets":
      return single(job("relink-targets.relink", payloadOf(start), `${start.taskId}:relink`));
    case "restore-snapshot-session":
      return single(job("restore-snapshot-session.restore", payloadOf(start), `${start.taskId}:restore`));
    case "restore-from-linked-target":
      return single(job("restore-from-linked-target.restore", payloadOf(start), `${start.taskId}:restore`));
    case "deactivate-snapshot-session":
      return single(job("deactivate-snapshot-session.terminate", payloadOf(start), `${start.taskId}:terminate`));
    case "deactivate-volume":
      return single(job("deactivate-volume.delete", payloadOf(start), `${start.taskId}:delete`));
  }
}

/** One step that does the whole operation, each part idempotently, and settles its task. */
function single(only: PlannedJob): WorkflowPlan {
  return { parallel: [only] };
}

function payloadOf<S extends WorkflowStart>(start: S): Omit<S, "workflow"> {
  const { workflow: _workflow, ...payload } = start;
  return payload;
}

/**
 * The snapshot is established while the new targets' job waits for it; with targets, that job
 * rolls back those that did not link and settles both tasks.
 */
function planCreateSnapshotSession(
  start: Extract<WorkflowStart, { workflow: "create-snapshot-session" }>,
): WorkflowPlan {
  const { taskId, sessionId, volumeTaskId } = start;
  const targetIds = start.targetIds ?? [];
  const withTargets = targetIds.length > 0;
  const establish = job(
    "create-snapshot-session.establish",
    withTargets ? { taskId, sessionId, volumeTaskId, withTargets } : { taskId, sessionId, volumeTaskId },
    `${taskId}:establish`,
  );
  if (!withTargets) return { parallel: [establish] };
  return {
    parallel: [establish, job("link-targets.link", { taskId, sessionId, volumeTaskId }, `${taskId}:link`)],
  };
}
