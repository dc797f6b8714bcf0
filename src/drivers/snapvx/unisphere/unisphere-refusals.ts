import { ArrayOperationError } from "../../../application/ports/array-operation-error.js";
import { SYMMETRIX_MESSAGES, SymmetrixError, type SymmetrixErrorReason } from "../snapvx-array-client.js";

/**
 * The array's refusals, told apart by their text (Unisphere's error body and a failed job's
 * `result` carry only the text): each SnapVX refusal the driver acts on, in the words of
 * {@link SYMMETRIX_MESSAGES}, and the shorter forms some Unisphere releases use.
 */
const REASONS: readonly (readonly [RegExp, SymmetrixErrorReason])[] = [
  [exactly(SYMMETRIX_MESSAGES.sessionsExceeded), "sessions-exceeded"],
  [/maximum number of sessions has been exceeded/i, "sessions-exceeded"],
  [exactly(SYMMETRIX_MESSAGES.alreadyCopyTarget), "already-copy-target"],
  [exactly(SYMMETRIX_MESSAGES.alreadyInDesiredState), "already-in-desired-state"],
  [/already in (the )?desired state/i, "already-in-desired-state"],
  [exactly(SYMMETRIX_MESSAGES.unlinkNeedsForce), "unlink-needs-force"],
  [shaped(SYMMETRIX_MESSAGES.targetTooSmall), "target-too-small"],
  [exactly(SYMMETRIX_MESSAGES.snapshotHasLinks), "snapshot-has-links"],
  [shaped(SYMMETRIX_MESSAGES.deviceInSession), "device-in-session"],
  [shaped(SYMMETRIX_MESSAGES.deviceNotFound), "device-not-found"],
  [shaped(SYMMETRIX_MESSAGES.snapshotNotFound), "snapshot-not-found"],
  [shaped(SYMMETRIX_MESSAGES.nameTooLong), "name-too-long"],
  [exactly(SYMMETRIX_MESSAGES.linkNotFullyCopied), "link-not-fully-copied"],
  [shaped(SYMMETRIX_MESSAGES.restoreSessionExists), "restore-session-exists"],
  [exactly(SYMMETRIX_MESSAGES.restoreInProgress), "restore-in-progress"],
  [shaped(SYMMETRIX_MESSAGES.noRestoreSession), "no-restore-session"],
  [exactly(SYMMETRIX_MESSAGES.snapshotRestoring), "snapshot-restoring"],
  [exactly(SYMMETRIX_MESSAGES.relinkOtherSource), "relink-other-source"],
  [shaped(SYMMETRIX_MESSAGES.notLinked), "not-linked"],
];

/** Refusals that the same call may get past later (the array is still busy with the thing). */
const RETRYABLE: readonly SymmetrixErrorReason[] = ["restore-in-progress"];

/** The reason of an array's text, or null for a text the driver has no rule for. */
export function reasonOf(message: string): SymmetrixErrorReason | null {
  return REASONS.find(([pattern]) => pattern.test(message))?.[1] ?? null;
}

/**
 * The error for a refusal of the array: a {@link SymmetrixError} when its text is one the
 * driver knows, else an {@link ArrayOperationError} with the text, retryable when the server
 * said it failed on its side (5xx).
 */
export function refusal(message: string, status: number): Error {
  const reason = reasonOf(message);
  if (reason) return new SymmetrixError(reason, message, RETRYABLE.includes(reason));
  return new ArrayOperationError(message, status >= 500);
}

function exactly(text: string): RegExp {
  return new RegExp(`^${escaped(text)}$`);
}

/** A pattern of a message with blanks: `Device {…} was not found` matches whatever the blanks hold. */
function shaped(message: (...blanks: never[]) => string): RegExp {
  const blank = "\u0000";
  const filled = (message as (...blanks: string[]) => string)(blank, blank, blank);
  return new RegExp(`^${escaped(filled).split(blank).join(".+?")}$`);
}

function escaped(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
