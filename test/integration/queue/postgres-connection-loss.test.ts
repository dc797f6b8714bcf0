import { randomBytes } from "node:crypto";
import { afterAll, describe, expect, it, vi } from "vitest";
import { createQueueBackend } from "../../../src/infrastructure/queue/queue-backend.js";
import { createScratchDatabase } from "../../support/e2e/scratch-database.js";
import { startTcpProxy } from "../../support/e2e/tcp-proxy.js";

describe("BullMQ's Postgres backend when Postgres goes away", () => {
  let database: Awaited<ReturnType<typeof createScratchDatabase>> | undefined;
  afterAll(async () => {
    await database?.drop();
  });

  // Before the fix, the client running the migrations threw its `error` event with nobody
  // listening, and the process (here, the test runner's worker) ended with an uncaught error.
  it("in the middle of its migrations: the process lives, the error is reported and ready() rejects", async () => {
    database = await createScratchDatabase();
    const url = new URL(database.url);
    const proxy = await startTcpProxy({ host: url.hostname, port: Number(url.port || 5432) });
    url.port = String(proxy.port);
    const cutDuringMigrations = proxy.cutWhenClientSends("CREATE OR REPLACE FUNCTION");
    const reported: Error[] = [];
    const backend = createQueueBackend({
      redisUrl: undefined,
      databaseUrl: url.toString(),
      namespace: `lost_${randomBytes(4).toString("hex")}`,
      onError: (error) => reported.push(error),
    });
    try {
      await cutDuringMigrations;
      await expect(backend.ready()).rejects.toThrow();
      await vi.waitFor(() => expect(reported.length).toBeGreaterThan(0));
    } finally {
      await backend.close().catch(() => undefined);
      await proxy.close();
    }
  });
});
