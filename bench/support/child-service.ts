import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { readFile, rm, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { RoundTripDump } from "./round-trip-counter.js";

export interface ChildService {
  readonly name: string;
  readonly pid: number;
  readonly output: () => string;
  /**
   * Peak resident set size (VmHWM of /proc/<pid>/status), in MiB: so far, or, once stopped,
   * as it was when it was asked to stop.
   */
  peakRssMb(): Promise<number>;
  /**
   * What the process has sent to Postgres and Redis so far (see round-trip-counter.ts), with
   * what it sent since the previous call if that call asked it to trace from then on.
   */
  roundTrips(options?: { traceFromNow?: boolean }): Promise<RoundTripDump>;
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
  /** Where the process writes its round-trip counts (a file named after it). */
  readonly roundTripsDir: string;
  readonly readyTimeoutMs?: number;
}

/** Relative to the repository's root, where `npm run bench` runs. */
const ROUND_TRIP_COUNTER = "./bench/support/round-trip-counter.ts";

/**
 * Starts a node process the way users run coprsim (`node --import tsx <script>`), with the
 * bench's round-trip counter loaded before the script, and waits until it is ready.
 */
export async function startChildService(options: ChildServiceOptions): Promise<ChildService> {
  const profiling = options.cpuProfileDir
    ? // One directory per process: its main thread and tsx's loader thread write a profile each.
      ["--cpu-prof", `--cpu-prof-dir=${options.cpuProfileDir}/${options.name}`]
    : [];
  const roundTripsFile = join(options.roundTripsDir, `${options.name}.json`);
  const child = spawn(
    process.execPath,
    [...profiling, "--import", "tsx", "--import", ROUND_TRIP_COUNTER, options.script],
    {
      env: {
        ...process.env,
        LOG_LEVEL: "warn",
        ...options.env,
        BENCH_ROUND_TRIPS_FILE: roundTripsFile,
      },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
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
  let peakWhenStopped: number | undefined;
  let sequence = 0;
  return {
    name: options.name,
    pid,
    output: () => output,
    peakRssMb: async () => peakWhenStopped ?? peakRssMb(pid),
    async roundTrips({ traceFromNow = false } = {}) {
      if (traceFromNow) await writeFile(`${roundTripsFile}.trace`, "");
      else await rm(`${roundTripsFile}.trace`, { force: true });
      sequence += 1;
      child.kill("SIGUSR2");
      return readDump(roundTripsFile, sequence, options.name);
    },
    async stop() {
      if (peakWhenStopped === undefined) peakWhenStopped = await peakRssMb(pid).catch(() => Number.NaN);
      await stop(child);
    },
  };
}

/** The dump the process writes in answer to its `sequence`-th SIGUSR2; waits at most 10 s. */
async function readDump(file: string, sequence: number, name: string): Promise<RoundTripDump> {
  const by = Date.now() + 10_000;
  for (;;) {
    const written = await stat(file).catch(() => undefined);
    if (written) {
      const dump = JSON.parse(await readFile(file, "utf8")) as RoundTripDump;
      if (dump.sequence >= sequence) return dump;
    }
    if (Date.now() > by) throw new Error(`${name} did not write its round-trip counts to ${file}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
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
