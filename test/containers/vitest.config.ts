import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

/**
 * `npm run test:containers`: the image built and docker-compose.yml brought up with podman. Kept
 * apart from `npm test`: it needs podman, a Compose client and minutes of image building.
 */
export default defineConfig({
  root: fileURLToPath(new URL("../..", import.meta.url)),
  test: {
    include: ["test/containers/**/*.containers.ts"],
    testTimeout: 10 * 60_000,
    hookTimeout: 40 * 60_000,
    pool: "forks",
    fileParallelism: false,
  },
});
