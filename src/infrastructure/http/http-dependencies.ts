import type { FastifyPluginAsync } from "fastify";
import type { Logger } from "pino";
import type { AuthStore } from "./auth/auth-store.js";
import type { ObservabilityDependencies } from "./observability-dependencies.js";

/** What a route calls, named by its class: a use-case handler, a query, the simulator's API. */
export type ServiceClass<T> = abstract new (...args: never[]) => T;

/** Where the routes find the services they call: the process's container, or a test's. */
export interface Services {
  get<T>(service: ServiceClass<T>): T;
}

/** What the HTTP layer is built from. */
export interface HttpDependencies {
  /** The handlers and queries, which each concept's routes take from here by class. */
  readonly services: Services;
  readonly auth: AuthStore;
  /** `/metrics`, `/health/ready` and the queue dashboard; not served without it. */
  readonly observability?: ObservabilityDependencies;
  /** Request and failure logging; silent without one. */
  readonly logger?: Logger;
  /** A token expires after this long without use (the contract's default is 8 hours). */
  readonly tokenIdleTtlMs: number;
}

/**
 * The routes of one concept (volumes, snapshot sessions, tenancy…) as a Fastify plugin: it takes
 * the services it calls from {@link HttpDependencies.services}, so that a handler is named only
 * where it is bound (src/infrastructure/container/application.module.ts) and where it is called.
 */
export type RoutePlugin = FastifyPluginAsync<HttpDependencies>;
