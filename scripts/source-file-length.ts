import { readdirSync, readFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** No file under src/ may be longer: past it, a file holds more than one thing. */
export const MAX_LINES = 400;

/**
 * Files over the limit that are waiting to be split, each to be removed from this list once it
 * is: the check fails when one of them is no longer over the limit, so that the list only shrinks.
 */
export const KNOWN_LONG_FILES: readonly string[] = [];

/** Lines as `wc -l` and an editor count them: a last line without its newline counts too. */
export function lineCount(text: string): number {
  if (text === "") return 0;
  const newlines = text.split("\n").length - 1;
  return text.endsWith("\n") ? newlines : newlines + 1;
}

function filesUnder(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? filesUnder(join(folder, entry.name)) : [join(folder, entry.name)],
  );
}

/** What is wrong under `root`'s src/: each file over the limit, each exception no longer needed. */
export function fileLengthProblems(
  root: string,
  exceptions: readonly string[] = KNOWN_LONG_FILES,
  maxLines = MAX_LINES,
): string[] {
  const lengths = new Map(
    filesUnder(join(root, "src")).map((file) => [
      relative(root, file).split("\\").join("/"),
      lineCount(readFileSync(file, "utf8")),
    ]),
  );
  const tooLong = [...lengths]
    .filter(([file, lines]) => lines > maxLines && !exceptions.includes(file))
    .map(([file, lines]) => `${file}: ${lines} lines, over the limit of ${maxLines}: split it`);
  const stale = exceptions
    .filter((file) => (lengths.get(file) ?? 0) <= maxLines)
    .map((file) => `${file}: no longer over ${maxLines} lines (or gone): remove it from KNOWN_LONG_FILES`);
  return [...tooLong, ...stale].sort();
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const problems = fileLengthProblems(resolve(import.meta.dirname, ".."));
  for (const problem of problems) console.error(problem);
  process.exitCode = problems.length > 0 ? 1 : 0;
}
