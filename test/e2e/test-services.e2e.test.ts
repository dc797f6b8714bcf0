import { execFile } from "node:child_process";
import { connect } from "node:net";
import { describe, expect, it } from "vitest";
import { freePort } from "../support/e2e/free-port.js";

/** Real tests that need both services: the check of them, and BullMQ's step worker on Redis and Postgres. */
const SUBSET = ["test/integration/test-services.test.ts", "test/integration/workflows/step-worker.test.ts"];

/**
 * `npm test` on a machine with neither Postgres nor Redis (test/support/test-services.ts): a
 * vitest run of a few test files, with DATABASE_URL and REDIS_URL unset and the usual
 * addresses moved to ports where nothing listens, as a child process.
 */
describe("the test run's own Postgres and Redis", () => {
  it("starts an embedded Postgres and a redis-server when none is given or answers, says so, and stops them", async () => {
    const closedPostgres = await freePort();
    const closedRedis = await freePort();
    const run = await vitest(SUBSET, {
      COPRSIM_TEST_LOCAL_DATABASE_URL: `postgres://postgres@127.0.0.1:${closedPostgres}/test`,
      COPRSIM_TEST_LOCAL_REDIS_URL: `redis://127.0.0.1:${closedRedis}`,
    });

    expect(run.code, run.output).toBe(0);
    const said = new RegExp(
      "^test services: Postgres: started an embedded PostgreSQL [\\d.]+ on 127\\.0\\.0\\.1:(\\d+) " +
        `\\(no DATABASE_URL; nothing answers on 127\\.0\\.0\\.1:${closedPostgres}\\); ` +
        "Redis: started redis-server on 127\\.0\\.0\\.1:(\\d+) " +
        `\\(no REDIS_URL; nothing answers on 127\\.0\\.0\\.1:${closedRedis}\\)$`,
      "m",
    ).exec(run.output);
    expect(said, run.output).not.toBeNull();
    expect(run.output.match(/^test services:/gm)).toHaveLength(1);
    expect(run.output).toMatch(/Tests\s+\d+ passed \(\d+\)/);
    expect(run.output).not.toMatch(/failed|skipped/);
    // Stopped at the end of the run.
    expect(await listens(Number(said![1]))).toBe(false);
    expect(await listens(Number(said![2]))).toBe(false);
  }, 300_000);

  it("uses DATABASE_URL and REDIS_URL when given, and starts nothing", async () => {
    const run = await vitest([SUBSET[0]!], {
      DATABASE_URL: process.env.DATABASE_URL,
      REDIS_URL: process.env.REDIS_URL,
    });
    expect(run.code, run.output).toBe(0);
    expect(run.output).toMatch(/^test services: Postgres: DATABASE_URL; Redis: REDIS_URL$/m);
    expect(run.output).toMatch(/Tests\s+2 passed \(2\)/);
  }, 120_000);
});

/** `vitest run FILES` as a child, in an environment without this run's vitest or service variables. */
function vitest(
  files: readonly string[],
  env: Record<string, string | undefined>,
): Promise<{ code: number | null; output: string }> {
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(
      ([name]) => !/^(VITEST|DATABASE_URL$|REDIS_URL$|COPRSIM_TEST_LOCAL_)/.test(name),
    ),
  );
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ["node_modules/vitest/vitest.mjs", "run", "--reporter=default", ...files],
      { env: { ...inherited, ...env, NO_COLOR: "1", FORCE_COLOR: "0" }, timeout: 240_000, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error ? ((error as { code?: number }).code ?? 1) : 0;
        resolve({ code: typeof code === "number" ? code : 1, output: `${stdout}\n${stderr}` });
      },
    );
  });
}

function listens(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, "127.0.0.1");
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}
