import type { Logger } from "pino";

/** How long stopping may take unless the process says otherwise. */
const STOP_DEADLINE_MS = 10_000;

/**
 * A repeat of the first signal within this long is the same request delivered twice: Ctrl-C
 * under `npm start` reaches the process from the terminal (its whole process group) and again
 * from npm, which forwards what it receives to its child.
 */
const REPEATED_SIGNAL_MS = 1_000;

/** The parts of a process to stop on a signal. */
export interface Shutdown {
  /** Adds a part as soon as it has started; parts stop in the reverse order of their adding. */
  onStop(stop: () => Promise<void>): void;
}

/**
 * Listens for SIGTERM and SIGINT from the start, so that a signal that comes while the process
 * is still starting (a container stopped at once) stops what has started rather than killing
 * it: the parts added so far stop, last added first, then the process exits 0. A second signal
 * (other than the first one repeated at once) exits at once; stopping exits 1 if it fails, or has not finished after `deadlineMs`: a part
 * can hang on a Redis or database that does not answer (the relay's delivery waits for Redis
 * to come back), and what it leaves is taken up again (outbox rows delivered again, locks lapse).
 */
export function stopOnSignals(logger: Logger, deadlineMs = STOP_DEADLINE_MS): Shutdown {
  const parts: (() => Promise<void>)[] = [];
  let first: { signal: NodeJS.Signals; at: number } | undefined;
  const stopAll = async () => {
    for (let part = parts.pop(); part; part = parts.pop()) await part();
  };
  const onSignal = (signal: NodeJS.Signals) => {
    if (first) {
      if (signal === first.signal && Date.now() - first.at < REPEATED_SIGNAL_MS) return;
      logger.warn({ signal }, "second signal: exiting now");
      process.exit(1);
    }
    first = { signal, at: Date.now() };
    logger.info({ signal }, "stopping");
    setTimeout(() => {
      logger.error({ deadlineMs }, "stopping did not finish in time: exiting");
      process.exit(1);
    }, deadlineMs).unref();
    stopAll().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, "stopping failed");
        process.exit(1);
      },
    );
  };
  process.on("SIGTERM", onSignal);
  process.on("SIGINT", onSignal);
  process.on("unhandledRejection", (reason) => logger.error({ err: reason }, "unhandled rejection"));
  return {
    onStop(stop) {
      parts.push(stop);
    },
  };
}

/** Exits with a readable message when start-up fails (bad configuration, database unreachable…). */
export function failStartup(error: unknown): never {
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`coprsim could not start: ${message}\n`);
  process.exit(1);
}
