import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { sha256OfContent } from "../../../src/drivers/simulation/volume-content.js";

const TRACK = 128 * 1024;

describe("the digest of a volume's content", () => {
  it("is the SHA-256 of the whole capacity: held tracks (trailing zeros trimmed) and zeros elsewhere", async () => {
    const capacity = 5 * TRACK + 1000; // a last track shorter than the others
    const content = new Uint8Array(capacity);
    content.set([1, 2, 3], TRACK + 7);
    content.set(new Uint8Array(900).fill(9), 5 * TRACK);
    const held = [
      { track: 1, data: content.subarray(TRACK, TRACK + 10) },
      { track: 5, data: content.subarray(5 * TRACK, 5 * TRACK + 900) },
    ];

    expect(await sha256OfContent(capacity, held)).toBe(createHash("sha256").update(content).digest("hex"));
    expect(await sha256OfContent(capacity, [])).toBe(
      createHash("sha256").update(new Uint8Array(capacity)).digest("hex"),
    );
  });
});
