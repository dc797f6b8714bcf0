import { newUrn } from "../../../src/domain/shared/urn.js";
import type { LinkTargetsContext } from "../../../src/domain/snapshots/block-snapshot-session.js";
import { BlockSnapshotSession, type SessionSource } from "../../../src/domain/snapshots/block-snapshot-session.js";
import type { SourceLinkBudget } from "../../../src/domain/snapshots/source-link-budget.js";

/** Object mother for snapshot sessions and the source budget they decide against. */
export function aSource(overrides: Partial<SessionSource> = {}): SessionSource {
  return {
    volumeId: newUrn("Volume"),
    projectId: newUrn("Project"),
    tenantId: newUrn("TenantOrg"),
    storageSystemId: newUrn("StorageSystem"),
    storagePoolId: newUrn("StoragePool"),
    varrayId: newUrn("VirtualArray"),
    capacityBytes: 1024 ** 3,
    ...overrides,
  };
}

export class SessionBuilder {
  private label = "snap1";
  private source = aSource();
  private inactive = false;

  named(label: string): this {
    this.label = label;
    return this;
  }

  of(source: SessionSource): this {
    this.source = source;
    return this;
  }

  deactivated(): this {
    this.inactive = true;
    return this;
  }

  build(): BlockSnapshotSession {
    const session = BlockSnapshotSession.create({
      id: newUrn("BlockSnapshotSession"),
      label: this.label,
      source: this.source,
      now: 1,
    });
    session.markEstablished({ nativeId: "snap-1", deviceLabel: this.label });
    if (this.inactive) session.markInactive();
    return session;
  }
}

export const aSession = () => new SessionBuilder();

export class BudgetBuilder {
  private budget: SourceLinkBudget = {
    sourceVolumeName: "vol1",
    maxLinkedTargets: 1024,
    linkedOrLinkingTargets: 0,
    labelsInUse: [],
    family: "vmax",
    supportsCopyMode: true,
  };

  withLinkedTargets(count: number): this {
    return this.with({ linkedOrLinkingTargets: count });
  }

  withLimit(maxLinkedTargets: number): this {
    return this.with({ maxLinkedTargets });
  }

  withLabelsInUse(...labelsInUse: string[]): this {
    return this.with({ labelsInUse });
  }

  withoutCopyMode(family = "mock"): this {
    return this.with({ supportsCopyMode: false, family });
  }

  ofSource(sourceVolumeName: string): this {
    return this.with({ sourceVolumeName });
  }

  build(): SourceLinkBudget {
    return this.budget;
  }

  private with(change: Partial<SourceLinkBudget>): this {
    this.budget = { ...this.budget, ...change };
    return this;
  }
}

export const aBudget = () => new BudgetBuilder();

export function linkContext(budget: SourceLinkBudget): LinkTargetsContext {
  let next = 0;
  return { budget, linkTaskId: newUrn("Task"), now: 2, newTargetId: () => `${newUrn("BlockSnapshot")}#${next++}` };
}
