import type { Clock } from "../ports/clock.js";
import type { DriverRegistry } from "../ports/driver-registry.js";
import type { UnitOfWork } from "../ports/unit-of-work.js";
import type { WorkflowStep } from "./step-outcome.js";
import type {
  JobCatalogue,
  JobName,
  StartOf,
  StartPayloadOf,
  StepNameOf,
  StepPayloadOf,
  WorkflowName,
} from "./workflow-catalogue.js";

export interface PlannedJob<N extends JobName = JobName> {
  readonly name: N;
  readonly payload: JobCatalogue[N];
  /** Stable per task, target and step, so that a redelivered start adds no second job. */
  readonly key: string;
}

/**
 * The jobs a workflow start becomes: `parallel` jobs run independently; `settle`, if any, runs
 * once every one of them has finished, whether it succeeded or failed (it settles the task).
 */
export interface WorkflowPlan {
  readonly parallel: readonly PlannedJob[];
  readonly settle?: PlannedJob;
}

export function job<N extends JobName>(name: N, payload: JobCatalogue[N], key: string): PlannedJob {
  return { name, payload, key } as PlannedJob;
}

/** One step that does the whole operation, each part idempotently, and settles its task. */
export function single(only: PlannedJob): WorkflowPlan {
  return { parallel: [only] };
}

/** A start's payload, without the workflow's name (many steps take just that). */
export function payloadOf<W extends WorkflowName>(start: StartOf<W>): StartPayloadOf<W> {
  const { workflow: _workflow, ...payload } = start;
  return payload as unknown as StartPayloadOf<W>;
}

/** What a worker's steps are made with. */
export interface StepServices {
  readonly unitOfWork: UnitOfWork;
  readonly drivers: DriverRegistry;
  readonly clock: Clock;
  /** How long a step that waits for the array waits before it looks again. */
  readonly polling: { readonly pollIntervalMs: number };
}

export interface StepDefinition<P> {
  /** Makes the step that runs the job (once per worker). */
  readonly create: (services: StepServices) => WorkflowStep<P>;
  /**
   * What the step undoes when the task fails or is given up (its `fail`, or the settling step
   * once the others have finished), if anything: what a failed task leaves behind is the rest.
   */
  readonly undoes?: string;
  /** Queued only by earlier versions: no plan adds it any more, but such jobs must still run. */
  readonly legacy?: true;
}

/**
 * A workflow, in one file: its steps by name (each job is `<workflow>.<step>`, its payload the
 * one the workflow's catalogue entry declares) in the order they run, and its plan, which turns
 * a start into jobs.
 */
export interface WorkflowDefinition<W extends WorkflowName> {
  readonly name: W;
  readonly steps: { readonly [S in StepNameOf<W>]: StepDefinition<StepPayloadOf<W, S>> };
  readonly plan: (start: StartOf<W>) => WorkflowPlan;
}

export function defineWorkflow<W extends WorkflowName>(definition: WorkflowDefinition<W>): WorkflowDefinition<W> {
  return definition;
}
