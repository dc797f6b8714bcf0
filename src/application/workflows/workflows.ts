import type { WorkflowStart } from "../ports/workflow-outbox.js";
import { createSnapshotSessionWorkflow } from "./create-snapshot-session/create-snapshot-session.workflow.js";
import { createVolumeWorkflow } from "./create-volume/create-volume.workflow.js";
import { deactivateSnapshotSessionWorkflow } from "./deactivate-snapshot-session/deactivate-snapshot-session.workflow.js";
import { deactivateVolumeWorkflow } from "./deactivate-volume/deactivate-volume.workflow.js";
import { linkTargetsWorkflow } from "./link-targets/link-targets.workflow.js";
import { relinkTargetsWorkflow } from "./relink-targets/relink-targets.workflow.js";
import { restoreFromLinkedTargetWorkflow } from "./restore-from-linked-target/restore-from-linked-target.workflow.js";
import { restoreSnapshotSessionWorkflow } from "./restore-snapshot-session/restore-snapshot-session.workflow.js";
import type { WorkflowStep } from "./step-outcome.js";
import { unlinkTargetsWorkflow } from "./unlink-targets/unlink-targets.workflow.js";
import type { JobCatalogue, JobName, WorkflowName } from "./workflow-catalogue.js";
import type { StepDefinition, StepServices, WorkflowDefinition, WorkflowPlan } from "./workflow-definition.js";

/**
 * Every workflow, by name: the one list the job names, the plans and the workers' steps are
 * read from. The compiler fails when a workflow's catalogue entry has no definition here.
 */
export const WORKFLOWS: { readonly [W in WorkflowName]: WorkflowDefinition<W> } = {
  "link-targets": linkTargetsWorkflow,
  "create-volume": createVolumeWorkflow,
  "create-snapshot-session": createSnapshotSessionWorkflow,
  "unlink-targets": unlinkTargetsWorkflow,
  "relink-targets": relinkTargetsWorkflow,
  "restore-snapshot-session": restoreSnapshotSessionWorkflow,
  "restore-from-linked-target": restoreFromLinkedTargetWorkflow,
  "deactivate-snapshot-session": deactivateSnapshotSessionWorkflow,
  "deactivate-volume": deactivateVolumeWorkflow,
};

/** The step a worker runs for each job of the catalogue. */
export type StepTable = { readonly [N in JobName]: WorkflowStep<JobCatalogue[N]> };

/** Every step of every workflow, with its job name, in the list's order. */
export function declaredSteps(): { readonly name: JobName; readonly step: StepDefinition<never> }[] {
  return Object.values<{ name: WorkflowName; steps: object }>(WORKFLOWS).flatMap((workflow) =>
    Object.entries(workflow.steps as { [step: string]: StepDefinition<never> }).map(([step, definition]) => ({
      name: `${workflow.name}.${step}` as JobName,
      step: definition,
    })),
  );
}

export const JOB_NAMES: readonly JobName[] = declaredSteps().map((declared) => declared.name);

/** The workers' steps: one for each job every workflow declares. */
export function createStepTable(services: StepServices): StepTable {
  return Object.fromEntries(
    declaredSteps().map(({ name, step }) => [name, step.create(services)]),
  ) as unknown as StepTable;
}

/** The jobs a start becomes, as its workflow plans them. */
export function planWorkflow(start: WorkflowStart): WorkflowPlan {
  // A row written by another version may name a workflow this one does not have.
  const byName: { readonly [name: string]: { plan(start: WorkflowStart): WorkflowPlan } | undefined } =
    WORKFLOWS as never;
  const workflow = byName[start.workflow];
  if (!workflow) throw new Error(`no workflow is named ${start.workflow}`);
  return workflow.plan(start);
}
