/** How a linked target receives the snapshot's image: all tracks copied, or pointers only. */
export type CopyMode = "copy" | "nocopy";

export const DEFAULT_COPY_MODE: CopyMode = "nocopy";

/** Exact, case-sensitive, as the real controller compares it. */
export function isCopyMode(value: string): value is CopyMode {
  return value === "copy" || value === "nocopy";
}
