import { defineWorkflow, job, single } from "../workflow-definition.js";
import { FinishLinkTargetsStep } from "./finish-link-targets.step.js";
import { LinkTargetStep } from "./link-target.step.js";
import { LinkTargetsStep } from "./link-targets.step.js";

declare module "../workflow-catalogue.js" {
  interface WorkflowCatalogue {
    "link-targets": {
      start: { readonly taskId: string; readonly sessionId: string; readonly targetIds: readonly string[] };
      jobs: {
        /** Every target of one link request (or of a session created with targets: `volumeTaskId`). */
        link: { readonly taskId: string; readonly sessionId: string; readonly volumeTaskId?: string };
        /** One target of a link, in the flow that versions before `link-targets.link` queued. */
        "link-target": { readonly taskId: string; readonly sessionId: string; readonly targetId: string };
        /** The flow's parent of `link-targets.link-target` jobs queued by earlier versions. */
        finish: { readonly taskId: string; readonly sessionId: string };
      };
    };
  }
}

/** Links a request's targets to a session's snapshot, in one job that settles the task. */
export const linkTargetsWorkflow = defineWorkflow({
  name: "link-targets",
  steps: {
    link: {
      create: ({ unitOfWork, drivers, clock, polling }) => new LinkTargetsStep(unitOfWork, drivers, clock, polling),
      undoes: "the targets that did not link: link undone, device deleted, record inactive",
    },
    "link-target": {
      create: ({ unitOfWork, drivers, polling }) => new LinkTargetStep(unitOfWork, drivers, polling),
      legacy: true,
    },
    finish: {
      create: ({ unitOfWork, drivers, clock }) => new FinishLinkTargetsStep(unitOfWork, drivers, clock),
      undoes: "the targets that did not link: link undone, device deleted, record inactive",
      legacy: true,
    },
  },
  plan: (start) =>
    single(job("link-targets.link", { taskId: start.taskId, sessionId: start.sessionId }, `${start.taskId}:link`)),
});
