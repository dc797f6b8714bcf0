import { spawn } from "node:child_process";
import { chmod, cp, mkdir, mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { RunningService } from "../../support/e2e/service-process.js";
import type { ClientTools } from "./client-tools.js";
import { describeRequest, isRefusal, type ServedRequest, servedRequests } from "./served-requests.js";
import { CLIENT_HTTPS_PORT } from "./service-on-4443.js";

/** What one client command did: how it ended, what it printed, and the requests it made. */
export interface ClientRun {
  /** The command as a person would type it (without the connection options every call takes). */
  readonly command: string;
  readonly code: number | null;
  /** Standard output and standard error, interleaved as they came. */
  readonly output: string;
  readonly requests: readonly ServedRequest[];
}

/** A refusal `bourne`'s `api_check_error` is asked to find: status, service code, exact details. */
export interface ExpectedRefusal {
  readonly method: "GET" | "POST" | "PUT" | "DELETE";
  readonly uri: string;
  readonly status: number;
  readonly code: number;
  readonly details: string;
  readonly body?: unknown;
}

const CHECK_ERROR_SCRIPT = join(import.meta.dirname, "bourne_check_error.py");
const COMMAND_TIMEOUT_MS = 90_000;

async function makeWritable(path: string): Promise<void> {
  for (const entry of await readdir(path, { withFileTypes: true })) {
    const child = join(path, entry.name);
    if (entry.isDirectory()) await makeWritable(child);
    else await chmod(child, 0o644);
  }
  await chmod(path, 0o755);
}

/**
 * The ViPR CLI and `bourne`, copied for one test file into a folder of its own (they write
 * their cookies and tokens beside themselves, and the shared folder may be read-only), run with
 * Python 2.7 against the service on HTTPS 4443.
 */
export class ViprClients {
  private constructor(
    private readonly tools: ClientTools,
    private readonly service: RunningService,
    readonly folder: string,
  ) {}

  static async copy(tools: ClientTools, service: RunningService): Promise<ViprClients> {
    const folder = await mkdtemp(join(tmpdir(), "coprsim-clients-"));
    for (const client of ["viprcli", "bourne"]) {
      await cp(join(tools.folder, client), join(folder, client), { recursive: true });
    }
    await makeWritable(folder);
    await mkdir(join(folder, "viprcli", "cookie"), { recursive: true });
    return new ViprClients(tools, service, folder);
  }

  async dispose(): Promise<void> {
    await rm(this.folder, { recursive: true, force: true });
  }

  /** `python2.7 bourne/<script> <args> --ip 127.0.0.1`, e.g. `bourne("volume", ["create", …])`. */
  bourne(script: string, args: readonly string[]): Promise<ClientRun> {
    return this.run(
      `bourne ${script} ${args.join(" ")}`,
      [join(this.folder, "bourne", script), ...args, "--ip", "127.0.0.1"],
      {
        cwd: this.folder,
      },
    );
  }

  /** `python2.7 viprcli.py <args> -hostname 127.0.0.1 -port 4443 -cf <token file>`. */
  viprcli(args: readonly string[], stdin = ""): Promise<ClientRun> {
    const connection = ["-hostname", "127.0.0.1", "-port", String(CLIENT_HTTPS_PORT)];
    const withToken = args[0] === "authenticate" ? connection : [...connection, "-cf", this.viprcliTokenFile];
    return this.run(
      `viprcli ${args.join(" ")}`,
      [join(this.folder, "viprcli", "src", "viprcli.py"), ...args, ...withToken],
      { cwd: join(this.folder, "viprcli", "src"), stdin },
    );
  }

  /** Where `viprcli authenticate -d <folder> -cf viprcli-token` keeps the token. */
  get viprcliTokenFile(): string {
    return join(this.folder, "viprcli-token");
  }

  /** The token `bourne`'s login saved, which every later `bourne` call sends. */
  get bourneTokenFile(): string {
    return join(this.folder, "bourne-token");
  }

  /**
   * Sends the request through `bourne`'s own `api_check_error` (the comparison CoprHD's test
   * suites make: HTTP status, service code and exact details), which raises when they differ.
   */
  checkError(expected: ExpectedRefusal): Promise<ClientRun> {
    return this.run(
      `bourne api_check_error ${expected.method} ${expected.uri} ${expected.status} ${expected.code}`,
      [CHECK_ERROR_SCRIPT, join(this.folder, "bourne"), JSON.stringify(expected)],
      { cwd: this.folder },
    );
  }

  private async run(
    command: string,
    argv: readonly string[],
    options: { cwd: string; stdin?: string },
  ): Promise<ClientRun> {
    const logStart = this.service.output().length;
    const child = spawn(this.tools.python, argv, {
      cwd: options.cwd,
      env: {
        ...process.env,
        PYTHONPATH: join(this.tools.folder, "py2shim"),
        PYTHONDONTWRITEBYTECODE: "1",
        PYTHONUNBUFFERED: "1",
        BOURNE_IPADDR: "127.0.0.1",
        BOURNE_PORT: String(CLIENT_HTTPS_PORT),
        BOURNE_TOKEN_FILE: this.bourneTokenFile,
        BOURNE_COOKIE_FILE: join(this.folder, "bourne-cookies"),
        VIPR_CLI_INSTALL_DIR: join(this.folder, "viprcli"),
      },
      stdio: ["pipe", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (chunk) => (output += chunk));
    child.stderr.on("data", (chunk) => (output += chunk));
    child.stdin.end(options.stdin ?? "");
    const timer = setTimeout(() => child.kill("SIGKILL"), COMMAND_TIMEOUT_MS);
    const code = await new Promise<number | null>((resolve, reject) => {
      child.once("error", reject);
      child.once("close", resolve);
    });
    clearTimeout(timer);
    return { command, code, output, requests: await this.requestsSince(logStart) };
  }

  /** The requests logged from `offset` on, once each has been answered (its log line follows the answer). */
  private async requestsSince(offset: number): Promise<ServedRequest[]> {
    const deadline = Date.now() + 3000;
    for (;;) {
      const requests = servedRequests(this.service.output().slice(offset));
      if (requests.every((request) => request.status !== undefined) || Date.now() > deadline) return requests;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}

/** A message for an assertion: the command, its output and what the service answered it. */
export function explain(run: ClientRun): string {
  return [
    `$ ${run.command}  (exit ${run.code})`,
    run.output.trim(),
    "requests:",
    ...run.requests.map((request) => `  ${describeRequest(request)}`),
  ].join("\n");
}

/** The calls of the run that the service refused (the login's 401 challenge aside). */
export function refusedCalls(run: ClientRun): string[] {
  return run.requests.filter(isRefusal).map(describeRequest);
}
