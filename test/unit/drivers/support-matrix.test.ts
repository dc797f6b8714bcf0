import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ARRAY_FAMILIES } from "../../../src/drivers/array-families.js";
import { renderSupportMatrix } from "../../../src/infrastructure/support-matrix/support-matrix.js";

describe("docs/support-matrix.md", () => {
  it("is what the listed families declare (regenerate it with `npm run docs:support-matrix`)", () => {
    const committed = readFileSync(new URL("../../../docs/support-matrix.md", import.meta.url), "utf8");

    expect(committed).toBe(renderSupportMatrix(ARRAY_FAMILIES));
  });

  it("changes when a family declares another capability", () => {
    const [first, ...others] = ARRAY_FAMILIES;
    const relinkless = {
      ...first,
      createDriver: (dependencies: Parameters<typeof first.createDriver>[0]) => {
        const driver = first.createDriver(dependencies);
        return Object.assign(Object.create(driver), {
          capabilities: (system: Parameters<typeof driver.capabilities>[0]) => ({
            ...driver.capabilities(system),
            relinksCopyLinks: !driver.capabilities(system).relinksCopyLinks,
          }),
        });
      },
    };

    expect(renderSupportMatrix([relinkless, ...others])).not.toBe(renderSupportMatrix(ARRAY_FAMILIES));
  });
});
