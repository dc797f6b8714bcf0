import { ArrayOperationError } from "../../application/ports/array-operation-error.js";
import type { ArrayStateStore, SimFault, SimFaultSpec, SimOperation } from "./array-state-store.js";

/**
 * Faults planned for a simulated array: "fail the next N operations of a kind with this error".
 * Drivers consult the plan before each operation. The plan lives in the state store, so a
 * fault injected through one process is raised by whichever worker runs the next operation,
 * and each planned failure is raised exactly once.
 */
export interface FaultPlan {
  /** Rejects with RangeError for a count below 1 or an empty message. */
  inject(arrayId: string, spec: SimFaultSpec): Promise<SimFault>;
  /** Faults with failures left, oldest first. */
  planned(arrayId: string): Promise<SimFault[]>;
  clear(arrayId: string): Promise<void>;
  /**
   * Spends the next planned failure of that operation, if any, by throwing it as an
   * {@link ArrayOperationError} with the planned text and retryability. Resolves otherwise.
   */
  check(arrayId: string, operation: SimOperation): Promise<void>;
}

export class StoredFaultPlan implements FaultPlan {
  constructor(private readonly store: ArrayStateStore) {}

  async inject(arrayId: string, spec: SimFaultSpec): Promise<SimFault> {
    if (!Number.isInteger(spec.count) || spec.count < 1)
      throw new RangeError(`fault count must be ≥ 1, not ${spec.count}`);
    if (spec.message.trim() === "") throw new RangeError("a fault needs an error message");
    return this.store.transaction(arrayId, (tx) => tx.addFault(spec));
  }

  planned(arrayId: string): Promise<SimFault[]> {
    return this.store.transaction(arrayId, (tx) => tx.faults());
  }

  clear(arrayId: string): Promise<void> {
    return this.store.transaction(arrayId, (tx) => tx.clearFaults());
  }

  async check(arrayId: string, operation: SimOperation): Promise<void> {
    // Spent in a transaction of its own: the failure is used up even though the operation it
    // fails never commits anything.
    const fault = await this.store.transaction(arrayId, (tx) => tx.takeFault(operation));
    if (fault) throw new ArrayOperationError(fault.message, fault.retryable);
  }
}
