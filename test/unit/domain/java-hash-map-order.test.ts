import { describe, expect, it } from "vitest";
import { javaHashMapOrder, javaStringHash, javaUriHash } from "../../../src/domain/shared/java-hash-map-order.js";

/** 30 target URNs, a relative URI, a null and a volume's URN: the keys of an unlink's map on the real controller. */
function keys(): (string | null)[] {
  const urns = Array.from({ length: 30 }, (_, i) => {
    const head = ((i * 2654435761) >>> 0).toString(16).padStart(8, "0");
    return `urn:storageos:BlockSnapshot:${head}-1b2c-4d5e-8f90-${(i * 97).toString(16).padStart(12, "0")}:vdc1`;
  });
  return [...urns, "t-1", null, "urn:storageos:Volume:3f1e0c2a-1b2c-4d5e-8f90-a1b2c3d4e5f6:vdc1"];
}

/** java.net.URI.hashCode() of the two URIs below, from a JDK 17. */
const JAVA_VOLUME_URN_HASH = -419_786_690;
const JAVA_HTTP_URI_HASH = -573_064_597;

describe("a Java HashMap's order of URI keys", () => {
  it("is the order a JDK 17 HashMap<URI, Boolean> gave for these keys (through two resizes)", () => {
    // Recorded by putting the keys, in this order, into java.util.HashMap and listing keySet().
    const recorded = [10, 31, 1, 29, 32, 4, 28, 5, 11, 9, 13, 20, 26, 16, 24, 7, 18, 30, 15, 23, 2, 6, 3, 14, 21, 22];
    const rest = [19, 25, 8, 17, 27, 12, 0];
    const all = keys();
    expect(javaHashMapOrder(all)).toEqual([...recorded, ...rest].map((index) => all[index]));
  });

  it("keeps a repeated key at its first place, and hashes as java.net.URI and java.lang.String do", () => {
    const [first, second] = keys() as [string, string];
    expect(javaHashMapOrder([first, second, first])).toEqual(javaHashMapOrder([first, second]));
    expect(javaStringHash("Aa")).toBe(javaStringHash("BB"));
    expect(javaUriHash("t-1")).toBe(javaStringHash("t-1"));
    // Recorded from java.net.URI.hashCode().
    expect(javaUriHash("urn:storageos:Volume:3f1e0c2a-1b2c-4d5e-8f90-a1b2c3d4e5f6:vdc1")).toBe(JAVA_VOLUME_URN_HASH);
    expect(javaUriHash("http://Host:8080/p/q?x=1#frag")).toBe(JAVA_HTTP_URI_HASH);
  });
});
