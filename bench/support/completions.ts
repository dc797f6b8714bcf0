import pg from "pg";

export const DONE_CHANNEL = "bench_done";

/**
 * The completion signal of the bench, the same for the bare stack and for coprsim: an
 * `AFTER UPDATE` trigger on the row a worker settles (`bench_jobs` for the baseline, `tasks`
 * for coprsim) sends `pg_notify('bench_done', '<id> <state>')` when its state becomes `ready`
 * or `error`; the client waits on one `LISTEN` connection. Postgres delivers the notification
 * when the settling transaction commits, so "done" means "a poll would now see it done",
 * without the poll's load or its interval added to the latency.
 */
export function completionTriggerSql(table: "tasks" | "bench_jobs"): string {
  return `
    CREATE OR REPLACE FUNCTION bench_notify_done() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      PERFORM pg_notify('${DONE_CHANNEL}', NEW.id || ' ' || NEW.state);
      RETURN NULL;
    END $$;
    DROP TRIGGER IF EXISTS bench_done ON ${table};
    CREATE TRIGGER bench_done AFTER UPDATE OF state ON ${table} FOR EACH ROW
      WHEN (NEW.state IN ('ready', 'error') AND OLD.state IS DISTINCT FROM NEW.state)
      EXECUTE FUNCTION bench_notify_done();`;
}

export interface Completion {
  readonly state: string;
  /** `performance.now()` when the notification arrived. */
  readonly at: number;
}

/** Waits for ids to be settled, as the trigger announces them. */
export class Completions {
  private readonly waiting = new Map<string, (completion: Completion) => void>();
  /** Settled before anyone waited for them (the answer to the POST may arrive after the NOTIFY). */
  private readonly early = new Map<string, Completion>();

  private constructor(private readonly client: pg.Client) {
    client.on("notification", (message) => {
      const [id, state] = (message.payload ?? "").split(" ");
      if (!id || !state) return;
      const completion = { state, at: performance.now() };
      const resolve = this.waiting.get(id);
      if (resolve) {
        this.waiting.delete(id);
        resolve(completion);
      } else {
        this.early.set(id, completion);
      }
    });
  }

  static async listen(databaseUrl: string): Promise<Completions> {
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    await client.query(`LISTEN ${DONE_CHANNEL}`);
    return new Completions(client);
  }

  /** Resolves when the id settles; rejects after `timeoutMs`. */
  wait(id: string, timeoutMs = 120_000): Promise<Completion> {
    const early = this.early.get(id);
    if (early) {
      this.early.delete(id);
      return Promise.resolve(early);
    }
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting.delete(id);
        reject(new Error(`${id} did not settle within ${timeoutMs} ms`));
      }, timeoutMs);
      this.waiting.set(id, (completion) => {
        clearTimeout(timer);
        resolve(completion);
      });
    });
  }

  /** Forgets settled ids nobody waited for (setup tasks). */
  clear(): void {
    this.early.clear();
  }

  async close(): Promise<void> {
    await this.client.end();
  }
}
