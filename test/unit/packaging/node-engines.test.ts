import { readFile } from "node:fs/promises";
import semver from "semver";
import { describe, expect, it } from "vitest";

interface LockedPackage {
  readonly version?: string;
  readonly engines?: { readonly node?: string };
}

const manifest = JSON.parse(await readFile("package.json", "utf8")) as { engines: { node: string } };
const lock = JSON.parse(await readFile("package-lock.json", "utf8")) as { packages: Record<string, LockedPackage> };

/** package.json's `engines` is what `npm ci` checks each installed package against this Node. */
describe("the Node versions package.json's engines promises", () => {
  const promised = manifest.engines.node;

  it("include the Node running the tests", () => {
    expect(semver.satisfies(process.version, promised), `${process.version} in ${promised}`).toBe(true);
  });

  it("are all accepted by every locked package, so npm ci warns of no engine on any of them", () => {
    const refusing = Object.entries(lock.packages)
      .filter(([path, locked]) => path !== "" && locked.engines?.node !== undefined)
      .filter(([, locked]) => !semver.subset(promised, locked.engines!.node!))
      .map(
        ([path, locked]) => `${path.replace(/^.*node_modules\//, "")}@${locked.version} needs ${locked.engines!.node}`,
      );
    expect(refusing).toEqual([]);
  });
});
