import { ArrayOperationError } from "../../application/ports/array-operation-error.js";
import { InvalidArraySetting } from "./settings.js";

/**
 * An array client's refusal, in the array's words: `message` is the array's text, `reason`
 * says which refusal it is, so that a driver can tell "already done" from "never possible".
 */
export class ArrayRefusal<Reason extends string> extends Error {
  constructor(
    readonly reason: Reason,
    message: string,
    /** The same call may succeed later (the array is busy with it), rather than never. */
    readonly retryable = false,
  ) {
    super(message);
  }
}

/**
 * Runs array client calls for a driver: refusals whose reason is in `success` mean the call's
 * effect is already there and resolve; other refusals become an {@link ArrayOperationError}
 * with the array's text and retryability, bad settings a non-retryable one. Anything else
 * passes unchanged.
 */
export async function translateRefusals<T>(call: () => Promise<T>): Promise<T>;
export async function translateRefusals<Reason extends string>(
  call: () => Promise<void>,
  success: readonly Reason[],
): Promise<void>;
export async function translateRefusals<T>(
  call: () => Promise<T>,
  success: readonly string[] = [],
): Promise<T | undefined> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof InvalidArraySetting) throw new ArrayOperationError(error.message, false);
    if (!(error instanceof ArrayRefusal)) throw error;
    if (success.includes(error.reason)) return undefined;
    throw new ArrayOperationError(error.message, error.retryable);
  }
}
