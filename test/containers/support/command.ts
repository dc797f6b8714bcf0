import { spawn } from "node:child_process";

export interface CommandResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface CommandOptions {
  /** Killed (SIGKILL) once it has run this long. */
  readonly timeoutMs: number;
  readonly env?: NodeJS.ProcessEnv;
  readonly cwd?: string;
  readonly stdin?: string | Buffer;
  /** Resolve with the exit code instead of rejecting when it is not 0. */
  readonly allowFailure?: boolean;
}

/** Runs a program to its end and returns what it printed; rejects on a non-zero exit unless told not to. */
export function runCommand(program: string, args: readonly string[], options: CommandOptions): Promise<CommandResult> {
  const child = spawn(program, args, {
    env: options.env ?? process.env,
    cwd: options.cwd,
    stdio: ["pipe", "pipe", "pipe"],
  });
  const stdout: Buffer[] = [];
  const stderr: Buffer[] = [];
  child.stdout.on("data", (chunk: Buffer) => stdout.push(chunk));
  child.stderr.on("data", (chunk: Buffer) => stderr.push(chunk));
  child.stdin.on("error", () => {});
  child.stdin.end(options.stdin ?? "");
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    child.kill("SIGKILL");
  }, options.timeoutMs);
  return new Promise((resolve, reject) => {
    child.once("error", (error) => {
      clearTimeout(timer);
      reject(new Error(`${program} could not be started: ${error.message}`));
    });
    child.once("close", (code) => {
      clearTimeout(timer);
      const result = {
        code,
        stdout: Buffer.concat(stdout).toString("utf8"),
        stderr: Buffer.concat(stderr).toString("utf8"),
      };
      const command = [program, ...args].join(" ");
      if (timedOut) reject(new Error(`${command}: still running after ${options.timeoutMs} ms\n${tail(result)}`));
      else if (code !== 0 && !options.allowFailure) reject(new Error(`${command}: exit ${code}\n${tail(result)}`));
      else resolve(result);
    });
  });
}

/** The last lines a command printed, for an error message. */
function tail({ stdout, stderr }: CommandResult, lines = 40): string {
  const last = (text: string) => text.trimEnd().split("\n").slice(-lines).join("\n");
  return [stdout && `stdout:\n${last(stdout)}`, stderr && `stderr:\n${last(stderr)}`].filter(Boolean).join("\n");
}

/** Whether a program is on the PATH. */
export async function isInstalled(program: string): Promise<boolean> {
  const { code } = await runCommand("sh", ["-c", 'command -v "$1" >/dev/null', "sh", program], {
    timeoutMs: 10_000,
    allowFailure: true,
  });
  return code === 0;
}

/** Polls `probe` until it answers something other than undefined; gives up after `timeoutMs`. */
export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  options: { timeoutMs: number; intervalMs?: number; explain?: () => Promise<string> },
): Promise<T> {
  const deadline = Date.now() + options.timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) {
      const explanation = options.explain ? `\n${await options.explain()}` : "";
      throw new Error(`gave up waiting for ${what} after ${options.timeoutMs} ms${explanation}`);
    }
    await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 1_000));
  }
}
