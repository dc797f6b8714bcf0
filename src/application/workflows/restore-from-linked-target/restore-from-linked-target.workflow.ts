import { defineWorkflow, job, payloadOf, single } from "../workflow-definition.js";
import { RestoreFromTargetStep } from "./restore-from-target.step.js";

declare module "../workflow-catalogue.js" {
  interface WorkflowCatalogue {
    "restore-from-linked-target": {
      start: {
        readonly taskId: string;
        /** The target's session: the operation holds its place in the session's queue. */
        readonly sessionId: string;
        readonly targetId: string;
      };
      /** One job does the whole operation and settles the task; its payload is the start's. */
      jobs: { restore: WorkflowCatalogue["restore-from-linked-target"]["start"] };
    };
  }
}

/** Restores a linked target's image onto the session's source volume. */
export const restoreFromLinkedTargetWorkflow = defineWorkflow({
  name: "restore-from-linked-target",
  steps: {
    restore: {
      create: ({ unitOfWork, drivers, clock, polling }) =>
        new RestoreFromTargetStep(unitOfWork, drivers, clock, polling),
    },
  },
  plan: (start) => single(job("restore-from-linked-target.restore", payloadOf(start), `${start.taskId}:restore`)),
});
