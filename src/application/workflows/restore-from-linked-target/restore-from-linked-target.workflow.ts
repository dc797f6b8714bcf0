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
        /**
         * The targets restored from, for a group session's target: its set, one per member.
         * Absent: the target alone (and in starts queued before sets were restored).
         */
        readonly targetIds?: readonly string[];
      };
      /** One job does the whole operation and settles the task; its payload is the start's. */
      jobs: { restore: WorkflowCatalogue["restore-from-linked-target"]["start"] };
    };
  }
}

/** Restores a linked target's image onto its source volume; a group session's set, onto every member. */
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
