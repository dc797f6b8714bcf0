/**
 * Every workflow's start and the payload of each of its jobs, by workflow name. The interface is
 * empty here: each workflow's file (`<workflow>/<workflow>.workflow.ts`) adds its entry by
 * declaration merging (`declare module "../workflow-catalogue.js"`), so that the ports and the
 * steps can name these types without importing the workflows, which import the steps.
 * `workflows.ts` lists every entry's definition; the compiler fails when one is missing.
 */
// biome-ignore lint/suspicious/noEmptyInterface: each workflow's file adds its entry
export interface WorkflowCatalogue {}

/** What a workflow's entry in the catalogue declares. */
export interface WorkflowEntry {
  /** What the handler writes to the outbox, less the workflow's name. */
  readonly start: { readonly taskId: string };
  /** Each job's payload, by step name; the job is named `<workflow>.<step>`. */
  readonly jobs: { readonly [step: string]: { readonly taskId: string } };
}

export type WorkflowName = keyof WorkflowCatalogue & string;

type EntryOf<W extends WorkflowName> = WorkflowCatalogue[W] extends WorkflowEntry ? WorkflowCatalogue[W] : never;

/** A workflow's start payload, without its name. */
export type StartPayloadOf<W extends WorkflowName> = EntryOf<W>["start"];

/** The start of one workflow, as written to the outbox. */
export type StartOf<W extends WorkflowName> = { readonly workflow: W } & StartPayloadOf<W>;

/** The names of a workflow's steps. */
export type StepNameOf<W extends WorkflowName> = keyof EntryOf<W>["jobs"] & string;

/** The payload of one step's job. */
export type StepPayloadOf<W extends WorkflowName, S extends StepNameOf<W>> = EntryOf<W>["jobs"][S];

type JobEntry = {
  [W in WorkflowName]: { [S in StepNameOf<W>]: { name: `${W}.${S}`; payload: StepPayloadOf<W, S> } }[StepNameOf<W>];
}[WorkflowName];

/** Every job the workers run, by name (`<workflow>.<step>`), with its payload. */
export type JobCatalogue = { [E in JobEntry as E["name"]]: E["payload"] };

export type JobName = keyof JobCatalogue;
