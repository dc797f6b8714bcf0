import { join } from "node:path";
import type { Container } from "inversify";
import type { Logger } from "pino";
import type { Config } from "../infrastructure/config/config.js";
import { AUTH_STORE } from "../infrastructure/container/infrastructure-tokens.js";
import type { AuthStore } from "../infrastructure/http/auth/auth-store.js";
import { type HttpDependencies, startHttpServers } from "../infrastructure/http/http-server.js";
import { loadOrCreateCertificate } from "../infrastructure/http/tls-certificate.js";
import { observabilityOf } from "./observability.js";

/** What the HTTP layer is built from: the container, whose services the routes take by class. */
export function httpDependenciesOf(container: Container, config: Config, logger?: Logger): HttpDependencies {
  return {
    services: container,
    auth: container.get<AuthStore>(AUTH_STORE),
    ...(logger ? { logger } : {}),
    tokenIdleTtlMs: config.tokenIdleTtlMs,
  };
}

/** Serves the API on HTTP and HTTPS from the container's handlers; returns how to stop it. */
export async function startApi(container: Container, config: Config, logger: Logger): Promise<() => Promise<void>> {
  const tls = await loadOrCreateCertificate(join(config.dataDir, "tls"));
  const deps = { ...httpDependenciesOf(container, config, logger), observability: observabilityOf(container, logger) };
  const servers = await startHttpServers(deps, {
    httpPort: config.httpPort,
    httpsPort: config.httpsPort,
    host: config.host,
    tls,
  });
  return () => servers.close();
}
