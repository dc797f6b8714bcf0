import { defineWorkflow, job, single } from "../workflow-definition.js";
import { ProvisionVolumeStep } from "./provision-volume.step.js";

declare module "../workflow-catalogue.js" {
  interface WorkflowCatalogue {
    "create-volume": {
      start: { readonly taskId: string; readonly volumeId: string };
      jobs: { provision: { readonly taskId: string; readonly volumeId: string } };
    };
  }
}

/** Creates a volume's device on its array. */
export const createVolumeWorkflow = defineWorkflow({
  name: "create-volume",
  steps: {
    provision: {
      create: ({ unitOfWork, drivers, clock }) => new ProvisionVolumeStep(unitOfWork, drivers, clock),
      undoes: "a volume never provisioned: record inactive",
    },
  },
  plan: (start) =>
    single(
      job("create-volume.provision", { taskId: start.taskId, volumeId: start.volumeId }, `${start.taskId}:provision`),
    ),
});
