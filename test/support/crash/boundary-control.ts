import { readFileSync, renameSync, writeFileSync } from "node:fs";

/**
 * What a test tells the boundary probe of a worker (see boundary-probe.ts), through a file the
 * probe reads at each boundary it passes: a new `window` starts the numbering of boundaries
 * again, and `crashAfter` names the boundary after which the probe kills its process.
 */
export interface BoundaryControl {
  readonly window: number;
  /** `<name>#<n>`, as the probe logs it; null: only log. */
  readonly crashAfter: string | null;
}

/** One boundary the probe passed, as it logs it (a JSON line). */
export interface BoundaryRecord {
  /** The window it passed in. */
  readonly window: number;
  /** `<kind> <workflow function> (<what it changed>)#<n>`, n counted from the window's start. */
  readonly boundary: string;
  readonly kind: "records" | "array";
  /** The job in which it passed and the task that job works for; absent outside jobs. */
  readonly job?: string;
  readonly taskId?: string;
  /** Set on the boundary after which the probe killed its process. */
  readonly crash?: true;
}

/** The probe's side: the control as the file says now (none yet: window 0, no crash). */
export function readBoundaryControl(file: string): BoundaryControl {
  try {
    return JSON.parse(readFileSync(file, "utf8")) as BoundaryControl;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return { window: 0, crashAfter: null };
    throw error;
  }
}

/** The test's side: written aside and renamed, so that the probe never reads half a file. */
export function writeBoundaryControl(file: string, control: BoundaryControl): void {
  writeFileSync(`${file}.tmp`, JSON.stringify(control));
  renameSync(`${file}.tmp`, file);
}

/** Every boundary logged so far, in the order they passed. */
export function readBoundaryLog(file: string): BoundaryRecord[] {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw error;
  }
  return text
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => JSON.parse(line) as BoundaryRecord);
}
