import { describe, expect, it } from "vitest";
import { readLinkTargetsDraft } from "../../../src/application/snapshots/link-targets-draft.js";
import { ServiceError } from "../../../src/domain/shared/service-error.js";

function refusal(draft: Parameters<typeof readLinkTargetsDraft>[0]): [number, string] {
  try {
    readLinkTargetsDraft(draft);
  } catch (error) {
    if (error instanceof ServiceError) return [error.code, error.details];
    throw error;
  }
  throw new Error("expected a refusal");
}

/** The body readers have typed and validated the request; what is left is what the real controller reads itself. */
describe("reading a link request", () => {
  it("refuses one without new_linked_targets, or (JSON, where the real controller fails with a 500) without count", () => {
    expect(refusal({})).toEqual([1005, "Required parameter new_linked_targets was missing or empty"]);
    expect(refusal({ newLinkedTargets: null })).toEqual([
      1005,
      "Required parameter new_linked_targets was missing or empty",
    ]);
    expect(refusal({ newLinkedTargets: { targetName: "t" } })).toEqual([
      1005,
      "Required parameter count was missing or empty",
    ]);
  });

  it("links nocopy without a copy_mode, and names targets null-<i> without a target_name, as the real controller", () => {
    expect(readLinkTargetsDraft({ newLinkedTargets: { count: 2, targetName: "t" } })).toEqual({
      count: 2,
      targetName: "t",
      copyMode: "nocopy",
    });
    expect(readLinkTargetsDraft({ newLinkedTargets: { count: 1, targetName: null, copyMode: null } })).toEqual({
      count: 1,
      targetName: "null",
      copyMode: "nocopy",
    });
  });

  it("leaves a blank copy_mode and a negative count to the session's checks", () => {
    expect(readLinkTargetsDraft({ newLinkedTargets: { count: -3, targetName: "t", copyMode: "" } })).toEqual({
      count: -3,
      targetName: "t",
      copyMode: "",
    });
  });
});
