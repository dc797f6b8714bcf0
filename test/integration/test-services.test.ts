import { Redis } from "ioredis";
import pg from "pg";
import { describe, expect, it } from "vitest";
import { createScratchDatabase } from "../support/e2e/scratch-database.js";

/** What every test file relies on from the run's services (test/support/test-services.ts). */
describe("the test run's services", () => {
  it("DATABASE_URL is a Postgres on which a test file can make and drop a database of its own", async () => {
    expect(process.env.DATABASE_URL).toBeTruthy();
    const scratch = await createScratchDatabase();
    const client = new pg.Client({ connectionString: scratch.url });
    await client.connect();
    try {
      expect((await client.query("SELECT current_database() AS name")).rows[0].name).toMatch(/^coprsim_e2e_/);
    } finally {
      await client.end();
      await scratch.drop();
    }
  });

  it("REDIS_URL is a Redis that keeps what it is given", async () => {
    expect(process.env.REDIS_URL).toBeTruthy();
    const client = new Redis(process.env.REDIS_URL!, { maxRetriesPerRequest: 1 });
    try {
      const key = `test-services:${process.pid}`;
      await client.set(key, "kept", "EX", 60);
      expect(await client.get(key)).toBe("kept");
      await client.del(key);
    } finally {
      client.disconnect();
    }
  });
});
