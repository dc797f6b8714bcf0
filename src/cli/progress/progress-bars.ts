import type { LinkedTargetJson, TaskJson } from "../api-shapes.js";

/** One line of a progress display: a percentage and a word saying where it stands. */
export interface BarState {
  readonly key: string;
  readonly label: string;
  /** 0–100. */
  readonly percent: number;
  readonly status: string;
}

/** A change to apply to the display: a bar to add, or an existing bar's new value. */
export type BarUpdate =
  | { readonly kind: "create"; readonly bar: BarState }
  | { readonly kind: "update"; readonly bar: BarState };

export const TASK_BAR_KEY = "task";
export const OTHER_TARGETS_BAR_KEY = "other-targets";

/** Targets shown one bar each; the rest share one bar, so that a link of hundreds fits a screen. */
export const MAX_TARGET_BARS = 16;

/**
 * The bars for a task and the targets it links: the task's `progress` and `state`, then each
 * target's `link_state.percent_copied` and normalized state (past `MAX_TARGET_BARS`, one bar for
 * the rest). A target rolled back (inactive) keeps the percentage it reached.
 */
export function progressBars(task: TaskJson, targets: readonly LinkedTargetJson[] = []): BarState[] {
  const bars: BarState[] = [
    { key: TASK_BAR_KEY, label: task.name ?? "task", percent: percentOf(task.progress), status: task.state },
  ];
  const each = targets.map(targetBar);
  bars.push(...each.slice(0, MAX_TARGET_BARS));
  const others = each.slice(MAX_TARGET_BARS);
  if (others.length > 0) bars.push(sharedBar(others));
  return bars;
}

/** The average percentage of the targets past the first ones, and how many are in each state. */
function sharedBar(bars: readonly BarState[]): BarState {
  const percent = Math.floor(bars.reduce((sum, bar) => sum + bar.percent, 0) / bars.length);
  const counts = new Map<string, number>();
  for (const bar of bars) counts.set(bar.status, (counts.get(bar.status) ?? 0) + 1);
  const status = [...counts].map(([state, count]) => `${count} ${state}`).join(", ");
  return { key: OTHER_TARGETS_BAR_KEY, label: `${bars.length} more targets`, percent, status };
}

function targetBar(target: LinkedTargetJson): BarState {
  const state = target.link_state?.state;
  const percent = state === "copied" ? 100 : percentOf(target.link_state?.percent_copied);
  let status = state ?? target.replica_state?.toLowerCase() ?? "preparing";
  if (target.inactive) status = "rolled back";
  return { key: target.id, label: target.name, percent, status };
}

function percentOf(value: number | undefined): number {
  if (value === undefined || !Number.isFinite(value)) return 0;
  return Math.min(100, Math.max(0, Math.round(value)));
}

/** What to change on a display showing `shown` so that it shows `next`; unchanged bars are left alone. */
export function barUpdates(shown: ReadonlyMap<string, BarState>, next: readonly BarState[]): BarUpdate[] {
  const updates: BarUpdate[] = [];
  for (const bar of next) {
    const before = shown.get(bar.key);
    if (before === undefined) updates.push({ kind: "create", bar });
    else if (before.percent !== bar.percent || before.status !== bar.status || before.label !== bar.label) {
      updates.push({ kind: "update", bar });
    }
  }
  return updates;
}
