import { spawn } from "node:child_process";

export interface CliRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stdoutBytes: Buffer;
  readonly stderr: string;
}

/**
 * Runs `coprsim <args>` (src/main/cli.ts through tsx) as a child process with the given
 * environment on top of this one's, feeding `stdin`; killed if it runs longer than `timeoutMs`.
 */
export function runCli(
  args: readonly string[],
  env: Record<string, string | undefined>,
  options: { stdin?: Buffer | string; timeoutMs?: number } = {},
): Promise<CliRun> {
  const child = spawn(process.execPath, ["--import", "tsx", "src/main/cli.ts", ...args], {
    env: { ...process.env, ...env },
    stdio: ["pipe", "pipe", "pipe"],
  });
  const stdout: Buffer[] = [];
  const stderr: Buffer[] = [];
  child.stdout.on("data", (chunk: Buffer) => stdout.push(chunk));
  child.stderr.on("data", (chunk: Buffer) => stderr.push(chunk));
  child.stdin.end(options.stdin ?? "");
  const timer = setTimeout(() => child.kill("SIGKILL"), options.timeoutMs ?? 60_000);
  return new Promise((resolve, reject) => {
    child.once("error", reject);
    child.once("close", (code) => {
      clearTimeout(timer);
      const stdoutBytes = Buffer.concat(stdout);
      resolve({
        code,
        stdout: stdoutBytes.toString("utf8"),
        stdoutBytes,
        stderr: Buffer.concat(stderr).toString("utf8"),
      });
    });
  });
}
