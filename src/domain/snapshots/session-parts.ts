import type { SourceLinkBudget } from "./source-link-budget.js";

/** The source volume a session was taken of, as the session needs to know it. */
export interface SessionSource {
  readonly volumeId: string;
  readonly projectId: string;
  readonly tenantId: string;
  readonly storageSystemId: string;
  readonly storagePoolId: string;
  readonly varrayId: string;
  readonly capacityBytes: number;
}

/** The array snapshot behind the session, once established. */
export interface ArraySnapshot {
  readonly nativeId: string;
  readonly deviceLabel: string;
}

/** A volume of a group session's consistency group, with its own snapshot on the array. */
export interface SessionMember {
  readonly source: SessionSource;
  readonly arraySnapshot: ArraySnapshot | null;
}

export interface LinkTargetsContext {
  readonly budget: SourceLinkBudget;
  /** The targets are asked for with the session's creation, where a count of 0 asks for none. */
  readonly withSessionCreation?: boolean;
  readonly linkTaskId: string;
  readonly now: number;
  readonly newTargetId: () => string;
}

/** A group link: each member's budget, by source volume id, read under every member's lock. */
export interface GroupLinkTargetsContext extends Omit<LinkTargetsContext, "budget"> {
  readonly budgets: ReadonlyMap<string, SourceLinkBudget>;
}
