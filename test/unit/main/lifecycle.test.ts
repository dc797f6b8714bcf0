import { spawn } from "node:child_process";
import { once } from "node:events";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const fixture = fileURLToPath(new URL("./fixtures/slow-stop.ts", import.meta.url));

/** Starts the fixture, sends it `signals` with the given pauses before each, and gives its exit code. */
async function exitAfter(signals: readonly { signal: NodeJS.Signals; afterMs: number }[]): Promise<number | null> {
  const child = spawn(process.execPath, ["--import", "tsx", fixture], { stdio: ["ignore", "pipe", "inherit"] });
  const exited = once(child, "exit");
  await once(child.stdout, "data");
  for (const { signal, afterMs } of signals) {
    await new Promise((resolve) => setTimeout(resolve, afterMs));
    child.kill(signal);
  }
  const [code] = await exited;
  return code as number | null;
}

describe("stopping on signals", () => {
  it("stops gracefully (exit 0) when Ctrl-C arrives twice at once, from the terminal and from npm", async () => {
    expect(
      await exitAfter([
        { signal: "SIGINT", afterMs: 0 },
        { signal: "SIGINT", afterMs: 20 },
      ]),
    ).toBe(0);
  });

  it("exits 1 at once on a second signal that is not the first one repeated", async () => {
    expect(
      await exitAfter([
        { signal: "SIGTERM", afterMs: 0 },
        { signal: "SIGINT", afterMs: 20 },
      ]),
    ).toBe(1);
  });

  it("exits 1 at once when the same signal comes again later, while stopping", async () => {
    expect(
      await exitAfter([
        { signal: "SIGINT", afterMs: 0 },
        { signal: "SIGINT", afterMs: 1_200 },
      ]),
    ).toBe(1);
  });
});
