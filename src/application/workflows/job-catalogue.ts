import type { UnlinkTarget } from "../ports/workflow-outbox.js";

/** Every job the workers run, by name, with its payload. Job names are `<workflow>.<step>`. */
export interface JobCatalogue {
  /** Every target of one link request (or of a session created with targets: `volumeTaskId`). */
  "link-targets.link": { readonly taskId: string; readonly sessionId: string; readonly volumeTaskId?: string };
  /** One target of a link, in the flow that versions before `link-targets.link` queued; still run. */
  "link-targets.link-target": { readonly taskId: string; readonly sessionId: string; readonly targetId: string };
  /** The flow's parent of `link-targets.link-target` jobs queued by earlier versions. */
  "link-targets.finish": { readonly taskId: string; readonly sessionId: string };
  "create-volume.provision": { readonly taskId: string; readonly volumeId: string };
  "create-snapshot-session.establish": {
    readonly taskId: string;
    readonly sessionId: string;
    readonly volumeTaskId: string;
    /** Targets are linked in the same workflow: `create-snapshot-session.finish` settles the tasks. */
    readonly withTargets?: boolean;
  };
  /** The flow's parent of a session created with targets by earlier versions. */
  "create-snapshot-session.finish": {
    readonly taskId: string;
    readonly sessionId: string;
    readonly volumeTaskId: string;
  };
  "unlink-targets.unlink": {
    readonly taskId: string;
    readonly sessionId: string;
    readonly targets: readonly UnlinkTarget[];
  };
  "relink-targets.relink": {
    readonly taskId: string;
    readonly sessionId: string;
    readonly targetIds: readonly string[];
  };
  "restore-snapshot-session.restore": { readonly taskId: string; readonly sessionId: string };
  "restore-from-linked-target.restore": {
    readonly taskId: string;
    readonly sessionId: string;
    readonly targetId: string;
  };
  "deactivate-snapshot-session.terminate": { readonly taskId: string; readonly sessionId: string };
  "deactivate-volume.delete": { readonly taskId: string; readonly volumeId: string };
}

export type JobName = keyof JobCatalogue;

export const JOB_NAMES: readonly JobName[] = [
  "link-targets.link",
  "link-targets.link-target",
  "link-targets.finish",
  "create-volume.provision",
  "create-snapshot-session.establish",
  "create-snapshot-session.finish",
  "unlink-targets.unlink",
  "relink-targets.relink",
  "restore-snapshot-session.restore",
  "restore-from-linked-target.restore",
  "deactivate-snapshot-session.terminate",
  "deactivate-volume.delete",
];
