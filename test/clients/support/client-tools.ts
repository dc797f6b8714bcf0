import { execFileSync } from "node:child_process";
import { accessSync, constants, existsSync } from "node:fs";
import { homedir } from "node:os";
import { join, resolve } from "node:path";
import { describe, it } from "vitest";

/**
 * Where the real ViPR clients (the ViPR CLI and CoprHD's `bourne` harness, unmodified) and the
 * Python 2.7 that runs them are found. They are test tools kept outside the repository:
 * `COPRSIM_CLIENTS_DIR` names their folder (default `../shared/coprhd-clients` beside the
 * repository), `COPRSIM_PYTHON2` the interpreter (default pyenv's 2.7.18).
 */
export interface ClientTools {
  /** The folder holding `viprcli/`, `bourne/` and `py2shim/`. */
  readonly folder: string;
  readonly python: string;
}

const REPOSITORY = resolve(import.meta.dirname, "../../..");

export function clientsFolder(): string {
  return resolve(REPOSITORY, process.env.COPRSIM_CLIENTS_DIR ?? "../shared/coprhd-clients");
}

function pyenvRoot(): string {
  if (process.env.PYENV_ROOT) return process.env.PYENV_ROOT;
  try {
    return execFileSync("pyenv", ["root"], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
  } catch {
    return join(homedir(), ".pyenv");
  }
}

export function python2(): string {
  return process.env.COPRSIM_PYTHON2 ?? join(pyenvRoot(), "versions", "2.7.18", "bin", "python2.7");
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The tools, or why the tier cannot run here. */
export function findClientTools(): ClientTools | { readonly missing: string } {
  const folder = clientsFolder();
  const hasClients = ["viprcli/src/viprcli.py", "bourne/bourne.py", "py2shim"].every((part) =>
    existsSync(join(folder, part)),
  );
  if (!hasClients) return { missing: `the ViPR clients are not in ${folder} (set COPRSIM_CLIENTS_DIR)` };
  const python = python2();
  if (!isExecutable(python)) return { missing: `Python 2.7 is not at ${python} (set COPRSIM_PYTHON2)` };
  return { folder, python };
}

/**
 * A suite of the client tier. Without the clients folder (outside this project's CI) it is
 * skipped with a one-line reason. With the clients but no Python 2.7 it is skipped too, except
 * when CI is set: there it fails, so that CI never passes it by skipping.
 */
export function describeWithClients(title: string, suite: (tools: ClientTools) => void): void {
  const tools = findClientTools();
  if ("missing" in tools) {
    const clientsPresent = !tools.missing.startsWith("the ViPR clients");
    if (clientsPresent && process.env.CI) {
      describe(title, () => {
        it("has Python 2.7 for the ViPR clients", () => {
          throw new Error(`CI is set and ${tools.missing}`);
        });
      });
      return;
    }
    const reason = `skipped: ${tools.missing}`;
    console.warn(`${title}: ${reason}`);
    describe(title, () => it.skip(reason, () => {}));
    return;
  }
  describe(title, () => suite(tools));
}
