import pg from "pg";
import type { Logger } from "pino";
import type { WorkflowStart } from "../../application/ports/workflow-outbox.js";
import { planWorkflow } from "../../application/workflows/workflows.js";
import type { WorkflowLauncher } from "./workflow-launcher.js";

/** Where the relay reads accepted workflow starts from (the outbox table). */
export interface OutboxSource {
  drain(limit: number, deliver: (rows: { id: string; start: WorkflowStart }[]) => Promise<void>): Promise<number>;
}

export const OUTBOX_CHANNEL = "coprsim_outbox";
const BATCH = 100;

/**
 * Moves committed outbox rows into the queue. It wakes on the outbox's NOTIFY and also polls,
 * so a lost notification or a relay that was down only delays work. Rows leave the outbox in
 * the transaction that enqueued them; a crash in between re-delivers them, and the jobs' ids
 * make the second delivery a no-op.
 */
export class OutboxRelay {
  private listener: pg.Client | undefined;
  private wake: (() => void) | undefined;
  /** A notification that arrived while draining: drain again before sleeping. */
  private notified = false;
  private running = false;
  private loop: Promise<void> | undefined;

  constructor(
    private readonly outbox: OutboxSource,
    private readonly launcher: WorkflowLauncher,
    private readonly options: { databaseUrl: string; pollIntervalMs: number; logger: Logger },
  ) {}

  async start(): Promise<void> {
    this.running = true;
    await this.listen();
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
    await this.listener?.end().catch(() => undefined);
  }

  private async listen(): Promise<void> {
    const client = new pg.Client({ connectionString: this.options.databaseUrl });
    client.on("notification", () => {
      this.notified = true;
      this.wake?.();
    });
    client.on("error", (error) => {
      this.options.logger.warn({ err: error }, "outbox listener lost its connection; polling until it is back");
      this.listener = undefined;
      setTimeout(() => void this.relisten(), 1000).unref();
    });
    await client.connect();
    await client.query(`LISTEN ${OUTBOX_CHANNEL}`);
    this.listener = client;
  }

  private async relisten(): Promise<void> {
    if (!this.running || this.listener) return;
    await this.listen().catch(() => setTimeout(() => void this.relisten(), 1000).unref());
  }

  private async run(): Promise<void> {
    while (this.running) {
      this.notified = false;
      try {
        // A short batch emptied the outbox as of its statement; rows committed since then
        // announce themselves (`notified`), so only a full batch calls for another drain now.
        while (this.running && (await this.outbox.drain(BATCH, (rows) => this.deliver(rows))) === BATCH) {}
      } catch (error) {
        this.options.logger.warn({ err: error }, "outbox relay could not deliver; will retry");
      }
      if (this.notified) continue;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, this.options.pollIntervalMs);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
  }

  private async deliver(rows: { id: string; start: WorkflowStart }[]): Promise<void> {
    await Promise.all(rows.map((row) => this.launcher.launch(planWorkflow(row.start))));
  }
}
