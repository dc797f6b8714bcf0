import { defineWorkflow, job, payloadOf, single } from "../workflow-definition.js";
import { RelinkTargetsStep } from "./relink-targets.step.js";

declare module "../workflow-catalogue.js" {
  interface WorkflowCatalogue {
    "relink-targets": {
      start: { readonly taskId: string; readonly sessionId: string; readonly targetIds: readonly string[] };
      /** One job does the whole operation and settles the task; its payload is the start's. */
      jobs: { relink: WorkflowCatalogue["relink-targets"]["start"] };
    };
  }
}

/** Moves linked targets to another snapshot of their source. */
export const relinkTargetsWorkflow = defineWorkflow({
  name: "relink-targets",
  steps: {
    relink: {
      create: ({ unitOfWork, drivers, clock, polling }) => new RelinkTargetsStep(unitOfWork, drivers, clock, polling),
    },
  },
  plan: (start) => single(job("relink-targets.relink", payloadOf(start), `${start.taskId}:relink`)),
});
