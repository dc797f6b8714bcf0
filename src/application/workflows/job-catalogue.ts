/** Every job the workers run, by name, with its payload. Job names are `<workflow>.<step>`. */
export interface JobCatalogue {
  "link-targets.link-target": { readonly taskId: string; readonly sessionId: string; readonly targetId: string };
  "link-targets.finish": { readonly taskId: string; readonly sessionId: string };
  "create-volume.provision": { readonly taskId: string; readonly volumeId: string };
  "create-snapshot-session.establish": {
    readonly taskId: string;
    readonly sessionId: string;
    readonly volumeTaskId: string;
  };
}

export type JobName = keyof JobCatalogue;

export const JOB_NAMES: readonly JobName[] = [
  "link-targets.link-target",
  "link-targets.finish",
  "create-volume.provision",
  "create-snapshot-session.establish",
];
