import { ViprErrors } from "../../domain/shared/vipr-errors.js";
import type { DeactivationType } from "../../domain/snapshots/block-snapshot-session.js";

/** `?type=`: `FULL` when absent, exactly `FULL` or `VIPR_ONLY` otherwise (400/1008). */
export function readDeactivationType(value: unknown): DeactivationType {
  if (value === undefined || value === "") return "FULL";
  if (value === "FULL" || value === "VIPR_ONLY") return value;
  throw ViprErrors.invalidParameter("type", typeof value === "string" ? value : JSON.stringify(value));
}
