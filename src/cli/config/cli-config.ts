import { chmod, mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { homedir } from "node:os";
import { dirname, join } from "node:path";
import { UsageError } from "../cli-errors.js";

/** A login kept for one server URL. */
export interface StoredLogin {
  readonly user: string;
  readonly token: string;
  /** Chosen with `login --insecure`: the server's certificate is not verified. */
  readonly insecure: boolean;
  readonly loggedInAt: number;
}

/** The per-user configuration file: the URL last logged in to, and a login per server URL. */
export interface CliConfig {
  readonly current?: string;
  readonly servers: Readonly<Record<string, StoredLogin>>;
}

export const DEFAULT_URL = "http://localhost:8080";

/** `$XDG_CONFIG_HOME/coprsim/config.json`, or `~/.config/coprsim/config.json`. */
export function configPath(env: NodeJS.ProcessEnv = process.env): string {
  const base = env.XDG_CONFIG_HOME?.trim()
    ? env.XDG_CONFIG_HOME
    : join(env.HOME?.trim() ? env.HOME : homedir(), ".config");
  return join(base, "coprsim", "config.json");
}

export async function readConfig(path: string): Promise<CliConfig> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return { servers: {} };
    throw error;
  }
  try {
    const parsed = JSON.parse(text) as Partial<CliConfig>;
    return { ...parsed, servers: parsed.servers ?? {} };
  } catch {
    throw new UsageError(`${path} is not valid JSON: remove it and log in again.`);
  }
}

/** Writes the file readable by its owner only (it holds tokens): directory 0700, file 0600. */
export async function writeConfig(path: string, config: CliConfig): Promise<void> {
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, `${JSON.stringify(config, null, 2)}\n`, { mode: 0o600 });
  await chmod(temporary, 0o600);
  await rename(temporary, path);
}

/** The server a command talks to: `--url`, else `COPRSIM_URL`, else the last login's, else the default. */
export function serverUrl(option: string | undefined, env: NodeJS.ProcessEnv, config: CliConfig): string {
  const raw = option ?? (env.COPRSIM_URL?.trim() ? env.COPRSIM_URL : undefined) ?? config.current ?? DEFAULT_URL;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new UsageError(`Not a URL: ${raw}`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new UsageError(`The service URL must be http:// or https://, not ${raw}`);
  }
  return url.toString().replace(/\/+$/, "");
}

export function withLogin(config: CliConfig, url: string, login: StoredLogin): CliConfig {
  return { current: url, servers: { ...config.servers, [url]: login } };
}

export function withoutLogin(config: CliConfig, url: string): CliConfig {
  const { [url]: _removed, ...servers } = config.servers;
  return { ...config, servers };
}
