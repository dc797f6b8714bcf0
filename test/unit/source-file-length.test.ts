import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { fileLengthProblems, lineCount } from "../../scripts/source-file-length.js";

describe("the limit on a source file's length (npm run lint)", () => {
  let root: string;

  function file(path: string, lines: number): void {
    mkdirSync(join(root, path, ".."), { recursive: true });
    writeFileSync(join(root, path), "x\n".repeat(lines));
  }

  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it("lets a file of 400 lines through and names one of 401, wherever it is under src", () => {
    root = mkdtempSync(join(tmpdir(), "file-length-"));
    file("src/a/fits.ts", 400);
    file("src/a/b/too-long.css", 401);
    file("test/long.test.ts", 900);
    expect(fileLengthProblems(root, [])).toEqual(["src/a/b/too-long.css: 401 lines, over the limit of 400: split it"]);
  });

  it("lets a known exception through while it is over the limit, and asks to remove it once it is not", () => {
    root = mkdtempSync(join(tmpdir(), "file-length-"));
    file("src/long.ts", 500);
    file("src/split.ts", 120);
    expect(fileLengthProblems(root, ["src/long.ts"])).toEqual([]);
    expect(fileLengthProblems(root, ["src/long.ts", "src/split.ts", "src/gone.ts"])).toEqual([
      "src/gone.ts: no longer over 400 lines (or gone): remove it from KNOWN_LONG_FILES",
      "src/split.ts: no longer over 400 lines (or gone): remove it from KNOWN_LONG_FILES",
    ]);
  });

  it("counts lines as wc -l does, and a last line without its newline", () => {
    expect([lineCount(""), lineCount("a"), lineCount("a\n"), lineCount("a\nb"), lineCount("a\n\n")]).toEqual([
      0, 1, 1, 2, 2,
    ]);
  });
});
