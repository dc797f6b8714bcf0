import { FinishLinkTargetsStep } from "../link-targets/finish-link-targets.step.js";
import { defineWorkflow, job, type WorkflowPlan } from "../workflow-definition.js";
import { EstablishSnapshotStep } from "./establish-snapshot.step.js";

declare module "../workflow-catalogue.js" {
  interface WorkflowCatalogue {
    "create-snapshot-session": {
      start: {
        readonly taskId: string;
        readonly sessionId: string;
        readonly volumeTaskId: string;
        /** Targets to link once the snapshot is established (absent in starts written before). */
        readonly targetIds?: readonly string[];
      };
      jobs: {
        establish: {
          readonly taskId: string;
          readonly sessionId: string;
          readonly volumeTaskId: string;
          /** Targets are linked in the same workflow: `link-targets.link` settles the tasks. */
          readonly withTargets?: boolean;
        };
        /** The flow's parent of a session created with targets by earlier versions. */
        finish: { readonly taskId: string; readonly sessionId: string; readonly volumeTaskId: string };
      };
    };
  }
}

/**
 * Establishes a session's snapshot and, when it was created with targets, links them: the
 * `link-targets.link` job waits for the snapshot, rolls back the targets that did not link and
 * settles both tasks.
 */
export const createSnapshotSessionWorkflow = defineWorkflow({
  name: "create-snapshot-session",
  steps: {
    establish: {
      create: ({ unitOfWork, drivers, clock, polling }) =>
        new EstablishSnapshotStep(unitOfWork, drivers, clock, polling),
      undoes: "a session whose snapshot was never established: record inactive",
    },
    finish: {
      create: ({ unitOfWork, drivers, clock }) => new FinishLinkTargetsStep(unitOfWork, drivers, clock),
      undoes: "the targets that did not link: link undone, device deleted, record inactive",
      legacy: true,
    },
  },
  plan: (start): WorkflowPlan => {
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
  },
});
