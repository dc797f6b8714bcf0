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

describe("reading a link request (check 4)", () => {
  it("names the first missing element, in the order of the request", () => {
    expect(refusal({})).toEqual([1005, "Required parameter new_linked_targets was missing or empty"]);
    expect(refusal({ newLinkedTargets: null })).toEqual([
      1005,
      "Required parameter new_linked_targets was missing or empty",
    ]);
    expect(refusal({ newLinkedTargets: { targetName: "t" } })).toEqual([
      1005,
      "Required parameter count was missing or empty",
    ]);
    expect(refusal({ newLinkedTargets: { count: 1, targetName: "  " } })).toEqual([
      1005,
      "Required parameter target_name was missing or empty",
    ]);
    expect(refusal({ newLinkedTargets: { count: 1, targetName: "t", copyMode: "" } })).toEqual([
      1005,
      "Required parameter copy_mode was missing or empty",
    ]);
  });

  it("accepts numbers sent as strings, as the real server does, and defaults to nocopy", () => {
    expect(readLinkTargetsDraft({ newLinkedTargets: { count: "2", targetName: "t" } })).toEqual({
      count: 2,
      targetName: "t",
      copyMode: "nocopy",
    });
  });

  it("refuses counts that are not integers a Java int can hold", () => {
    for (const count of ["two", 2.5, "1e3", 2 ** 31, true]) {
      expect(refusal({ newLinkedTargets: { count, targetName: "t" } })[0]).toBe(1008);
    }
  });

  it("names a number JSON cannot hold as the number it became, not as null", () => {
    // JSON.parse reads 1e400 as Infinity, which JSON.stringify would write as null.
    expect(refusal({ newLinkedTargets: { count: Number.POSITIVE_INFINITY, targetName: "t" } })).toEqual([
      1008,
      "Invalid value Infinity for parameter count",
    ]);
    expect(refusal({ newLinkedTargets: { count: Number.NEGATIVE_INFINITY, targetName: "t" } })).toEqual([
      1008,
      "Invalid value -Infinity for parameter count",
    ]);
  });
});
