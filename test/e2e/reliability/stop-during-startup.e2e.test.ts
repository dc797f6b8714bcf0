import { chmod, mkdtemp, readFile, rm } from "node:fs/promises";
import { connect, createServer, type Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { freePort } from "../../support/e2e/free-port.js";
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

  it("start: SIGTERM while its embedded Postgres starts exits 0 and leaves no server running", async () => {
    const dataDir = await mkdtemp(join(tmpdir(), "coprsim-stop-embedded-"));
    await chmod(dataDir, 0o755); // as root, the server's account (postgres) must reach it
    const port = await freePort();
    const { child, output } = await spawnService("start", {
      DATABASE_URL: "",
      REDIS_URL: "",
      COPRSIM_DATA_DIR: dataDir,
      COPRSIM_EMBEDDED_PG_PORT: String(port),
    });
    let server: number | undefined;
    try {
      // The server listens (initdb is over): coprsim is still starting (database, migrations, seed).
      for (const deadline = Date.now() + 120_000; server === undefined; ) {
        if (Date.now() > deadline || child.exitCode !== null) throw new Error(`no server started:\n${output()}`);
        const pid = await readFile(join(dataDir, "postgres", "postmaster.pid"), "utf8").catch(() => "");
        if (pid && (await accepts(port))) server = Number(pid.split("\n")[0]);
        else await new Promise((resolve) => setTimeout(resolve, 20));
      }
      expect(output(), "still starting").not.toMatch(/ready/);
      expect(await stop(child, "SIGTERM"), output()).toBe(0);
      await expect.poll(() => isRunning(server!), { timeout: 30_000 }).toBe(false);
    } finally {
      child.kill("SIGKILL");
      if (server !== undefined && isRunning(server)) process.kill(server, "SIGKILL");
      await rm(dataDir, { recursive: true, force: true });
    }
  }, 180_000);
});

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, "127.0.0.1");
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}
