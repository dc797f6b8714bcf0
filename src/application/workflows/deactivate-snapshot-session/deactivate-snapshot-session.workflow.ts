import { defineWorkflow, job, payloadOf, single } from "../workflow-definition.js";
import { TerminateSnapshotStep } from "./terminate-snapshot.step.js";

declare module "../workflow-catalogue.js" {
  interface WorkflowCatalogue {
    "deactivate-snapshot-session": {
      start: { readonly taskId: string; readonly sessionId: string };
      /** One job does the whole operation and settles the task; its payload is the start's. */
      jobs: { terminate: WorkflowCatalogue["deactivate-snapshot-session"]["start"] };
    };
  }
}

/** Terminates a session's snapshot on the array. */
export const deactivateSnapshotSessionWorkflow = defineWorkflow({
  name: "deactivate-snapshot-session",
  steps: {
    terminate: {
      create: ({ unitOfWork, drivers, clock }) => new TerminateSnapshotStep(unitOfWork, drivers, clock),
    },
  },
  plan: (start) => single(job("deactivate-snapshot-session.terminate", payloadOf(start), `${start.taskId}:terminate`)),
});
