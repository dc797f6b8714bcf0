import { createServer, type Socket } from "node:net";
import { describe, expect, it } from "vitest";
import { spawnService, stop } from "../../support/e2e/service-process.js";

/** A TCP server that takes connections and never says a word: a database that does not answer. */
async function silentServer(): Promise<{ port: number; connected: Promise<void>; close(): void }> {
  const sockets = new Set<Socket>();
  let onConnection: () => void = () => {};
  const connected = new Promise<void>((resolve) => {
    onConnection = resolve;
  });
  const server = createServer((socket) => {
    sockets.add(socket);
    onConnection();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  if (typeof address !== "object" || !address) throw new Error("no port");
  return {
    port: address.port,
    connected,
    close() {
      for (const socket of sockets) socket.destroy();
      server.close();
    },
  };
}

describe("a signal while the process is still starting", () => {
  // Before, the signal handlers were installed once everything had started: a container stopped
  // during start-up was killed by the signal, with whatever had started left as it was.
  it.each(["api", "worker", "start"] as const)(
    "%s: SIGTERM before the database answered exits 0, at once",
    async (entry) => {
      const database = await silentServer();
      const { child, output } = await spawnService(entry, {
        DATABASE_URL: `postgres://postgres@127.0.0.1:${database.port}/test`,
        REDIS_URL: "",
      });
      try {
        await database.connected;
        const asked = Date.now();
        expect(await stop(child, "SIGTERM"), output()).toBe(0);
        expect(Date.now() - asked).toBeLessThan(10_000);
      } finally {
        child.kill("SIGKILL");
        database.close();
      }
    },
  );
});
