import { randomBytes } from "node:crypto";
import { rm } from "node:fs/promises";
import pg from "pg";
import { createScratchDatabase, TEST_REDIS_URL } from "../../support/e2e/scratch-database.js";
import { type RunningService, startService } from "../../support/e2e/service-process.js";
import { ViprClient, type ViprResponse } from "../../support/e2e/vipr-client.js";

/** The users every tenancy test configures (`COPRSIM_USERS`): a subtenant's admin, and plain users. */
export const CONFIGURED_USERS = [
  { name: "bob", password: "bob-pw", tenant: "Tenant B", roles: ["TENANT_ADMIN"] },
  { name: "alice", password: "alice-pw" },
  { name: "dave", password: "dave-pw" },
  { name: "erin", password: "erin-pw", tenant: "Tenant B" },
  { name: "proxyuser", password: "proxy-pw", roles: ["PROXY_USER"] },
];

export const PASSWORDS: Readonly<Record<string, string>> = {
  root: "ChangeMe",
  sysmonitor: "ChangeMe",
  ...Object.fromEntries(CONFIGURED_USERS.map((user) => [user.name, user.password])),
};

const FINGERPRINT = `
SELECT md5(string_agg(row, ',' ORDER BY row)) AS fingerprint FROM (
  SELECT 't' || id || inactive AS row FROM tenants WHERE id = $1 OR parent_tenant_id = $1
  UNION ALL SELECT 'p' || id || inactive || acls::text FROM projects WHERE tenant_id = $1
  UNION ALL SELECT 'u' || name || coalesce(tenant_roles -> $1, 'null') FROM users
  UNION ALL SELECT 'v' || id || inactive FROM volumes WHERE tenant_id = $1
  UNION ALL SELECT 's' || id || inactive FROM snapshot_sessions WHERE tenant_id = $1
  UNION ALL SELECT 'l' || id || inactive || session_id FROM linked_targets WHERE tenant_id = $1
  UNION ALL SELECT 'g' || id || inactive FROM consistency_groups WHERE tenant_id = $1
  UNION ALL SELECT 'k' || id || state FROM tasks WHERE tenant_id = $1
) AS tenant_rows`;

/** coprsim (API and worker in one process) on a database of its own, with {@link CONFIGURED_USERS}. */
export async function startTenancyService(env: Record<string, string> = {}) {
  const database = await createScratchDatabase();
  const dataDir = `/tmp/coprsim-e2e-${randomBytes(4).toString("hex")}`;
  let service: RunningService;
  try {
    service = await startService("start", {
      DATABASE_URL: database.url,
      REDIS_URL: TEST_REDIS_URL,
      COPRSIM_QUEUE_NAMESPACE: `e2e_${randomBytes(4).toString("hex")}`,
      COPRSIM_DATA_DIR: dataDir,
      COPRSIM_CLOCK: "instant",
      COPRSIM_USERS: JSON.stringify(CONFIGURED_USERS),
      ...env,
    });
  } catch (error) {
    await database.drop();
    await rm(dataDir, { recursive: true, force: true });
    throw error;
  }
  const sql = new pg.Client({ connectionString: database.url });
  await sql.connect();
  return {
    service,
    database,
    sql,
    /** A fingerprint of what a request could create or change of a tenant: rows, states, roles, ACLs. */
    async fingerprintOf(tenantId: string): Promise<string> {
      const { rows } = await sql.query(FINGERPRINT, [tenantId]);
      return rows[0].fingerprint as string;
    },
    async loginAs(user: string): Promise<ViprClient> {
      const client = new ViprClient(service.baseUrl);
      await client.login(user, PASSWORDS[user]);
      return client;
    },
    async stop() {
      await sql.end();
      await service.stop();
      await database.drop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

export function put(client: ViprClient, path: string, body: unknown): Promise<ViprResponse> {
  return client.send("PUT", path, JSON.stringify(body));
}

/** A request with extra headers (the client's token included), answered as JSON. */
export async function withHeaders(
  baseUrl: string,
  path: string,
  headers: Record<string, string>,
): Promise<{ status: number; headers: Headers; body: any }> {
  const response = await fetch(`${baseUrl}${path}`, { headers: { accept: "application/json", ...headers } });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : undefined };
}

/** `{status, code, details}` of a response, to compare in one assertion. */
export function outcome(response: ViprResponse): { status: number; code?: number; details?: string } {
  if (response.status < 400) return { status: response.status };
  return { status: response.status, code: response.body?.code, details: response.body?.details };
}
