/**
 * Sends a known sequence of statements and Redis commands, so that a test can check what the
 * bench's round-trip counter makes of them: once at start (then prints `sequence 1 done`), and
 * again on each SIGHUP (`sequence <n> done`).
 */
import { Redis } from "ioredis";
import pg from "pg";

const databaseUrl = process.env.DATABASE_URL!;
const records = new pg.Client({ connectionString: databaseUrl, application_name: "coprsim" });
const other = new pg.Client({ connectionString: databaseUrl });
const redis = new Redis(process.env.REDIS_URL!, { maxRetriesPerRequest: 1 });
redis.defineCommand("knownScript", { numberOfKeys: 0, lua: "return 1" });
await records.connect();
await other.connect();

let sequences = 0;
async function sequence(): Promise<void> {
  // One explicit transaction of four statements (BEGIN and COMMIT, one on coprsim's records,
  // one naming the simulated arrays' schema), then two statements alone, one on another client.
  await records.query("BEGIN");
  await records.query("SELECT 1 AS records");
  await records.query(`SELECT '"sim".devices' AS array_schema_named`);
  await records.query("COMMIT");
  await records.query("SELECT 2 AS alone");
  await other.query("SELECT 3 AS other_client");
  await redis.ping();
  await (redis as unknown as { knownScript(): Promise<unknown> }).knownScript();
  sequences += 1;
  process.stdout.write(`sequence ${sequences} done\n`);
}

await sequence();
process.on("SIGHUP", () => void sequence());
process.on("SIGTERM", () => {
  void Promise.all([records.end(), other.end()]).finally(() => {
    redis.disconnect();
    process.exit(0);
  });
});
