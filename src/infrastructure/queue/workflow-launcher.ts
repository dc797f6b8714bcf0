import type { WorkflowPlan } from "../../application/workflows/workflow-definition.js";
import { childJobOptions, jobIdFor, stepJobOptions } from "./job-options.js";
import { type QueueBackend, WORKFLOW_QUEUE } from "./queue-backend.js";

/**
 * Turns a workflow plan into BullMQ jobs: a settling step becomes the parent of a flow whose
 * children are the parallel jobs; without one, the parallel jobs are added on their own.
 * Job ids come from the plan's keys, so launching the same plan twice adds nothing; a flow
 * whose parent is still queued is not added again at all.
 */
export class WorkflowLauncher {
  constructor(private readonly backend: QueueBackend) {}

  async launch(plan: WorkflowPlan): Promise<void> {
    if (plan.settle) {
      // A flow is added whole, and its jobs leave the queue only once finished: while its
      // parent is there, the flow is already running. Adding it again would re-create the
      // children that finished and, on the Postgres backend, lock job rows against the worker
      // finishing them (deadlocks: a lost add, or a worker stalled on its retry delay).
      if (await this.backend.hasJob(jobIdFor(plan.settle.key))) return;
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
