import { ARRAY_FAMILIES, ARRAY_SURFACES, type FamilySystemType } from "../../drivers/array-families.js";
import { DEFAULT_SYSTEM_HOME } from "../persistence/embedded-postgres.js";
import { type ConfiguredUser, parseConfiguredUsers } from "./configured-users.js";

/** The process's settings, read once from the environment and validated. */
export interface Config {
  /** Absent: an embedded Postgres is started under `dataDir`. */
  readonly databaseUrl: string | undefined;
  /** Absent: BullMQ runs on its Postgres backend, in the same database. */
  readonly redisUrl: string | undefined;
  /** Redis key prefix, or Postgres schema, of the queues: lets several deployments share a server. */
  readonly queueNamespace: string;
  readonly host: string;
  readonly httpPort: number;
  readonly httpsPort: number;
  /** Each array surface's port, by the surface's name (its `portVariable`; HTTPS); 0 picks a free port. */
  readonly surfacePorts: Readonly<Record<string, number>>;
  readonly dataDir: string;
  /** COPRSIM_DATA_DIR is not set: run as root, the embedded cluster may then live under `embeddedPostgresHome`. */
  readonly dataDirIsDefault: boolean;
  readonly embeddedPostgresPort: number;
  /** Run as root: where the embedded Postgres's programs, and the clusters of default data folders, go. */
  readonly embeddedPostgresHome: string;
  readonly seed: boolean;
  readonly rootPassword: string;
  readonly sysmonitorPassword: string;
  /** Local users beyond root and sysmonitor (`COPRSIM_USERS`). */
  readonly users: readonly ConfiguredUser[];
  /**
   * Settings of the seeded systems, by system type, from the families' seed variables (such as
   * `COPRSIM_<FAMILY>_…` in the README); a variable not set leaves its setting alone.
   */
  readonly seedSettings: Readonly<Partial<Record<FamilySystemType, Readonly<Record<string, string>>>>>;
  readonly tokenIdleTtlMs: number;
  readonly simulationClock: "instant" | "fast" | "realistic";
  readonly workerConcurrency: number;
  readonly stepPollIntervalMs: number;
  /**
   * `COPRSIM_OUTBOX_GRACE_MS`: a process launches the workflows it accepted itself, right after
   * commit, and the outbox relay delivers a start only this long after it was written (what such
   * a launch left undone). 0: no launch after commit; the relay delivers every start at once.
   */
  readonly outboxGraceMs: number;
  /** Connections of the process's database pool (the queue's Postgres backend has its own few). */
  readonly databasePoolSize: number;
  /** How often a worker looks for pending tasks whose jobs were lost. */
  readonly reconcileIntervalMs: number;
  /** On SIGTERM, how long a worker waits for its active steps before handing them back. */
  readonly shutdownGraceMs: number;
  /**
   * How long a worker's hold on a running step lasts unless renewed (renewed at half of it); a
   * worker that died loses its steps to another worker about this long after, the stalled check
   * running at half of it too.
   */
  readonly stepLockMs: number;
  readonly logLevel: string;
}

export class ConfigError extends Error {
  constructor(variable: string, problem: string) {
    super(`Invalid configuration: ${variable} ${problem}`);
    this.name = "ConfigError";
  }
}

type Env = Readonly<Record<string, string | undefined>>;

function text(env: Env, name: string, fallback: string): string {
  const value = env[name];
  return value === undefined || value === "" ? fallback : value;
}

function optional(env: Env, name: string): string | undefined {
  const value = env[name];
  return value === undefined || value === "" ? undefined : value;
}

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallback;
  if (!/^\d+$/.test(raw.trim())) throw new ConfigError(name, `must be a whole number, got "${raw}"`);
  const value = Number(raw);
  if (value < min || value > max) throw new ConfigError(name, `must be between ${min} and ${max}, got ${value}`);
  return value;
}

function flag(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallback;
  if (/^(1|true|yes|on)$/i.test(raw)) return true;
  if (/^(0|false|no|off)$/i.test(raw)) return false;
  throw new ConfigError(name, `must be true or false, got "${raw}"`);
}

function oneOf<T extends string>(env: Env, name: string, allowed: readonly T[], fallback: T): T {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallback;
  if (!(allowed as readonly string[]).includes(raw)) {
    throw new ConfigError(name, `must be one of ${allowed.join(", ")}, got "${raw}"`);
  }
  return raw as T;
}

function optionalOneOf<T extends string>(env: Env, name: string, allowed: readonly T[]): T | undefined {
  return optional(env, name) === undefined ? undefined : oneOf(env, name, allowed, allowed[0] as T);
}

function identifier(env: Env, name: string, fallback: string): string {
  const value = text(env, name, fallback);
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(value))
    throw new ConfigError(name, "must be a lower-case identifier (a-z, 0-9, _)");
  return value;
}

function url(env: Env, name: string, protocols: readonly string[]): string | undefined {
  const raw = optional(env, name);
  if (raw === undefined) return undefined;
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    throw new ConfigError(name, "is not a URL");
  }
  if (!protocols.includes(parsed.protocol)) throw new ConfigError(name, `must use ${protocols.join(" or ")}`);
  return raw;
}

function users(env: Env, name: string): ConfiguredUser[] {
  const raw = optional(env, name);
  if (raw === undefined) return [];
  try {
    return parseConfiguredUsers(raw);
  } catch (error) {
    throw new ConfigError(name, (error as Error).message);
  }
}

/** `COPRSIM_TOKEN_IDLE_SECONDS`, when set, wins over `COPRSIM_TOKEN_IDLE_MINUTES`. */
function tokenIdleTtlMs(env: Env): number {
  if (optional(env, "COPRSIM_TOKEN_IDLE_SECONDS") !== undefined)
    return integer(env, "COPRSIM_TOKEN_IDLE_SECONDS", 0, 1, 31_536_000) * 1000;
  return integer(env, "COPRSIM_TOKEN_IDLE_MINUTES", 480, 1, 525_600) * 60_000;
}

/** The seeded systems' settings that the families' seed variables set. */
function seedSettings(env: Env): Config["seedSettings"] {
  const bySystemType: Partial<Record<FamilySystemType, Record<string, string>>> = {};
  for (const family of ARRAY_FAMILIES) {
    for (const variable of family.seed.variables ?? []) {
      const value = optionalOneOf(env, variable.variable, variable.values);
      if (value !== undefined)
        bySystemType[family.systemType] = { ...bySystemType[family.systemType], [variable.key]: value };
    }
  }
  return bySystemType;
}

export function loadConfig(env: Env = process.env): Config {
  return {
    databaseUrl: url(env, "DATABASE_URL", ["postgres:", "postgresql:"]),
    redisUrl: url(env, "REDIS_URL", ["redis:", "rediss:"]),
    queueNamespace: identifier(env, "COPRSIM_QUEUE_NAMESPACE", "bullmq"),
    host: text(env, "COPRSIM_HOST", "0.0.0.0"),
    httpPort: integer(env, "COPRSIM_HTTP_PORT", 8080, 0, 65535),
    httpsPort: integer(env, "COPRSIM_HTTPS_PORT", 4443, 0, 65535),
    surfacePorts: Object.fromEntries(
      ARRAY_SURFACES.map((surface) => [
        surface.name,
        integer(env, surface.portVariable, surface.defaultPort, 0, 65535),
      ]),
    ),
    dataDir: text(env, "COPRSIM_DATA_DIR", ".data"),
    dataDirIsDefault: optional(env, "COPRSIM_DATA_DIR") === undefined,
    embeddedPostgresPort: integer(env, "COPRSIM_EMBEDDED_PG_PORT", 5433, 1, 65535),
    embeddedPostgresHome: text(env, "COPRSIM_EMBEDDED_PG_HOME", DEFAULT_SYSTEM_HOME),
    seed: flag(env, "COPRSIM_SEED", true),
    rootPassword: text(env, "COPRSIM_ROOT_PASSWORD", "ChangeMe"),
    sysmonitorPassword: text(env, "COPRSIM_SYSMONITOR_PASSWORD", "ChangeMe"),
    users: users(env, "COPRSIM_USERS"),
    seedSettings: seedSettings(env),
    tokenIdleTtlMs: tokenIdleTtlMs(env),
    simulationClock: oneOf(env, "COPRSIM_CLOCK", ["instant", "fast", "realistic"] as const, "fast"),
    workerConcurrency: integer(env, "COPRSIM_WORKER_CONCURRENCY", 32, 1, 1024),
    stepPollIntervalMs: integer(env, "COPRSIM_POLL_INTERVAL_MS", 250, 1, 60_000),
    outboxGraceMs: integer(env, "COPRSIM_OUTBOX_GRACE_MS", 2_000, 0, 600_000),
    databasePoolSize: integer(env, "COPRSIM_DB_POOL_SIZE", 20, 2, 500),
    reconcileIntervalMs: integer(env, "COPRSIM_RECONCILE_INTERVAL_MS", 30_000, 100, 3_600_000),
    shutdownGraceMs: integer(env, "COPRSIM_SHUTDOWN_GRACE_MS", 8_000, 0, 600_000),
    stepLockMs: integer(env, "COPRSIM_STEP_LOCK_MS", 10_000, 1_000, 600_000),
    logLevel: oneOf(env, "LOG_LEVEL", ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const, "info"),
  };
}
