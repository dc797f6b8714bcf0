import type { UnlinkTarget } from "../../ports/workflow-outbox.js";
import { defineWorkflow, job, payloadOf, single } from "../workflow-definition.js";
import { UnlinkTargetsStep } from "./unlink-targets.step.js";

declare module "../workflow-catalogue.js" {
  interface WorkflowCatalogue {
    "unlink-targets": {
      start: { readonly taskId: string; readonly sessionId: string; readonly targets: readonly UnlinkTarget[] };
      /** One job does the whole operation and settles the task; its payload is the start's. */
      jobs: { unlink: WorkflowCatalogue["unlink-targets"]["start"] };
    };
  }
}

/** Unlinks targets from a session's snapshot, deleting their devices or keeping them as volumes. */
export const unlinkTargetsWorkflow = defineWorkflow({
  name: "unlink-targets",
  steps: {
    unlink: {
      create: ({ unitOfWork, drivers, clock, polling }) => new UnlinkTargetsStep(unitOfWork, drivers, clock, polling),
      undoes: "targets left `unlinking`: unlinked, device deleted or kept as a volume",
    },
  },
  plan: (start) => single(job("unlink-targets.unlink", payloadOf(start), `${start.taskId}:unlink`)),
});
