import { ARRAY_SURFACES } from "../drivers/array-families.js";
import type { Config } from "../infrastructure/config/config.js";
import type { Runtime } from "../infrastructure/container/runtime.js";

const DEFAULT_PASSWORD = "ChangeMe";

/** What a person starting coprsim needs to know: where it listens and how to log in. */
export function startupBanner(config: Config, runtime: Runtime, parts: string): string {
  const shown = (password: string, variable: string) => (password === DEFAULT_PASSWORD ? password : `(${variable})`);
  const host = config.host === "0.0.0.0" ? "localhost" : config.host;
  return [
    `coprsim ${parts} ready`,
    `  API        http://${host}:${config.httpPort}   https://${host}:${config.httpsPort} (self-signed)`,
    ...ARRAY_SURFACES.map(
      (surface) =>
        `  ${surface.name.padEnd(11)}https://${host}:${config.surfacePorts[surface.name] ?? surface.defaultPort}${surface.basePath} (${surface.description})`,
    ),
    `  users      root / ${shown(config.rootPassword, "COPRSIM_ROOT_PASSWORD")}   sysmonitor / ${shown(config.sysmonitorPassword, "COPRSIM_SYSMONITOR_PASSWORD")}`,
    ...(config.users.length > 0
      ? [`             ${config.users.map((user) => user.name).join(", ")} (COPRSIM_USERS)`]
      : []),
    `  database   ${runtime.embeddedDataDir ? `embedded Postgres in ${runtime.embeddedDataDir}` : "DATABASE_URL"}`,
    `  queue      BullMQ on ${runtime.queue.kind === "redis" ? "Redis (REDIS_URL)" : "Postgres"}`,
    `  clock      ${config.simulationClock}`,
    "",
  ].join("\n");
}
