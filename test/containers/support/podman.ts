import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { request } from "node:http";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { type CommandOptions, type CommandResult, runCommand, waitFor } from "./command.js";

/** The test's podman settings (see the file); a CONTAINERS_CONF already set wins. */
const TEST_CONTAINERS_CONF = fileURLToPath(new URL("../containers.conf", import.meta.url));

export function podmanEnvironment(): NodeJS.ProcessEnv {
  return { ...process.env, CONTAINERS_CONF: process.env.CONTAINERS_CONF || TEST_CONTAINERS_CONF };
}

export function podman(args: readonly string[], options: Partial<CommandOptions> = {}): Promise<CommandResult> {
  return runCommand("podman", args, { timeoutMs: 120_000, env: podmanEnvironment(), ...options });
}

export async function imageExists(image: string): Promise<boolean> {
  return (await podman(["image", "exists", image], { allowFailure: true })).code === 0;
}

/** Podman's Docker-compatible API on a socket of its own, for a Compose client to talk to. */
export interface PodmanService {
  /** The value of DOCKER_HOST that reaches it. */
  readonly dockerHost: string;
  stop(): Promise<void>;
}

export async function startPodmanService(directory: string): Promise<PodmanService> {
  const socketPath = join(directory, "podman.sock");
  const child = spawn("podman", ["system", "service", "--time=0", `unix://${socketPath}`], {
    env: podmanEnvironment(),
    stdio: ["ignore", "ignore", "pipe"],
  });
  let output = "";
  child.stderr?.on("data", (chunk) => (output += chunk));
  const service = { dockerHost: `unix://${socketPath}`, stop: () => stopChild(child) };
  try {
    await waitFor("podman's API to answer", async () => ((await pings(socketPath)) ? true : undefined), {
      timeoutMs: 30_000,
      intervalMs: 200,
      explain: async () => output,
    });
  } catch (error) {
    await service.stop();
    throw error;
  }
  return service;
}

function pings(socketPath: string): Promise<boolean> {
  return new Promise((resolve) => {
    const ping = request({ socketPath, path: "/_ping", timeout: 2_000 }, (response) => {
      response.resume();
      resolve(response.statusCode === 200);
    });
    ping.once("error", () => resolve(false));
    ping.once("timeout", () => ping.destroy());
    ping.end();
  });
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, "exit");
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
  await exited;
  clearTimeout(timer);
}

/**
 * Runs the health checks of a Compose project's running containers every `intervalMs`, until
 * stopped. Podman schedules health checks with systemd timers; where there is no systemd (as in
 * CI) nothing runs them, a container stays `starting`, and Compose would wait forever on a
 * `service_healthy` dependency. This does what the timers would.
 */
export function runHealthChecks(project: string, intervalMs = 2_000): { stop(): Promise<void> } {
  let stopping = false;
  const loop = (async () => {
    while (!stopping) {
      try {
        const running = await podman(
          ["ps", "--filter", `label=com.docker.compose.project=${project}`, "--format", "{{.Names}}"],
          { allowFailure: true, timeoutMs: 30_000 },
        );
        for (const name of running.stdout.split("\n").filter(Boolean)) {
          if (stopping) break;
          await podman(["healthcheck", "run", name], { allowFailure: true, timeoutMs: 30_000 });
        }
      } catch {
        // A round that could not run (podman busy or a container going away) is simply the next one.
      }
      await new Promise((resolve) => setTimeout(resolve, intervalMs));
    }
  })();
  return {
    stop: async () => {
      stopping = true;
      await loop;
    },
  };
}
