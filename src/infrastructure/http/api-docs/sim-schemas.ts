import { SIM_JOBS, SIM_OPERATIONS } from "../../../drivers/simulation/array-state-store.js";
import { CLOCK_PROFILES } from "../../../drivers/simulation/simulation-clock.js";
import { type CLOCK_FIELDS, type FAULT_FIELDS, SIM_LIMITS } from "../requests/sim-requests.js";
import type { Schema } from "./schema.js";

/*
 * The JSON bodies of the `/sim` API, from the names, values and bounds its readers check
 * (../requests/sim-requests.ts).
 */

type FaultField = (typeof FAULT_FIELDS)[number];
type ClockField = (typeof CLOCK_FIELDS)[number];

const bounded = (type: "integer" | "number", { min, max }: { min: number; max: number }): Schema => ({
  type,
  minimum: min,
  maximum: max,
});

const faultProperties: Record<FaultField, Schema> = {
  operation: { type: "string", enum: [...SIM_OPERATIONS], description: "the array operation to affect" },
  count: { ...bounded("integer", SIM_LIMITS.count), description: "how many of the next such operations" },
  message: { type: "string", minLength: 1, description: "the error the operation raises" },
  retryable: { type: "boolean", default: false, description: "whether the error is worth a retry" },
  latency_ms: { ...bounded("integer", SIM_LIMITS.latency_ms), description: "a delay before the operation" },
  stall: { type: "string", enum: [...SIM_JOBS], description: "jobs of this kind stop progressing until cleared" },
};

function variant(title: string, required: readonly FaultField[], optional: readonly FaultField[]): Schema {
  const names = [...required, ...optional];
  return {
    title,
    type: "object",
    properties: Object.fromEntries(names.map((name) => [name, faultProperties[name]])),
    required,
    additionalProperties: false,
  };
}

/** An error fault, a latency fault, or a stall. */
export const simFaultSchema: Schema = {
  oneOf: [
    variant("error fault", ["operation", "message"], ["count", "retryable"]),
    variant("latency fault", ["operation", "latency_ms"], ["count"]),
    variant("stall", ["stall"], []),
  ],
};

const clockProperties: Record<ClockField, Schema> = {
  profile: { type: "string", enum: Object.keys(CLOCK_PROFILES), description: "a named speed profile" },
  speed: { ...bounded("number", SIM_LIMITS.speed), description: "a multiplier of the profile's rates (0: instant)" },
};

export const simClockSchema: Schema = { type: "object", properties: clockProperties, additionalProperties: false };
