import { type CliConfig, configPath, readConfig, type StoredLogin, serverUrl } from "./config/cli-config.js";
import { ApiClient } from "./http/api-client.js";
import { NO_PROGRESS, type ProgressDisplay, ProgressLines, terminalBars } from "./progress/progress-display.js";

/** The options every command takes. */
export interface GlobalOptions {
  readonly url?: string;
  readonly insecure?: boolean;
  readonly json?: boolean;
}

/** The process's streams and environment, handed in so that tests and the entry point choose them. */
export interface CliIo {
  readonly stdout: NodeJS.WritableStream & { isTTY?: boolean };
  readonly stderr: NodeJS.WritableStream;
  readonly stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  readonly env: NodeJS.ProcessEnv;
}

/** What a command works with: the server it talks to, its stored login, and how to print. */
export class CommandContext {
  private constructor(
    readonly io: CliIo,
    readonly options: GlobalOptions,
    readonly configFile: string,
    readonly config: CliConfig,
    readonly url: string,
  ) {}

  static async open(io: CliIo, options: GlobalOptions): Promise<CommandContext> {
    const file = configPath(io.env);
    const config = await readConfig(file);
    return new CommandContext(io, options, file, config, serverUrl(options.url, io.env, config));
  }

  get json(): boolean {
    return this.options.json === true;
  }

  get storedLogin(): StoredLogin | undefined {
    return this.config.servers[this.url];
  }

  /** `--insecure` given now, or given at this server's login. */
  get insecure(): boolean {
    return this.options.insecure === true || this.storedLogin?.insecure === true;
  }

  /** A client carrying the stored token (none when not logged in: every call then exits 5). */
  client(): ApiClient {
    return new ApiClient({ url: this.url, insecure: this.insecure }, this.storedLogin?.token);
  }

  /** Prints the API's answer with --json, the human text otherwise. */
  print(answer: unknown, human: string | readonly string[]): void {
    if (this.json) this.io.stdout.write(`${JSON.stringify(answer, null, 2)}\n`);
    else this.io.stdout.write(`${typeof human === "string" ? human : human.join("\n")}\n`);
  }

  /** A line for the user beside the command's output: on stderr, so that --json keeps stdout to the answer. */
  notify(line: string): void {
    this.io.stderr.write(`${line}\n`);
  }

  /** Live bars on a terminal, a line per change otherwise, nothing with --json. */
  progressDisplay(): ProgressDisplay {
    if (this.json) return NO_PROGRESS;
    if (this.io.stdout.isTTY) return terminalBars(this.io.stdout);
    return new ProgressLines((line) => this.io.stdout.write(`${line}\n`));
  }
}
