import { type Representation, representation } from "./document.js";

/** `target_version` without a version: there is no upgrade service in a simulator. */
export function targetVersionRepresentation(): Representation {
  return representation("target_version", {});
}
