import type { Logger } from "pino";

/** How long stopping may take unless the process says otherwise. */
const STOP_DEADLINE_MS = 10_000;

/**
 * Stops the process's parts in order on SIGTERM or SIGINT (a second signal exits at once),
 * then exits 0; exits 1 if stopping fails, or has not finished after `deadlineMs`: a part can
 * hang on a Redis or database that does not answer (the relay's delivery waits for Redis to come
 * back), and what it leaves is taken up again (outbox rows delivered again, locks lapse).
 */
export function stopOnSignals(logger: Logger, stop: () => Promise<void>, deadlineMs = STOP_DEADLINE_MS): void {
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) {
      logger.warn({ signal }, "second signal: exiting now");
      process.exit(1);
    }
    stopping = true;
    logger.info({ signal }, "stopping");
    setTimeout(() => {
      logger.error({ deadlineMs }, "stopping did not finish in time: exiting");
      process.exit(1);
    }, deadlineMs).unref();
    stop().then(
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
}

/** Exits with a readable message when start-up fails (bad configuration, database unreachable…). */
export function failStartup(error: unknown): never {
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`coprsim could not start: ${message}\n`);
  process.exit(1);
}
