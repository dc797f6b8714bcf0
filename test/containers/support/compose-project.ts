import { fileURLToPath } from "node:url";
import { type CommandResult, isInstalled, runCommand } from "./command.js";
import { podman } from "./podman.js";

const REPOSITORY = fileURLToPath(new URL("../../../", import.meta.url));
const COMPOSE_FILES = ["docker-compose.yml", "test/containers/compose.stand-ins.yml"];

/**
 * docker-compose.yml brought up as a Compose project of its own, through a Compose client talking
 * to podman's Docker-compatible API, with the test's stand-in images laid over the file's.
 */
export class ComposeProject {
  private constructor(
    readonly name: string,
    private readonly program: readonly string[],
    private readonly env: NodeJS.ProcessEnv,
  ) {}

  /** `docker-compose` (Debian's package) where it is installed, else Docker's `docker compose`. */
  static async create(name: string, env: NodeJS.ProcessEnv): Promise<ComposeProject> {
    const program = (await isInstalled("docker-compose")) ? ["docker-compose"] : ["docker", "compose"];
    return new ComposeProject(name, program, env);
  }

  compose(args: readonly string[], timeoutMs: number): Promise<CommandResult> {
    const [program, ...programArgs] = this.program;
    const files = COMPOSE_FILES.flatMap((file) => ["-f", file]);
    return runCommand(program!, [...programArgs, "-p", this.name, ...files, ...args], {
      env: this.env,
      cwd: REPOSITORY,
      timeoutMs,
    });
  }

  /** The project's containers of a service, by name, in order (`<project>_worker_1`, …). */
  async containers(service: string): Promise<string[]> {
    const { stdout } = await podman([
      "ps",
      "--all",
      "--filter",
      `label=com.docker.compose.project=${this.name}`,
      "--filter",
      `label=com.docker.compose.service=${service}`,
      "--format",
      "{{.Names}}",
    ]);
    return stdout.split("\n").filter(Boolean).sort();
  }

  async container(service: string): Promise<string> {
    const [name, ...others] = await this.containers(service);
    if (!name || others.length > 0) throw new Error(`expected one ${service} container, found: ${name ?? "none"}`);
    return name;
  }

  /** `healthy`, `unhealthy` or `starting`, as podman last recorded it. */
  async health(container: string): Promise<string> {
    return (await podman(["inspect", "--format", "{{.State.Health.Status}}", container])).stdout.trim();
  }

  async state(container: string): Promise<{ status: string; exitCode: number }> {
    const { stdout } = await podman(["inspect", "--format", "{{.State.Status}} {{.State.ExitCode}}", container]);
    const [status = "", exitCode = ""] = stdout.trim().split(" ");
    return { status, exitCode: Number(exitCode) };
  }

  /** The host addresses (`127.0.0.1:40123`) a container's port is published on. */
  async published(container: string, port: number): Promise<string[]> {
    const { stdout } = await podman(["port", container, String(port)], { allowFailure: true });
    return stdout.split("\n").filter(Boolean);
  }

  /** Every host port the container publishes, as `podman port` lists them. */
  async allPublished(container: string): Promise<string[]> {
    const { stdout } = await podman(["port", container]);
    return stdout.split("\n").filter(Boolean);
  }

  async logs(container: string, since?: Date): Promise<string> {
    const sinceArgs = since ? ["--since", since.toISOString()] : [];
    const { stdout, stderr } = await podman(["logs", ...sinceArgs, container], { allowFailure: true });
    return stdout + stderr;
  }

  /** The project's containers and the end of each one's log, for a failure message. */
  async describe(): Promise<string> {
    const listing = await podman(
      [
        "ps",
        "--all",
        "--filter",
        `label=com.docker.compose.project=${this.name}`,
        "--format",
        "{{.Names}} {{.Status}}",
      ],
      { allowFailure: true },
    );
    const lines = [listing.stdout.trim()];
    for (const line of listing.stdout.split("\n").filter(Boolean)) {
      const name = line.split(" ")[0]!;
      const log = (await this.logs(name)).trimEnd().split("\n").slice(-15).join("\n");
      lines.push(`--- ${name}\n${log}`);
    }
    return lines.join("\n");
  }

  /** `down -v`, then whatever of the project is still there (after a failed `up`), by its label. */
  async remove(): Promise<void> {
    await this.compose(["down", "--volumes", "--timeout", "10"], 180_000).catch(() => undefined);
    const label = `label=com.docker.compose.project=${this.name}`;
    const left = async (kind: "ps" | "volume" | "network") => {
      const args = kind === "ps" ? ["ps", "--all", "-q"] : [kind, "ls", "-q"];
      return (await podman([...args, "--filter", label], { allowFailure: true })).stdout.split("\n").filter(Boolean);
    };
    const containers = await left("ps");
    if (containers.length > 0) await podman(["rm", "--force", "--time", "5", ...containers], { allowFailure: true });
    const volumes = await left("volume");
    if (volumes.length > 0) await podman(["volume", "rm", "--force", ...volumes], { allowFailure: true });
    const networks = await left("network");
    if (networks.length > 0) await podman(["network", "rm", "--force", ...networks], { allowFailure: true });
  }

  /** What is left of the project: containers, volumes and networks carrying its label. */
  async leftovers(): Promise<string[]> {
    const label = `label=com.docker.compose.project=${this.name}`;
    const lists = await Promise.all([
      podman(["ps", "--all", "--filter", label, "--format", "container {{.Names}}"]),
      podman(["volume", "ls", "--filter", label, "--format", "volume {{.Name}}"]),
      podman(["network", "ls", "--filter", label, "--format", "network {{.Name}}"]),
    ]);
    return lists.flatMap((list) => list.stdout.split("\n").filter(Boolean));
  }
}
