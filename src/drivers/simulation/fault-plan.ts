import { ArrayOperationError } from "../../application/ports/array-operation-error.js";
import {
  type ArrayStateStore,
  isLatencyFault,
  type SimFault,
  type SimFaultSpec,
  type SimJob,
  type SimOperation,
  type SimStalls,
} from "./array-state-store.js";

/**
 * Faults planned for a simulated array: "fail the next N operations of a kind with this error",
 * "make them wait", "freeze a kind of job". Drivers consult the plan before each operation. The
 * plan lives in the state store, so a fault injected through one process is met by whichever
 * worker runs the next operation, and each planned hit happens exactly once.
 */
export interface FaultPlan {
  /** Rejects with RangeError for a count below 1, an empty message or a negative latency. */
  inject(arrayId: string, spec: SimFaultSpec): Promise<SimFault>;
  /** Faults with hits left, oldest first. */
  planned(arrayId: string): Promise<SimFault[]>;
  /** Clears the faults (not the stalls). */
  clear(arrayId: string): Promise<void>;
  /**
   * Spends the next planned hits of that operation: waits the planned latency, then throws the
   * planned error as an {@link ArrayOperationError} with its text and retryability. Resolves
   * at once when nothing is planned.
   */
  check(arrayId: string, operation: SimOperation): Promise<void>;
  /**
   * {@link check} for each of `count` operations of a batch, one after the other: the error each
   * one meets (null: none), so that a planned fault fails its own item of the batch only.
   */
  checkEach(arrayId: string, operation: SimOperation, count: number): Promise<(ArrayOperationError | null)[]>;
}

export class StoredFaultPlan implements FaultPlan {
  constructor(private readonly store: ArrayStateStore) {}

  async inject(arrayId: string, spec: SimFaultSpec): Promise<SimFault> {
    checkFaultSpec(spec);
    return this.store.transaction(arrayId, (tx) => tx.addFault(spec));
  }

  planned(arrayId: string): Promise<SimFault[]> {
    return this.store.transaction(arrayId, (tx) => tx.faults());
  }

  clear(arrayId: string): Promise<void> {
    return this.store.transaction(arrayId, (tx) => tx.clearFaults());
  }

  async check(arrayId: string, operation: SimOperation): Promise<void> {
    if (!(await this.store.hasFaults(arrayId))) return;
    const error = await this.spendHit(arrayId, operation);
    if (error) throw error;
  }

  async checkEach(arrayId: string, operation: SimOperation, count: number): Promise<(ArrayOperationError | null)[]> {
    const errors: (ArrayOperationError | null)[] = new Array(count).fill(null);
    if (count === 0 || !(await this.store.hasFaults(arrayId))) return errors;
    for (let item = 0; item < count; item += 1) errors[item] = await this.spendHit(arrayId, operation);
    return errors;
  }

  private async spendHit(arrayId: string, operation: SimOperation): Promise<ArrayOperationError | null> {
    // Spent in a transaction of its own: the hit is used up even though the operation it
    // fails never commits anything.
    const hit = await this.store.transaction(arrayId, (tx) => tx.takeFault(operation));
    if (hit.latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, hit.latencyMs));
    return hit.error ? new ArrayOperationError(hit.error.message, hit.error.retryable) : null;
  }
}

function checkFaultSpec(spec: SimFaultSpec): void {
  const countOk = (count: number | null) => count === null || (Number.isInteger(count) && count >= 1);
  if (!countOk(spec.count)) throw new RangeError(`fault count must be ≥ 1, not ${spec.count}`);
  if (isLatencyFault(spec)) {
    if (!Number.isInteger(spec.latencyMs) || spec.latencyMs < 0 || spec.latencyMs > 600_000) {
      throw new RangeError(`latency must be 0 to 600000 ms, not ${spec.latencyMs}`);
    }
    return;
  }
  if (spec.count === null) throw new RangeError("an error fault needs a count");
  if (spec.message.trim() === "") throw new RangeError("a fault needs an error message");
}

/**
 * How far a pass that started at `startedAt` and lasts `durationMs` is at `at` (0 to 1), when
 * its kind of job may be stalled: a stalled pass stands where it was when the stall began (a
 * pass started during the stall has not begun, even one of no duration).
 */
export function stalledPassFraction(
  startedAt: number,
  durationMs: number,
  at: number,
  stalledSince: number | undefined,
): number {
  if (stalledSince !== undefined && startedAt + durationMs >= stalledSince) {
    if (startedAt >= stalledSince) return 0;
    return Math.min(1, Math.max(0, (Math.min(at, stalledSince) - startedAt) / durationMs));
  }
  if (durationMs <= 0) return 1;
  return Math.min(1, Math.max(0, (at - startedAt) / durationMs));
}

/**
 * Where a pass's start moves when a stall of its kind is lifted at `now`: later by the time it
 * stood still, so that it resumes where it stopped. Passes that ended before the stall stay.
 */
export function resumedStart(startedAt: number, durationMs: number, since: number, now: number): number {
  if (startedAt + durationMs < since) return startedAt;
  return startedAt + Math.max(0, now - Math.max(since, startedAt));
}

export const NO_STALLS: SimStalls = new Map<SimJob, number>();
