import pg from "pg";
import { expect } from "vitest";
import { createIsolatedEnvironment } from "./isolated-environment.js";
import { type RunningService, startService } from "./service-process.js";
import type { ViprResponse } from "./vipr-client.js";

/** A running all-in-one coprsim on the instant clock, and a connection to its own database. */
export interface ServiceWithDatabase {
  readonly service: RunningService;
  /** To prepare what HTTP cannot, and to see what a request stored. */
  readonly sql: pg.Client;
  /** Stops the service, and drops its database and data directory. */
  close(): Promise<void>;
}

export async function startServiceWithDatabase(): Promise<ServiceWithDatabase> {
  const environment = await createIsolatedEnvironment();
  const service = await startService("start", { ...environment.env, COPRSIM_CLOCK: "instant" });
  const sql = new pg.Client({ connectionString: environment.databaseUrl });
  await sql.connect();
  return {
    service,
    sql,
    async close() {
      await sql.end();
      await service.stop();
      await environment.dispose();
    },
  };
}

/**
 * Checks a refusal: its status, and its ViPR code and details (a text or a pattern) when given;
 * and that `countRows` reads the same after it as before: the refused request stored nothing.
 */
export function refusalCheck(countRows: () => Promise<number>) {
  return async (
    request: Promise<ViprResponse>,
    status: number,
    code: number | undefined,
    details: string | RegExp | undefined,
  ): Promise<void> => {
    const before = await countRows();
    const response = await request;
    expect(response.status, response.text).toBe(status);
    if (code !== undefined) expect(response.body.code).toBe(code);
    if (typeof details === "string") expect(response.body.details).toBe(details);
    else if (details) expect(response.body.details).toMatch(details);
    expect(await countRows()).toBe(before);
  };
}
