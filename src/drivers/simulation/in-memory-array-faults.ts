import {
  type ArrayFaults,
  isLatencyFault,
  type SimFault,
  type SimFaultHit,
  type SimFaultSpec,
  type SimOperation,
} from "./array-state-store.js";
import type { InMemoryArrayState } from "./in-memory-array-state.js";

/** The faults injected into an array, in process memory. */
export function inMemoryArrayFaults(state: InMemoryArrayState): ArrayFaults {
  const part: ArrayFaults = {
    async addFault(spec: SimFaultSpec): Promise<SimFault> {
      const fault: SimFault = { ...spec, id: state.nextFaultId, remaining: spec.count };
      state.nextFaultId += 1;
      state.faults.push(fault);
      return fault;
    },

    async takeFault(operation: SimOperation): Promise<SimFaultHit> {
      const error = spend(state, (f) => f.operation === operation && !isLatencyFault(f));
      const latency = spend(state, (f) => f.operation === operation && isLatencyFault(f));
      return {
        error: error && !isLatencyFault(error) ? { message: error.message, retryable: error.retryable } : null,
        latencyMs: latency && isLatencyFault(latency) ? latency.latencyMs : 0,
      };
    },

    async faults(): Promise<SimFault[]> {
      return state.faults.filter(hasHitsLeft);
    },

    async clearFaults(): Promise<void> {
      state.faults = [];
    },
  };
  return part;
}

function spend(state: InMemoryArrayState, matches: (fault: SimFault) => boolean): SimFault | null {
  const index = state.faults.findIndex((f) => matches(f) && hasHitsLeft(f));
  const fault = state.faults[index];
  if (!fault) return null;
  if (fault.remaining === null) return fault;
  const spent = { ...fault, remaining: fault.remaining - 1 };
  if (spent.remaining === 0) state.faults.splice(index, 1);
  else state.faults[index] = spent;
  return spent;
}

export function hasHitsLeft(fault: SimFault): boolean {
  return fault.remaining === null || fault.remaining > 0;
}
