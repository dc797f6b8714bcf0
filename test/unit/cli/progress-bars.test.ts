import { describe, expect, it } from "vitest";
import type { LinkedTargetJson, TaskJson } from "../../../src/cli/api-shapes.js";
import {
  type BarState,
  barUpdates,
  MAX_TARGET_BARS,
  OTHER_TARGETS_BAR_KEY,
  progressBars,
  TASK_BAR_KEY,
} from "../../../src/cli/progress/progress-bars.js";
import { type BarSink, ProgressLines, TerminalBars } from "../../../src/cli/progress/progress-display.js";

const SESSION = { id: "urn:storageos:BlockSnapshotSession:s:vdc1", name: "snap1" };

function task(state: string, progress: number): TaskJson {
  return { id: "urn:storageos:Task:t:vdc1", name: "LINK SNAPSHOT SESSION TARGETS", state, progress, resource: SESSION };
}

function target(name: string, state: string, percent: number | undefined, inactive = false): LinkedTargetJson {
  return {
    id: `urn:storageos:BlockSnapshot:${name}:vdc1`,
    name,
    inactive,
    replica_state: state === "copied" || state === "linked" ? "SYNCHRONIZED" : "PREPARED",
    copy_mode: "copy",
    link_state: {
      state,
      native_state: "CopyInProg",
      defined: true,
      ...(percent === undefined ? {} : { percent_copied: percent }),
    },
  };
}

describe("progressBars", () => {
  it("shows the task's progress and state, then each target's percent copied and link state", () => {
    expect(
      progressBars(task("pending", 37), [target("tgt-1", "copying", 41), target("tgt-2", "linking", undefined)]),
    ).toEqual([
      { key: TASK_BAR_KEY, label: "LINK SNAPSHOT SESSION TARGETS", percent: 37, status: "pending" },
      { key: "urn:storageos:BlockSnapshot:tgt-1:vdc1", label: "tgt-1", percent: 41, status: "copying" },
      { key: "urn:storageos:BlockSnapshot:tgt-2:vdc1", label: "tgt-2", percent: 0, status: "linking" },
    ]);
  });

  it("shows a copied target full, a rolled-back one at what it reached, and keeps percentages within 0–100", () => {
    const bars = progressBars(task("error", 150), [target("a-1", "copied", 99), target("a-2", "failed", 12, true)]);
    expect(bars.map((b) => [b.label, b.percent, b.status])).toEqual([
      ["LINK SNAPSHOT SESSION TARGETS", 100, "error"],
      ["a-1", 100, "copied"],
      ["a-2", 12, "rolled back"],
    ]);
  });

  it("falls back to the replica state while the array has not reported a link state", () => {
    const prepared: LinkedTargetJson = {
      id: "urn:storageos:BlockSnapshot:p:vdc1",
      name: "p-1",
      inactive: false,
      replica_state: "PREPARED",
    };
    expect(progressBars(task("queued", 0), [prepared])[1]).toMatchObject({ percent: 0, status: "prepared" });
  });

  it("gives the first targets a bar each and the rest one shared bar, by average and by state", () => {
    const targets = Array.from({ length: MAX_TARGET_BARS + 3 }, (_, i) => target(`t-${i + 1}`, "copying", 10));
    targets[MAX_TARGET_BARS] = target(`t-${MAX_TARGET_BARS + 1}`, "copied", 100);
    const bars = progressBars(task("pending", 20), targets);
    expect(bars).toHaveLength(1 + MAX_TARGET_BARS + 1);
    expect(bars.slice(1, -1).map((b) => b.label)).toEqual(targets.slice(0, MAX_TARGET_BARS).map((t) => t.name));
    expect(bars.at(-1)).toEqual({
      key: OTHER_TARGETS_BAR_KEY,
      label: "3 more targets",
      percent: 40,
      status: "1 copied, 2 copying",
    });
  });
});

describe("barUpdates", () => {
  const bar = (key: string, percent: number, status = "copying"): BarState => ({ key, label: key, percent, status });

  it("creates bars not shown yet and updates only those whose percentage or state changed", () => {
    const shown = new Map([
      ["task", bar("task", 10, "pending")],
      ["t1", bar("t1", 20)],
      ["t2", bar("t2", 30)],
    ]);
    const updates = barUpdates(shown, [
      bar("task", 10, "pending"),
      bar("t1", 25),
      bar("t2", 30, "copied"),
      bar("t3", 0),
    ]);
    expect(updates).toEqual([
      { kind: "update", bar: bar("t1", 25) },
      { kind: "update", bar: bar("t2", 30, "copied") },
      { kind: "create", bar: bar("t3", 0) },
    ]);
  });
});

describe("TerminalBars", () => {
  /** Records what the display asks of cli-progress's MultiBar. */
  function recordingSink() {
    const calls: string[] = [];
    const sink: BarSink = {
      create(total, start, payload) {
        const { label, status } = payload as { label: string; status: string };
        calls.push(`create ${label.trim()} ${start}/${total} ${status}`);
        return {
          update: (value, next) => calls.push(`update ${label.trim()} ${value} ${(next as { status: string }).status}`),
        };
      },
      stop: () => calls.push("stop"),
      log: (text) => calls.push(`log ${JSON.stringify(text)}`),
      update: () => calls.push("redraw"),
    };
    return { sink, calls };
  }

  it("creates one bar per line on first sight, then moves each as its progress changes", () => {
    const { sink, calls } = recordingSink();
    const display = new TerminalBars(sink);
    display.show(progressBars(task("pending", 0), [target("tgt-1", "linking", 0)]));
    display.show(progressBars(task("pending", 0), [target("tgt-1", "linking", 0)]));
    display.show(progressBars(task("pending", 48), [target("tgt-1", "copying", 48)]));
    display.show(progressBars(task("ready", 100), [target("tgt-1", "copied", 100)]));
    display.stop();
    expect(calls).toEqual([
      "create LINK SNAPSHOT SESSION TARGETS 0/100 pending",
      "create tgt-1 0/100 linking",
      "update LINK SNAPSHOT SESSION TARGETS 48 pending",
      "update tgt-1 48 copying",
      "update LINK SNAPSHOT SESSION TARGETS 100 ready",
      "update tgt-1 100 copied",
      "stop",
    ]);
  });

  it("prints a notice above the bars, redrawn at once so that a display stopped next does not lose it", () => {
    const { sink, calls } = recordingSink();
    const display = new TerminalBars(sink);
    display.notice("before any bar");
    display.show(progressBars(task("pending", 0), []));
    display.notice("The service answers again");
    display.stop();
    expect(calls).toEqual([
      'log "before any bar\\n"',
      "create LINK SNAPSHOT SESSION TARGETS 0/100 pending",
      'log "The service answers again\\n"',
      "redraw",
      "stop",
    ]);
  });
});

describe("ProgressLines", () => {
  it("writes a line whenever a bar's percentage or state changes, and nothing otherwise", () => {
    const lines: string[] = [];
    const display = new ProgressLines((line) => lines.push(line));
    display.show(progressBars(task("pending", 0), [target("tgt-1", "copying", 5)]));
    display.show(progressBars(task("pending", 0), [target("tgt-1", "copying", 5)]));
    display.show(progressBars(task("error", 50), [target("tgt-1", "failed", 5, true)]));
    expect(lines).toEqual([
      "LINK SNAPSHOT SESSION TARGETS: pending 0%",
      "tgt-1: copying 5%",
      "LINK SNAPSHOT SESSION TARGETS: error 50%",
      "tgt-1: rolled back 5%",
    ]);
  });
});
