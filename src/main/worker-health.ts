import { readFile } from "node:fs/promises";
import { HEARTBEAT_STALE_MS, WORKER_HEARTBEAT_FILE } from "./worker-heartbeat.js";

/** Container health check of a worker: healthy while its heartbeat is fresh. */
const beat = Number(await readFile(WORKER_HEARTBEAT_FILE, "utf8").catch(() => "0"));
process.exit(Date.now() - beat < HEARTBEAT_STALE_MS ? 0 : 1);
