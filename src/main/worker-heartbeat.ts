import { tmpdir } from "node:os";
import { join } from "node:path";

/** A worker writes the time here every few seconds; its container health check reads it. */
export const WORKER_HEARTBEAT_FILE = join(tmpdir(), "coprsim-worker.heartbeat");
export const HEARTBEAT_STALE_MS = 30_000;
