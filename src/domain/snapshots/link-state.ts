/** The controller's normalized view of a link, whatever the array family calls it. */
export type NormalizedLinkState = "linking" | "linked" | "copying" | "copied" | "unlinking" | "failed";

export interface LinkState {
  readonly state: NormalizedLinkState;
  /** The array's own word: `Linked`, `CopyInProg`, `Copied`, `Attached`, `Migrating`… */
  readonly nativeState: string;
  readonly defined: boolean;
  readonly percentCopied: number;
}

export const LINKING: LinkState = { state: "linking", nativeState: "", defined: false, percentCopied: 0 };
