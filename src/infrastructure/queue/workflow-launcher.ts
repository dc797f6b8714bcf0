import type { WorkflowPlan } from "../../application/workflows/workflow-plan.js";
import { childJobOptions, stepJobOptions } from "./job-options.js";
import { type QueueBackend, WORKFLOW_QUEUE } from "./queue-backend.js";

/**
 * Turns a workflow plan into BullMQ jobs: a settling step becomes the parent of a flow whose
 * children are the parallel jobs; without one, the parallel jobs are added on their own.
 * Job ids come from the plan's keys, so launching the same plan twice adds nothing.
 */
export class WorkflowLauncher {
  constructor(private readonly backend: QueueBackend) {}

  async launch(plan: WorkflowPlan): Promise<void> {
    if (plan.settle) {
      await this.backend.addFlow({
        name: plan.settle.name,
        queueName: WORKFLOW_QUEUE,
        data: plan.settle.payload,
        opts: stepJobOptions(plan.settle.key),
        children: plan.parallel.map((job) => ({
          name: job.name,
          queueName: WORKFLOW_QUEUE,
          data: job.payload,
          opts: childJobOptions(job.key),
        })),
      });
      return;
    }
    for (const job of plan.parallel) await this.backend.addJob(job.name, job.payload, stepJobOptions(job.key));
  }
}
