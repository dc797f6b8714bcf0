import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { ARRAY_FAMILIES } from "../../../src/drivers/array-families.js";
import type { ArrayFamily } from "../../../src/drivers/simulation/array-family.js";

/*
 * The rule of CONTRIBUTING.md, "Adding an array family": everything a family is lives in its
 * folder src/drivers/<family>/, declared in <family>.family.ts and listed once in
 * src/drivers/array-families.ts. No other source file names a family: none contains, in any
 * case and even in a comment, any of the words a listed family declares as its `names` (its
 * system type, its folder's name, its products' names).
 */

const ROOT = fileURLToPath(new URL("../../../", import.meta.url));
const DRIVERS = join(ROOT, "src/drivers");
const THE_LIST = "src/drivers/array-families.ts";
const KERNEL = "simulation";

const familyFolders = readdirSync(DRIVERS).filter(
  (name) => name !== KERNEL && statSync(join(DRIVERS, name)).isDirectory(),
);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: "utf8" })
    .map((path) => join(dir, path))
    .filter((path) => statSync(path).isFile());
}

/** Files outside every family folder, but the list, that name a listed family, with the word found. */
function filesNamingAFamily(families: readonly ArrayFamily[]): string[] {
  const inAFamilyFolder = (path: string) => familyFolders.some((folder) => path.startsWith(`src/drivers/${folder}/`));
  return sourceFiles(join(ROOT, "src"))
    .map((path) => relative(ROOT, path))
    .filter((path) => path !== THE_LIST && !inAFamilyFolder(path))
    .flatMap((path) => {
      const text = readFileSync(join(ROOT, path), "utf8").toLowerCase();
      const word = families.flatMap((family) => family.names).find((name) => text.includes(name.toLowerCase()));
      return word === undefined ? [] : [`${path} (${word})`];
    });
}

describe("the array families", () => {
  it("are named in one file outside their folders: the list", () => {
    expect(filesNamingAFamily(ARRAY_FAMILIES)).toEqual([]);
  });

  it("are each one folder under src/drivers with its <folder>.family.ts, listed once", async () => {
    const declared: ArrayFamily[] = [];
    for (const folder of familyFolders) {
      const path = join(DRIVERS, folder, `${folder}.family.ts`);
      expect(existsSync(path), `${folder}/ declares its family in ${folder}.family.ts`).toBe(true);
      const exported = Object.values(await import(path)) as ArrayFamily[];
      const family = exported.find((value) => (ARRAY_FAMILIES as readonly ArrayFamily[]).includes(value));
      expect(family, `the family of ${folder}/ is in ${THE_LIST}`).toBeDefined();
      if (family === undefined) continue;
      expect(family.names, `${folder}/ is one of the names of its family`).toContain(folder);
      expect(family.names).toContain(family.systemType);
      declared.push(family);
    }
    expect(new Set(declared)).toEqual(new Set(ARRAY_FAMILIES));
    expect(new Set(ARRAY_FAMILIES.map((family) => family.systemType)).size).toBe(ARRAY_FAMILIES.length);
  });

  it("each have their own driver contract test", () => {
    for (const folder of familyFolders) {
      expect(existsSync(join(ROOT, "test/contract", `${folder}.contract.test.ts`)), folder).toBe(true);
    }
  });

  it("would be found named outside their folders: the rule sees a family's every name", () => {
    const seed = readFileSync(join(ROOT, "src/infrastructure/persistence/seed.ts"), "utf8").toLowerCase();
    const wordOfTheSeed = seed.match(/[a-z]{5,}/)?.[0] ?? "";
    const [first, ...others] = ARRAY_FAMILIES;

    expect(filesNamingAFamily([{ ...first, names: [...first.names, wordOfTheSeed] }, ...others])).toContain(
      `src/infrastructure/persistence/seed.ts (${wordOfTheSeed})`,
    );
  });
});
