import type { Command } from "commander";
import type { TaskJson, TaskListJson } from "../api-shapes.js";
import type { CommandContext } from "../command-context.js";
import { ResourceResolver } from "../resource-resolver.js";
import { taskLine } from "../task-outcome.js";
import { followAcceptedTask, followAcceptedTasks } from "./follow-accepted-tasks.js";
import { DEFAULT_POLL_INTERVAL_MS, pollInterval } from "./option-parsers.js";

type Open = (command: Command) => Promise<CommandContext>;

interface UnlinkOptions {
  readonly delete?: boolean;
  readonly wait?: boolean;
  readonly interval: number;
}

interface RelinkOptions {
  readonly wait?: boolean;
  readonly interval: number;
}

const TARGETS_HELP =
  "linked target names or URNs (a name is looked up among the linked targets of the session's source volume)";

/** `session unlink` and `session relink`: the operations on a session's linked targets. */
export function registerSessionTargetCommands(session: Command, open: Open): void {
  session
    .command("unlink")
    .description(
      "unlink targets from a snapshot session (POST /block/snapshot-sessions/{id}/unlink-targets); " +
        "each target becomes a volume of its name, or is deleted with --delete",
    )
    .argument("<session>", "snapshot session name or URN")
    .argument("<target...>", TARGETS_HELP)
    .option("--delete", "delete the targets instead of keeping them as volumes")
    .option("--wait", "follow the task until ready")
    .option("--interval <ms>", "poll interval with --wait", pollInterval, DEFAULT_POLL_INTERVAL_MS)
    .action(async (sessionArgument: string, targets: string[], options: UnlinkOptions, command: Command) => {
      const context = await open(command);
      const client = context.client();
      const resolve = new ResourceResolver(client);
      const sessionId = await resolve.session(sessionArgument);
      const targetIds = await resolve.linkedTargets(targets, sessionId);
      const request = { linked_targets: targetIds.map((id) => ({ id, delete_target: options.delete === true })) };
      // Unlink answers a single task, as restore does, where link and relink answer a task list.
      const task = await client.postJson<TaskJson>(
        `/block/snapshot-sessions/${encodeURIComponent(sessionId)}/unlink-targets`,
        request,
      );
      if (!options.wait) {
        context.print(task, taskLine(task));
        return;
      }
      const finished = await followAcceptedTask(context, client, task, options.interval);
      const fate = options.delete ? "deleted" : "kept as a volume";
      context.print(finished, [taskLine(finished), ...targetIds.map((id) => `  ${id}  ${fate}`)]);
    });

  session
    .command("relink")
    .description(
      "relink targets to a snapshot session (POST /block/snapshot-sessions/{id}/relink-targets): targets of " +
        "another session of the same source move to this one; its own targets are refreshed to its image",
    )
    .argument("<session>", "snapshot session name or URN")
    .argument("<target...>", TARGETS_HELP)
    .option("--wait", "follow the task until ready")
    .option("--interval <ms>", "poll interval with --wait", pollInterval, DEFAULT_POLL_INTERVAL_MS)
    .action(async (sessionArgument: string, targets: string[], options: RelinkOptions, command: Command) => {
      const context = await open(command);
      const client = context.client();
      const resolve = new ResourceResolver(client);
      const sessionId = await resolve.session(sessionArgument);
      const ids = await resolve.linkedTargets(targets, sessionId);
      const answer = await client.postJson<TaskListJson>(
        `/block/snapshot-sessions/${encodeURIComponent(sessionId)}/relink-targets`,
        { ids },
      );
      if (!options.wait) {
        context.print(answer, answer.task.map(taskLine));
        return;
      }
      const finished = await followAcceptedTasks(context, client, answer.task, options.interval);
      context.print({ task: finished }, finished.map(taskLine));
    });
}
