import { ServiceUnreachable } from "../cli-errors.js";
import type { Clock } from "./clock.js";

/** How long a follow keeps asking a service that has not answered, in a row, before it gives up. */
export const SILENCE_BEFORE_GIVING_UP_MS = 120_000;

const FIRST_RETRY_DELAY_MS = 1_000;
const LONGEST_RETRY_DELAY_MS = 5_000;

export interface OutageRetries {
  /** The task followed, named in the notices and in the failure. */
  readonly taskId: string;
  readonly giveUpAfterMs: number;
  /** Told once when the service stops answering, and once when it answers again. */
  readonly notify: (line: string) => void;
  readonly clock: Clock;
}

/**
 * Runs `poll` until it answers. While the service is away for a while (a 503, a refused or dropped
 * connection, no answer in time: it restarts, or its database is down) it asks again after 1 s, 2 s,
 * 4 s, then every 5 s, and fails once the service has not answered for `giveUpAfterMs` in a row; any
 * other failure ends it at once. Only for reads, which may be repeated: never for a request that
 * creates work.
 */
export async function pollThroughOutages<T>(poll: () => Promise<T>, retries: OutageRetries): Promise<T> {
  const { taskId, giveUpAfterMs, notify, clock } = retries;
  let silentSince: number | undefined;
  let backoffMs = FIRST_RETRY_DELAY_MS;
  for (;;) {
    const askedAt = clock.now();
    try {
      const answer = await poll();
      if (silentSince !== undefined) {
        notify(
          `The service answers again (after ${seconds(clock.now() - silentSince)} s); following task ${taskId} on.`,
        );
      }
      return answer;
    } catch (error) {
      if (!(error instanceof ServiceUnreachable) || !error.transient) throw error;
      if (silentSince === undefined) {
        silentSince = askedAt;
        notify(
          `The service stopped answering while following task ${taskId}; asking again for up to ` +
            `${seconds(giveUpAfterMs)} s. (${error.message})`,
        );
      }
      const silentMs = clock.now() - silentSince;
      if (silentMs >= giveUpAfterMs) {
        throw new ServiceUnreachable(
          `Gave up following task ${taskId}: the service has not answered for ${seconds(silentMs)} s ` +
            `(${error.message}). The task may still be running: \`coprsim task watch ${taskId}\` follows it again.`,
          { answer: error.answer },
        );
      }
      // A 503's Retry-After (30 s from this service) may shorten the wait, never lengthen it: a
      // service back sooner is seen sooner. The last wait ends when the limit is reached, for one last try.
      const waitMs = Math.min(backoffMs, Math.max(error.retryAfterMs ?? backoffMs, FIRST_RETRY_DELAY_MS));
      await clock.sleep(Math.min(waitMs, giveUpAfterMs - silentMs));
      backoffMs = Math.min(backoffMs * 2, LONGEST_RETRY_DELAY_MS);
    }
  }
}

function seconds(ms: number): number {
  return Math.round(ms / 1000);
}
