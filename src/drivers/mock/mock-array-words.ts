import { ArrayOperationError } from "../../application/ports/array-operation-error.js";
import type { LinkState } from "../../domain/snapshots/link-state.js";
import type { SimLink } from "../simulation/array-state-store.js";
import type { LinkProgress } from "../simulation/link-progress.js";
import type { SimulatedFamily } from "../simulation/simulated-family.js";

export const MOCK_SYSTEM_TYPE = "mock";

/** The mock array's error texts. */
export const MOCK_MESSAGES = {
  linkLimit: (source: string, limit: number) =>
    `Mock array: source device ${source} has reached its limit of ${limit} linked targets`,
  snapshotLimit: (source: string, limit: number) =>
    `Mock array: source device ${source} has reached its limit of ${limit} snapshots`,
  targetLinked: (target: string) => `Mock array: target device ${target} is already linked`,
  snapshotLinked: (snapshot: string) => `Mock array: snapshot ${snapshot} still has linked targets`,
  deviceInUse: (device: string) => `Mock array: device ${device} has snapshots or links`,
  deviceMissing: (device: string) => `Mock array: device ${device} does not exist`,
  snapshotMissing: (snapshot: string) => `Mock array: snapshot ${snapshot} does not exist`,
  notLinked: (target: string, snapshot: string) => `Mock array: target device ${target} is not linked to ${snapshot}`,
  unlinkUnsettled: (target: string) => `Mock array: the link of device ${target} is not settled; unlink needs force`,
  copyUnsupported: "Mock array: copy mode is not supported by this storage system",
  relinkOtherSource: (snapshot: string) => `Mock array: snapshot ${snapshot} is of another source device`,
  linkNotFullyCopied: "Link must be fully copied for this operation to proceed",
  restoreSessionExists: (source: string) => `Mock array: source device ${source} already has a restore session`,
  noRestoreSession: (snapshot: string) => `Mock array: snapshot ${snapshot} has no restore session`,
  restoreInProgress: (snapshot: string) => `Mock array: the restore of snapshot ${snapshot} is still in progress`,
  snapshotRestoring: (snapshot: string) => `Mock array: snapshot ${snapshot} has a restore session`,
  noRestoreFromTarget: (target: string) => `Mock array: no restore from target device ${target}`,
} as const;

/** The mock's words for a link's state. */
export function mockLinkState(link: SimLink, progress: LinkProgress): LinkState {
  if (link.copyMode === "nocopy") {
    return { state: "linked", nativeState: "Linked", defined: progress.defined, percentCopied: 0 };
  }
  return progress.copied
    ? { state: "copied", nativeState: "Copied", defined: true, percentCopied: 100 }
    : { state: "copying", nativeState: "Copying", defined: progress.defined, percentCopied: progress.percentCopied };
}

/** The mock array's words, for its own view. */
export const MOCK_FAMILY: SimulatedFamily = {
  systemType: MOCK_SYSTEM_TYPE,
  deviceType: () => "volume",
  linkState: (link, progress) => mockLinkState(link, progress).nativeState,
  snapshotState: (_snapshot, restore) => (restore === null ? "Ready" : restore.restored ? "Restored" : "Restoring"),
};

export function refusal(message: string): ArrayOperationError {
  return new ArrayOperationError(message, false);
}

export function snapshotNativeId(snapId: number): string {
  return `mocksnap-${snapId}`;
}

export function parseSnapshotNativeId(nativeId: string): number {
  const match = /^mocksnap-(\d+)$/.exec(nativeId);
  if (!match?.[1]) throw refusal(`${nativeId} is not a mock snapshot id (mocksnap-<number>)`);
  return Number(match[1]);
}
