import { within } from "./within.js";

/** Something the API needs in order to serve: the database, the queue backend. */
export interface Dependency {
  /** How the answer names it: `database`, `queue (redis)`… */
  readonly name: string;
  /** Resolves when it answers. */
  ping(): Promise<void>;
}

export interface ReadinessReport {
  readonly ready: boolean;
  /** Each dependency's name and whether it answered. */
  readonly checks: Readonly<Record<string, "ok" | "unavailable">>;
}

const PING_TIMEOUT_MS = 2_000;

/** Pings every dependency at once, none for longer than 2 s: ready when all answered. */
export async function checkReadiness(dependencies: readonly Dependency[]): Promise<ReadinessReport> {
  const answers = await Promise.all(
    dependencies.map(async (dependency) => {
      try {
        await within(dependency.ping(), PING_TIMEOUT_MS, dependency.name);
        return [dependency.name, "ok"] as const;
      } catch {
        return [dependency.name, "unavailable"] as const;
      }
    }),
  );
  return { ready: answers.every(([, answer]) => answer === "ok"), checks: Object.fromEntries(answers) };
}
