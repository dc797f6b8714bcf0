import type { Logger } from "pino";
import type { WorkflowStart } from "../../application/ports/workflow-outbox.js";
import { planWorkflow } from "../../application/workflows/workflows.js";
import type { OutboxStore } from "../persistence/outbox-store.js";
import type { DirectLaunch } from "../persistence/typeorm-unit-of-work.js";
import type { WorkflowLauncher } from "./workflow-launcher.js";

/**
 * Launches, right after commit, the workflows a transaction of this process enqueued, and
 * removes their outbox rows: the relay's round trip (a notification, a take from the outbox,
 * then the launch) is saved. The guarantee stays the outbox's: a launch that fails or never
 * happens (the queue away, the process killed in between) leaves the rows, which the relay
 * delivers once they are due; a launch that happened twice adds no second job (job ids come
 * from the plan's keys).
 */
export function directLaunch(
  launcher: WorkflowLauncher,
  outbox: OutboxStore,
  options: { readonly graceMs: number; readonly logger: Logger },
): DirectLaunch {
  return {
    graceMs: options.graceMs,
    launch(rows: readonly { id: string; start: WorkflowStart }[]): void {
      void (async () => {
        await Promise.all(rows.map((row) => launcher.launch(planWorkflow(row.start))));
        await outbox.forget(rows.map((row) => row.id));
      })().catch((error: unknown) =>
        options.logger.warn({ err: error }, "could not launch a workflow after commit; the outbox relay will"),
      );
    },
  };
}
