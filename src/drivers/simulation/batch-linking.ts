import type { BatchOutcome } from "../../application/ports/array-driver.js";
import type { ArrayOperationError } from "../../application/ports/array-operation-error.js";
import type { CopyMode } from "../../domain/snapshots/copy-mode.js";
import type { ArrayStateTransaction, SimDevice, SimLink, SimSnapshot } from "./array-state-store.js";

/** A target to link to a snapshot, as a batch asks for it. */
export interface WantedLink {
  readonly targetNativeId: string;
  readonly snapId: number;
  readonly copyMode: CopyMode;
}

/** A family's rules for {@link linkAll}: its limit, how it builds a link, and its refusals. */
export interface LinkRules<W extends WantedLink> {
  readonly maxLinksOfSource: number;
  /** The link to insert for `wanted`, its snapshot's source locked. */
  build(wanted: W, source: SimDevice, snapshot: SimSnapshot): SimLink;
  /** Whether the target's existing link is the one asked for (then it is the outcome: a repeat). */
  isRepeat(existing: SimLink, wanted: W): boolean;
  readonly refuse: {
    snapshotMissing(wanted: W): ArrayOperationError;
    deviceMissing(nativeId: string): ArrayOperationError;
    targetLinked(targetNativeId: string): ArrayOperationError;
    linkLimit(sourceNativeId: string): ArrayOperationError;
  };
}

/** A link of the batch: made now, or found already made by an earlier try. */
export interface LinkMade {
  readonly link: SimLink;
  readonly created: boolean;
}

/**
 * Links many targets (of distinct native ids) in one array transaction with a fixed number of
 * statements, whatever their number: the snapshots read once each, every target locked and its
 * link read in one statement each, then the sources locked (last, so that the source-wide lock
 * is held for the insert and the commit only), every link inserted within the source's limit in
 * one statement, and the targets' own writes dropped in one. Each target's refusal is its own
 * outcome, as `oneByOne` (application/drivers/one-by-one-batch.ts) would give it; the others
 * are linked. A target asked for again in the same batch is linked in a later round, which sees
 * the earlier rounds' links.
 */
export async function linkAll<W extends WantedLink>(
  tx: ArrayStateTransaction,
  wanted: readonly W[],
  rules: LinkRules<W>,
): Promise<BatchOutcome<LinkMade>[]> {
  const outcomes: BatchOutcome<LinkMade>[] = new Array(wanted.length);
  for (const round of roundsOfDistinctTargets(wanted)) {
    const made = await linkDistinct(
      tx,
      round.map((index) => wanted[index] as W),
      rules,
    );
    round.forEach((index, position) => {
      outcomes[index] = made[position] as BatchOutcome<LinkMade>;
    });
  }
  return outcomes;
}

/** Positions of the batch in rounds, each asking for a target at most once, in the batch's order. */
function roundsOfDistinctTargets(wanted: readonly WantedLink[]): number[][] {
  const rounds: number[][] = [];
  const timesAsked = new Map<string, number>();
  wanted.forEach((item, index) => {
    const round = timesAsked.get(item.targetNativeId) ?? 0;
    timesAsked.set(item.targetNativeId, round + 1);
    if (round === rounds.length) rounds.push([]);
    rounds[round]?.push(index);
  });
  return rounds;
}

async function linkDistinct<W extends WantedLink>(
  tx: ArrayStateTransaction,
  wanted: readonly W[],
  rules: LinkRules<W>,
): Promise<BatchOutcome<LinkMade>[]> {
  const outcomes: (BatchOutcome<LinkMade> | undefined)[] = new Array(wanted.length);
  const refuse = (index: number, error: ArrayOperationError) => {
    outcomes[index] = { ok: false, error };
  };
  const snapshots = new Map<number, SimSnapshot | null>();
  for (const snapId of new Set(wanted.map((item) => item.snapId))) snapshots.set(snapId, await tx.snapshot(snapId));
  const targets = await tx.lockDevices(
    wanted.filter((item) => snapshots.get(item.snapId)).map((item) => item.targetNativeId),
  );
  const existing = await tx.linksOfTargets([...targets.keys()]);
  const toCreate: number[] = [];
  wanted.forEach((item, index) => {
    const snapshot = snapshots.get(item.snapId);
    const link = existing.get(item.targetNativeId);
    if (!snapshot) refuse(index, rules.refuse.snapshotMissing(item));
    else if (!targets.has(item.targetNativeId) || item.targetNativeId === snapshot.sourceNativeId) {
      refuse(index, rules.refuse.deviceMissing(item.targetNativeId));
    } else if (!link) toCreate.push(index);
    else if (rules.isRepeat(link, item)) outcomes[index] = { ok: true, value: { link, created: false } };
    else refuse(index, rules.refuse.targetLinked(item.targetNativeId));
  });
  const sourceOf = (index: number) => (snapshots.get((wanted[index] as W).snapId) as SimSnapshot).sourceNativeId;
  const sources = await tx.lockDevices(toCreate.map(sourceOf));
  const links = new Map<number, SimLink>();
  for (const index of toCreate) {
    const source = sources.get(sourceOf(index));
    if (!source) refuse(index, rules.refuse.deviceMissing(sourceOf(index)));
    else {
      const item = wanted[index] as W;
      links.set(index, rules.build(item, source, snapshots.get(item.snapId) as SimSnapshot));
    }
  }
  const inserted = await tx.insertLinksWithinLimit([...links.values()], rules.maxLinksOfSource);
  for (const [index, link] of links) {
    if (inserted.has(link.targetNativeId)) outcomes[index] = { ok: true, value: { link, created: true } };
    else refuse(index, rules.refuse.linkLimit(link.sourceNativeId));
  }
  await tx.deleteOwnTracksOfDevices([...inserted]);
  return outcomes as BatchOutcome<LinkMade>[];
}
