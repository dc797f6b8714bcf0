import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { readFile } from "node:fs/promises";

export interface ChildService {
  readonly name: string;
  readonly pid: number;
  readonly output: () => string;
  /** Peak resident set size so far (VmHWM of /proc/<pid>/status), in MiB. */
  peakRssMb(): Promise<number>;
  stop(): Promise<void>;
}

export interface ChildServiceOptions {
  readonly name: string;
  /** A TypeScript entry point, run with `node --import tsx`. */
  readonly script: string;
  readonly env: Record<string, string>;
  /** Resolves true once the process is ready to serve. */
  readonly ready: (output: string) => Promise<boolean>;
  /** Where `--cpu-prof` writes the process's CPU profile at exit; no profile without it. */
  readonly cpuProfileDir?: string | undefined;
  readonly readyTimeoutMs?: number;
}

/** Starts a node process the way users run coprsim (`node --import tsx <script>`) and waits until it is ready. */
export async function startChildService(options: ChildServiceOptions): Promise<ChildService> {
  const profiling = options.cpuProfileDir
    ? // One directory per process: its main thread and tsx's loader thread write a profile each.
      ["--cpu-prof", `--cpu-prof-dir=${options.cpuProfileDir}/${options.name}`]
    : [];
  const child = spawn(process.execPath, [...profiling, "--import", "tsx", options.script], {
    env: { ...process.env, LOG_LEVEL: "warn", ...options.env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const keep = (chunk: Buffer) => {
    output += chunk.toString();
    if (output.length > 200_000) output = output.slice(-100_000);
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  const readyBy = Date.now() + (options.readyTimeoutMs ?? 90_000);
  while (!(await options.ready(output).catch(() => false))) {
    if (child.exitCode !== null) throw new Error(`${options.name} exited with ${child.exitCode}:\n${output}`);
    if (Date.now() > readyBy) {
      child.kill("SIGKILL");
      throw new Error(`${options.name} did not become ready:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const pid = child.pid;
  if (pid === undefined) throw new Error(`${options.name} has no pid`);
  return {
    name: options.name,
    pid,
    output: () => output,
    peakRssMb: () => peakRssMb(pid),
    stop: () => stop(child),
  };
}

async function peakRssMb(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, "utf8");
  const match = /^VmHWM:\s+(\d+)\s+kB$/m.exec(status);
  if (!match?.[1]) throw new Error(`no VmHWM in /proc/${pid}/status`);
  return Number(match[1]) / 1024;
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, "exit");
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), 20_000);
  await exited;
  clearTimeout(timer);
}

/** Ready once `GET <url>` answers with that status. */
export function answers(url: string, status: number): () => Promise<boolean> {
  return async () => {
    const response = await fetch(url);
    await response.arrayBuffer();
    return response.status === status;
  };
}
