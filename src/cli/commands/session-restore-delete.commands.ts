import type { Command } from "commander";
import type { TaskJson, TaskListJson } from "../api-shapes.js";
import type { CommandContext } from "../command-context.js";
import { ResourceResolver } from "../resource-resolver.js";
import { taskLine } from "../task-outcome.js";
import { followAcceptedTask, followAcceptedTasks } from "./follow-accepted-tasks.js";
import { DEFAULT_POLL_INTERVAL_MS, pollInterval } from "./option-parsers.js";

type Open = (command: Command) => Promise<CommandContext>;

interface WaitOptions {
  readonly wait?: boolean;
  readonly interval: number;
}

interface DeleteOptions extends WaitOptions {
  readonly type?: string;
}

/** `session restore` and `session delete`: what is done to a session as a whole. */
export function registerSessionRestoreDeleteCommands(session: Command, open: Open): void {
  session
    .command("restore")
    .description(
      "copy a snapshot session's point-in-time image back onto its source volume " +
        "(POST /block/snapshot-sessions/{id}/restore)",
    )
    .argument("<session>", "snapshot session name or URN")
    .option("--wait", "follow the task until ready")
    .option("--interval <ms>", "poll interval with --wait", pollInterval, DEFAULT_POLL_INTERVAL_MS)
    .action(async (sessionArgument: string, options: WaitOptions, command: Command) => {
      const context = await open(command);
      const client = context.client();
      const sessionId = await new ResourceResolver(client).session(sessionArgument);
      const task = await client.postJson<TaskJson>(`/block/snapshot-sessions/${encodeURIComponent(sessionId)}/restore`);
      const shown = options.wait ? await followAcceptedTask(context, client, task, options.interval) : task;
      context.print(shown, taskLine(shown));
    });

  session
    .command("delete")
    .description(
      "delete a snapshot session that has no linked targets left " +
        "(POST /block/snapshot-sessions/{id}/deactivate?type=…)",
    )
    .argument("<session>", "snapshot session name or URN")
    .option(
      "--type <type>",
      "FULL terminates the array snapshot first, VIPR_ONLY only forgets the session (the API's default: FULL)",
    )
    .option("--wait", "follow the task until ready")
    .option("--interval <ms>", "poll interval with --wait", pollInterval, DEFAULT_POLL_INTERVAL_MS)
    .action(async (sessionArgument: string, options: DeleteOptions, command: Command) => {
      const context = await open(command);
      const client = context.client();
      const sessionId = await new ResourceResolver(client).session(sessionArgument);
      const answer = await client.postJson<TaskListJson>(
        `/block/snapshot-sessions/${encodeURIComponent(sessionId)}/deactivate`,
        undefined,
        { type: options.type },
      );
      if (!options.wait) {
        context.print(answer, answer.task.map(taskLine));
        return;
      }
      const finished = await followAcceptedTasks(context, client, answer.task, options.interval);
      context.print({ task: finished }, finished.map(taskLine));
    });
}
