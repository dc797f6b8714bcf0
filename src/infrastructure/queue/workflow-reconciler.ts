import type { Logger } from "pino";
import type { WorkflowStep } from "../../application/workflows/step-outcome.js";
import type { PlannedJob, WorkflowPlan } from "../../application/workflows/workflow-definition.js";
import { planWorkflow } from "../../application/workflows/workflows.js";
import type { WorkflowRun, WorkflowRunSweep } from "../persistence/workflow-run-store.js";
import { jobIdFor } from "./job-options.js";
import type { StepRegistry } from "./step-worker.js";
import type { WorkflowLauncher } from "./workflow-launcher.js";

/** Where the reconciler reads the accepted workflows from: one sweep at a time, across processes. */
export interface WorkflowRunSource {
  sweepAlone<T>(sweep: (runs: WorkflowRunSweep) => Promise<T>): Promise<T | undefined>;
}

/** Whether a job is in the queue; finished jobs are removed, so one that is there is unfinished. */
export interface JobPresence {
  hasJob(jobId: string): Promise<boolean>;
}

export interface WorkflowReconcilerOptions {
  /** How often to sweep; a run launched less than this long ago is left alone. */
  readonly intervalMs: number;
  /** Launches (the first delivery included) after which a workflow is abandoned. */
  readonly maxLaunches: number;
  readonly logger: Logger;
}

export interface SweepReport {
  readonly relaunched: number;
  readonly abandoned: number;
  readonly forgotten: number;
}

/** Pending tasks looked at per sweep; the rest wait for the next one. */
const BATCH = 200;

/** Why an abandoned workflow's task failed. */
export class WorkflowAbandoned extends Error {
  constructor(taskId: string, launches: number) {
    super(`the workflow of task ${taskId} did not finish after ${launches} launches`);
    this.name = "WorkflowAbandoned";
  }
}

/**
 * Makes sure no accepted task stays pending for ever. Every interval, one worker (whichever
 * takes the advisory lock) looks at the tasks still pending whose workflow was delivered to the
 * queue: one with no job left in the queue lost its work — a step whose failure could not be
 * recorded (the database was down on its last attempt), a job stalled too often, a job removed
 * by an operator, a Redis that restarted empty — and its workflow is launched again. That is
 * harmless for work already done: plans are keyed by task, steps skip settled targets and leave
 * finished tasks alone. After `maxLaunches` the workflow is abandoned: every parallel step is
 * ended as failed and the settling step settles the task as usual (rolling back what did not
 * finish), or, where there is none, the failed steps have settled it.
 */
export class WorkflowReconciler {
  private timer: NodeJS.Timeout | undefined;
  private sweeping: Promise<unknown> | undefined;
  private running = false;

  constructor(
    private readonly runs: WorkflowRunSource,
    private readonly launcher: WorkflowLauncher,
    private readonly jobs: JobPresence,
    private readonly steps: StepRegistry,
    private readonly options: WorkflowReconcilerOptions,
  ) {}

  /** Sweeps now (anything left over from before a restart), then every interval. */
  start(): void {
    this.running = true;
    this.schedule(0);
  }

  /** Stops sweeping; waits for a sweep in progress. */
  async stop(): Promise<void> {
    this.running = false;
    clearTimeout(this.timer);
    await this.sweeping;
  }

  /** One sweep; `undefined` when another process was sweeping. */
  sweep(): Promise<SweepReport | undefined> {
    return this.runs.sweepAlone(async (runs) => {
      const forgotten = await runs.forgetFinished();
      let relaunched = 0;
      let abandoned = 0;
      for (const run of await runs.unsettled(this.options.intervalMs, BATCH)) {
        const plan = planWorkflow(run.start);
        if (await this.hasJobInQueue(plan)) continue;
        // Read after looking at the queue: a job is removed only after its step committed.
        if (!(await runs.isPending(run.taskId))) continue;
        if (run.launches >= this.options.maxLaunches) {
          await this.abandon(run, plan);
          abandoned += 1;
          continue;
        }
        this.options.logger.warn(
          { task: run.taskId, launches: run.launches },
          "task pending with no job in the queue: launching its workflow again",
        );
        await this.launcher.launch(plan);
        await runs.recordRelaunch(run.id);
        relaunched += 1;
      }
      return { relaunched, abandoned, forgotten };
    });
  }

  private schedule(delayMs: number): void {
    if (!this.running) return;
    this.timer = setTimeout(() => {
      this.sweeping = this.sweep()
        .catch((error: unknown) => this.options.logger.warn({ err: error }, "workflow reconciler sweep failed"))
        .finally(() => this.schedule(this.options.intervalMs));
    }, delayMs);
  }

  private async hasJobInQueue(plan: WorkflowPlan): Promise<boolean> {
    // A flow's parent leaves the queue last: while it is there, the workflow is running.
    const jobs = plan.settle ? [plan.settle, ...plan.parallel] : plan.parallel;
    for (const job of jobs) if (await this.jobs.hasJob(jobIdFor(job.key))) return true;
    return false;
  }

  private async abandon(run: WorkflowRun, plan: WorkflowPlan): Promise<void> {
    const error = new WorkflowAbandoned(run.taskId, run.launches);
    this.options.logger.error(
      { task: run.taskId, launches: run.launches },
      "abandoning a workflow that never finished",
    );
    for (const job of plan.parallel) await this.stepOf(job).fail(job.payload, error);
    if (!plan.settle) return;
    const settle = this.stepOf(plan.settle);
    try {
      const outcome = await settle.run(plan.settle.payload);
      if (outcome.kind === "wait") await settle.fail(plan.settle.payload, error);
    } catch (settleError) {
      this.options.logger.error({ err: settleError, task: run.taskId }, "could not settle an abandoned workflow");
      await settle.fail(plan.settle.payload, error);
    }
  }

  private stepOf(job: PlannedJob): WorkflowStep<unknown> {
    return this.steps[job.name] as WorkflowStep<unknown>;
  }
}
