import cliProgress from "cli-progress";
import { type BarState, barUpdates } from "./progress-bars.js";

/** Where a followed task's progress goes: bars on a terminal, lines in a log, nothing for --json. */
export interface ProgressDisplay {
  show(bars: readonly BarState[]): void;
  stop(): void;
  /**
   * Prints a line for the user, for a display that redraws the terminal in place and would draw over a
   * line written beside it; other displays leave their notices to stderr.
   */
  notice?(line: string): void;
}

/** The part of cli-progress's MultiBar a display drives; a test hands in its own. */
export interface BarSink {
  create(total: number, start: number, payload: object): { update(value: number, payload: object): void };
  stop(): void;
  /** Prints text above the bars at their next redraw. */
  log(text: string): void;
  /** Redraws now. */
  update(): void;
}

const LABEL_WIDTH = 32;

export function payloadOf(bar: BarState): { label: string; status: string } {
  const label = bar.label.length > LABEL_WIDTH ? `${bar.label.slice(0, LABEL_WIDTH - 1)}…` : bar.label;
  return { label: label.padEnd(LABEL_WIDTH), status: bar.status };
}

/** Live bars, redrawn in place: one for the task, one per target. */
export class TerminalBars implements ProgressDisplay {
  private readonly shown = new Map<string, BarState>();
  private readonly handles = new Map<string, { update(value: number, payload: object): void }>();

  constructor(private readonly sink: BarSink) {}

  show(bars: readonly BarState[]): void {
    for (const { kind, bar } of barUpdates(this.shown, bars)) {
      if (kind === "create") this.handles.set(bar.key, this.sink.create(100, bar.percent, payloadOf(bar)));
      else this.handles.get(bar.key)?.update(bar.percent, payloadOf(bar));
      this.shown.set(bar.key, bar);
    }
  }

  stop(): void {
    this.sink.stop();
  }

  notice(line: string): void {
    this.sink.log(`${line}\n`);
    // Redrawn now, as the display may stop before its next redraw, which would lose the line; before the
    // first bar there is nothing to redraw (the first redraw prints it).
    if (this.handles.size > 0) this.sink.update();
  }
}

export function terminalBars(stream: NodeJS.WritableStream): TerminalBars {
  const multibar = new cliProgress.MultiBar(
    {
      stream,
      format: "{label} |{bar}| {percentage}% {status}",
      barsize: 30,
      hideCursor: true,
      clearOnComplete: false,
      stopOnComplete: false,
      autopadding: true,
      // A bar is otherwise redrawn only when its text changes, so a notice printed above the bars leaves
      // them undrawn until the progress moves, which an outage may keep from happening for minutes.
      forceRedraw: true,
    },
    cliProgress.Presets.shades_classic,
  );
  return new TerminalBars(multibar);
}

/** Not a terminal: a line whenever a bar's percentage or state changes. */
export class ProgressLines implements ProgressDisplay {
  private readonly shown = new Map<string, BarState>();

  constructor(private readonly write: (line: string) => void) {}

  show(bars: readonly BarState[]): void {
    for (const { bar } of barUpdates(this.shown, bars)) {
      this.write(`${bar.label}: ${bar.status} ${bar.percent}%`);
      this.shown.set(bar.key, bar);
    }
  }

  stop(): void {}
}

export const NO_PROGRESS: ProgressDisplay = { show() {}, stop() {} };
