import { execFile } from "node:child_process";
import { copyFile, mkdir, mkdtemp, rm, symlink } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const run = promisify(execFile);

/** The package's `coprsim` bin (bin/coprsim.js), run the two ways users reach it. */
describe("the coprsim bin", () => {
  let scratch: string;

  beforeAll(async () => {
    scratch = await mkdtemp(join(tmpdir(), "coprsim-bin-"));
  });

  afterAll(async () => {
    if (scratch) await rm(scratch, { recursive: true, force: true });
  });

  it("runs from the checkout straight after npm ci, with no build: npx coprsim --help", async () => {
    // A cache of its own, as on a machine where npx never ran: npx links the package's bin there.
    const { stdout } = await run("npx", ["--offline", "--cache", join(scratch, "npm-cache"), "coprsim", "--help"], {
      timeout: 60_000,
    });
    expect(stdout).toMatch(/^Usage: coprsim \[options\] \[command\]/);
    expect(stdout).toContain("session");
  }, 90_000);

  it("runs the compiled build where there are no sources, as in the image", async () => {
    // The image's layout: package.json, production node_modules, dist/ and bin/, no src/.
    const image = join(scratch, "image");
    await mkdir(join(image, "bin"), { recursive: true });
    await copyFile("package.json", join(image, "package.json"));
    await copyFile("bin/coprsim.js", join(image, "bin", "coprsim.js"));
    await symlink(resolve("node_modules"), join(image, "node_modules"));
    await run(
      process.execPath,
      ["node_modules/typescript/bin/tsc", "-p", "tsconfig.build.json", "--outDir", join(image, "dist")],
      {
        timeout: 120_000,
      },
    );

    const { stdout } = await run(process.execPath, [join(image, "bin", "coprsim.js"), "session", "--help"], {
      timeout: 30_000,
    });
    expect(stdout).toMatch(/^Usage: coprsim session/);
  }, 180_000);
});
