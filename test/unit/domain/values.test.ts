import { describe, expect, it } from "vitest";
import { formatMessage } from "../../../src/domain/shared/message-format.js";
import { isUrnOfType, isValidUrn, newUrn, urnType } from "../../../src/domain/shared/urn.js";
import { comparableLabel } from "../../../src/domain/snapshots/snapshot-label.js";
import { formatGigabytes, parseCapacity } from "../../../src/domain/storage/capacity.js";

describe("values", () => {
  it("formats integers of 1000 and more with grouping separators, and leaves text alone", () => {
    expect(formatMessage("{0} of {1} in {2}", [1025, 1234567, "vol-1000"])).toBe("1,025 of 1,234,567 in vol-1000");
    expect(formatMessage("{0} {1}", [-2048])).toBe("-2,048 {1}");
  });

  it("mints URNs of the ViPR shape, global for tenants and projects", () => {
    expect(newUrn("BlockSnapshotSession")).toMatch(/^urn:storageos:BlockSnapshotSession:[0-9a-f-]{36}:vdc1$/);
    expect(newUrn("Project")).toMatch(/:global$/);
    expect(isUrnOfType(newUrn("Volume"), "Volume")).toBe(true);
    expect(isUrnOfType(newUrn("Volume"), "BlockSnapshotSession")).toBe(false);
    expect(urnType("not-a-urn")).toBeUndefined();
  });

  it("judges a URN well-formed as ViPR does: any type, any VDC (even none), hex and type in any case", () => {
    const uuid = "3f1e0c2a-1b2c-4d5e-8f90-a1b2c3d4e5f6";
    for (const wellFormed of [
      `urn:storageos:BlockSnapshotSession:${uuid}:vdc1`,
      `urn:storageos:Volume:${uuid}:vdc2`,
      `urn:storageos:Volume:${uuid}:`,
      `urn:storageos:NoSuchType:${uuid}:global`,
      `urn:storageos:volume:${uuid.toUpperCase()}:VDC1`,
    ]) {
      expect(isValidUrn(wellFormed), wellFormed).toBe(true);
    }
    for (const malformed of [
      "not-a-urn",
      `URN:storageos:Volume:${uuid}:vdc1`,
      `urn:StorageOS:Volume:${uuid}:vdc1`,
      `urn:storageos:Volume:${uuid}`,
      `urn:storageos:Volume2:${uuid}:vdc1`,
      `urn:storageos:Volume:${uuid}:vdc-1`,
      `urn:storageos:Volume:${uuid.slice(1)}:vdc1`,
      ` urn:storageos:Volume:${uuid}:vdc1`,
    ]) {
      expect(isValidUrn(malformed), malformed).toBe(false);
    }
    expect(urnType(`urn:storageos:volume:${uuid}:vdc2`)).toBe("volume");
    expect(isUrnOfType(`urn:storageos:volume:${uuid}:vdc1`, "Volume")).toBe(false);
  });

  it("reads sizes with binary units or plain bytes", () => {
    expect(parseCapacity("1GB")).toBe(1024 ** 3);
    expect(parseCapacity("512MB")).toBe(512 * 1024 ** 2);
    expect(parseCapacity("1073741824")).toBe(1024 ** 3);
    expect(parseCapacity("1.5 gb")).toBe(1.5 * 1024 ** 3);
    for (const bad of ["", "GB", "-1GB", "0", "1XB", "9".repeat(30)]) expect(parseCapacity(bad)).toBeUndefined();
    expect(formatGigabytes(1024 ** 3)).toBe("1.00");
  });

  it("compares labels without whitespace and special characters", () => {
    expect(comparableLabel(" my.tgt -1 ")).toBe("mytgt-1");
    expect(comparableLabel("a_b#c@d+e-f")).toBe("a_b#c@d+e-f");
  });
});
