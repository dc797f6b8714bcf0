import { defineWorkflow, job, payloadOf, single } from "../workflow-definition.js";
import { RestoreSnapshotStep } from "./restore-snapshot.step.js";

declare module "../workflow-catalogue.js" {
  interface WorkflowCatalogue {
    "restore-snapshot-session": {
      start: { readonly taskId: string; readonly sessionId: string };
      /** One job does the whole operation and settles the task; its payload is the start's. */
      jobs: { restore: WorkflowCatalogue["restore-snapshot-session"]["start"] };
    };
  }
}

/** Restores a session's snapshot onto its source volume. */
export const restoreSnapshotSessionWorkflow = defineWorkflow({
  name: "restore-snapshot-session",
  steps: {
    restore: {
      create: ({ unitOfWork, drivers, clock, polling }) => new RestoreSnapshotStep(unitOfWork, drivers, clock, polling),
    },
  },
  plan: (start) => single(job("restore-snapshot-session.restore", payloadOf(start), `${start.taskId}:restore`)),
});
