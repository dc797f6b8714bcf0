/*
 * The parts of the API's JSON representations (docs/api/: snapshot-sessions.md, snapshots.md, volumes.md, conventions.md) the command line reads.
 * Every command prints the API's own answer with --json; these name only what it looks at.
 */

export interface NamedRef {
  readonly id: string;
  readonly name?: string;
  readonly link?: { readonly rel: string; readonly href: string };
}

export interface ServiceErrorJson {
  readonly code: number;
  readonly description: string;
  readonly details?: string;
  readonly retryable?: boolean;
}

export interface TaskJson {
  readonly id: string;
  readonly op_id?: string;
  readonly name?: string;
  readonly state: string;
  readonly progress?: number;
  readonly message?: string;
  readonly resource: NamedRef;
  readonly service_error?: ServiceErrorJson;
}

export interface TaskListJson {
  readonly task: readonly TaskJson[];
}

export interface LinkStateJson {
  readonly state: string;
  readonly native_state?: string;
  readonly defined?: boolean;
  readonly percent_copied?: number;
}

/** `block_snapshot`: a linked target, with the simulator's `copy_mode` and `link_state`. */
export interface LinkedTargetJson {
  readonly id: string;
  readonly name: string;
  readonly inactive: boolean;
  readonly replica_state?: string;
  readonly copy_mode?: string;
  readonly link_state?: LinkStateJson;
}

export interface SessionJson {
  readonly id: string;
  readonly name: string;
  readonly parent: NamedRef;
  readonly linked_targets?: readonly NamedRef[];
}

export const TERMINAL_TASK_STATES: ReadonlySet<string> = new Set(["ready", "error"]);
