import { describe, expect, it } from "vitest";
import type { TransactionScope } from "../../../src/application/ports/unit-of-work.js";
import { loadRequestedTargets } from "../../../src/application/snapshots/requested-targets.js";
import { newUrn } from "../../../src/domain/shared/urn.js";

describe("loading the targets a request names", () => {
  it("reads them all at once, each BlockSnapshot URN once, however many the body names", async () => {
    const reads: (readonly string[])[] = [];
    const scope = {
      targets: {
        findById: async () => {
          throw new Error("one read per id");
        },
        findByIds: async (ids: readonly string[]) => {
          reads.push(ids);
          return [];
        },
      },
    } as unknown as TransactionScope;
    const unknown = Array.from({ length: 12_000 }, () => newUrn("BlockSnapshot"));
    const ids = [...unknown, unknown[0] as string, newUrn("Volume"), "not a urn"];

    const find = await loadRequestedTargets(scope, ids);

    expect(reads).toEqual([unknown]);
    expect(find(unknown[0] as string)).toBeNull();
  });
});
