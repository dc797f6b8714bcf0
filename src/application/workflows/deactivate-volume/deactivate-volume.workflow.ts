import { defineWorkflow, job, payloadOf, single } from "../workflow-definition.js";
import { DeleteVolumeStep } from "./delete-volume.step.js";

declare module "../workflow-catalogue.js" {
  interface WorkflowCatalogue {
    "deactivate-volume": {
      start: { readonly taskId: string; readonly volumeId: string };
      /** One job does the whole operation and settles the task; its payload is the start's. */
      jobs: { delete: WorkflowCatalogue["deactivate-volume"]["start"] };
    };
  }
}

/** Deletes a volume's device on its array. */
export const deactivateVolumeWorkflow = defineWorkflow({
  name: "deactivate-volume",
  steps: {
    delete: {
      create: ({ unitOfWork, drivers, clock }) => new DeleteVolumeStep(unitOfWork, drivers, clock),
    },
  },
  plan: (start) => single(job("deactivate-volume.delete", payloadOf(start), `${start.taskId}:delete`)),
});
