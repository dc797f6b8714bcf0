import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { freePort } from "./free-port.js";

export interface RunningService {
  readonly baseUrl: string;
  readonly httpsUrl: string;
  /** The Unisphere surface of the simulated vmax arrays (API processes only). */
  readonly unisphereUrl: string;
  readonly output: () => string;
  /** Resolves when the process has ended, with its exit code or the signal that ended it. */
  readonly exited: Promise<number | NodeJS.Signals>;
  stop(signal?: NodeJS.Signals): Promise<number | NodeJS.Signals>;
}

/**
 * Starts an entry point of coprsim (`src/main/<entry>.ts`) as a child process, the way users
 * run it, and waits until its HTTP port answers (or, for a worker, until it says it is ready).
 */
export async function startService(
  entry: "start" | "api" | "worker",
  env: Record<string, string | undefined>,
  options: { readyTimeoutMs?: number; cwd?: string; nodeImports?: readonly string[] } = {},
): Promise<RunningService> {
  const { child, httpPort, httpsPort, unispherePort, output } = await spawnService(entry, env, options);
  const exited = new Promise<number | NodeJS.Signals>((resolve) =>
    child.once("exit", (code, signal) => resolve((code ?? signal) as number | NodeJS.Signals)),
  );
  const baseUrl = `http://127.0.0.1:${httpPort}`;
  const readyBy = Date.now() + (options.readyTimeoutMs ?? 60_000);
  while (!(await isReady(entry, baseUrl, output))) {
    if (child.exitCode !== null) throw new Error(`coprsim ${entry} exited with ${child.exitCode}:\n${output()}`);
    if (Date.now() > readyBy) {
      child.kill("SIGKILL");
      throw new Error(`coprsim ${entry} did not become ready:\n${output()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return {
    baseUrl,
    httpsUrl: `https://127.0.0.1:${httpsPort}`,
    unisphereUrl: `https://127.0.0.1:${unispherePort}`,
    output,
    exited,
    stop: (signal = "SIGTERM") => stop(child, signal),
  };
}

/**
 * Starts an entry point as a child process without waiting for it to be ready; `cwd` is the
 * checkout it runs from (default: this one), as `npm start` runs from the package's folder.
 * `nodeImports` are modules node loads before the entry point (`--import`, after tsx), from
 * that checkout: a test's probes.
 */
export async function spawnService(
  entry: "start" | "api" | "worker",
  env: Record<string, string | undefined>,
  options: { cwd?: string; nodeImports?: readonly string[] } = {},
): Promise<{
  child: ChildProcess;
  httpPort: number;
  httpsPort: number;
  unispherePort: number;
  output: () => string;
}> {
  const httpPort = Number(env.COPRSIM_HTTP_PORT ?? (await freePort()));
  const httpsPort = Number(env.COPRSIM_HTTPS_PORT ?? (await freePort()));
  const unispherePort = Number(env.COPRSIM_UNISPHERE_PORT ?? (await freePort()));
  const imports = ["tsx", ...(options.nodeImports ?? [])].flatMap((module) => ["--import", module]);
  const child = spawn(process.execPath, [...imports, `src/main/${entry}.ts`], {
    cwd: options.cwd,
    env: {
      ...process.env,
      COPRSIM_HTTP_PORT: String(httpPort),
      COPRSIM_HTTPS_PORT: String(httpsPort),
      COPRSIM_UNISPHERE_PORT: String(unispherePort),
      COPRSIM_HOST: "127.0.0.1",
      LOG_LEVEL: "warn",
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (chunk) => (output += chunk));
  child.stderr?.on("data", (chunk) => (output += chunk));
  return { child, httpPort, httpsPort, unispherePort, output: () => output };
}

/** A worker says it is ready; the API too, once both its ports listen, and its HTTP port answers. */
async function isReady(entry: string, baseUrl: string, output: () => string): Promise<boolean> {
  if (entry === "worker") return output().includes("coprsim worker ready");
  if (!/^coprsim .+ ready$/m.test(output())) return false;
  try {
    const response = await fetch(`${baseUrl}/login`);
    return response.status === 401;
  } catch {
    return false;
  }
}

/**
 * Sends `signal` (SIGKILL after 20 s, past every process's own stop deadline); resolves with
 * the exit code, or the name of the signal that ended the process.
 */
export async function stop(child: ChildProcess, signal: NodeJS.Signals): Promise<number | NodeJS.Signals> {
  if (child.exitCode !== null) return child.exitCode;
  if (child.signalCode !== null) return child.signalCode;
  child.kill(signal);
  const timer = setTimeout(() => child.kill("SIGKILL"), 20_000);
  const [code, endedBy] = (await once(child, "exit")) as [number | null, NodeJS.Signals | null];
  clearTimeout(timer);
  return code ?? (endedBy as NodeJS.Signals);
}
