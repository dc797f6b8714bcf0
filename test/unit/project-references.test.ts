import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const REPOSITORY = resolve(import.meta.dirname, "../..");
const THIS_FILE = relative(REPOSITORY, import.meta.filename);

/**
 * The project's readers have the repository, not the documents it was first written from: code,
 * tests, the bench, the layer rules and the README cite `docs/`. Each pattern is built from parts
 * so that this file does not match itself.
 */
const FOREIGN_REFERENCES: readonly RegExp[] = [
  new RegExp(["\\.\\./shared/", "(spec|design)"].join("")),
  new RegExp(["vipr-api", "\\.md"].join("")),
  new RegExp(["(spec|contract|arrays\\.md) ", "§"].join("")),
  new RegExp(["\\(", "§\\d"].join("")),
];

function filesUnder(path: string): string[] {
  if (statSync(path).isFile()) return [path];
  return readdirSync(path, { withFileTypes: true })
    .filter((entry) => entry.name !== "node_modules" && entry.name !== "results")
    .flatMap((entry) => filesUnder(join(path, entry.name)));
}

describe("references to documents outside the repository", () => {
  it("no source, test, bench file, script, layer rule, the README or CONTRIBUTING points at them", () => {
    const files = [
      "src",
      "test",
      "bench",
      "scripts",
      ".dependency-cruiser.cjs",
      "README.md",
      "CONTRIBUTING.md",
    ].flatMap((path) => filesUnder(join(REPOSITORY, path)));
    const found = files
      .filter((file) => relative(REPOSITORY, file) !== THIS_FILE)
      .flatMap((file) =>
        readFileSync(file, "utf8")
          .split("\n")
          .flatMap((line, index) =>
            FOREIGN_REFERENCES.some((pattern) => pattern.test(line))
              ? [`${relative(REPOSITORY, file)}:${index + 1}: ${line.trim()}`]
              : [],
          ),
      );
    expect(found).toEqual([]);
    expect(files.length).toBeGreaterThan(100);
  });
});
