import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // The Postgres and Redis of the run: DATABASE_URL and REDIS_URL, else started (see the file).
    globalSetup: ["test/support/test-services.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: "forks",
    fileParallelism: false,
  },
});
