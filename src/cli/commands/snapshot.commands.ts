import type { Command } from "commander";
import type { TaskJson } from "../api-shapes.js";
import { UsageError } from "../cli-errors.js";
import type { CommandContext } from "../command-context.js";
import { isUrn, ResourceResolver } from "../resource-resolver.js";
import { taskLine } from "../task-outcome.js";
import { followAcceptedTask } from "./follow-accepted-tasks.js";
import { DEFAULT_POLL_INTERVAL_MS, pollInterval } from "./option-parsers.js";

type Open = (command: Command) => Promise<CommandContext>;

interface RestoreOptions {
  readonly session?: string;
  readonly wait?: boolean;
  readonly interval: number;
}

/** `snapshot …`: what is done to a linked target (ViPR's block snapshot) on its own. */
export function registerSnapshotCommands(program: Command, open: Open): void {
  const snapshot = program.command("snapshot").description("linked targets (block snapshots)");

  snapshot
    .command("restore")
    .description(
      "restore a linked target's source volume from the target's current image (POST /block/snapshots/{id}/restore)",
    )
    .argument("<target>", "linked target URN, or its name with --session")
    .option("--session <session>", "the session (name or URN) whose source the target is named among")
    .option("--wait", "follow the task until ready")
    .option("--interval <ms>", "poll interval with --wait", pollInterval, DEFAULT_POLL_INTERVAL_MS)
    .action(async (targetArgument: string, options: RestoreOptions, command: Command) => {
      const context = await open(command);
      const client = context.client();
      const resolver = new ResourceResolver(client);
      if (!isUrn(targetArgument) && options.session === undefined) {
        throw new UsageError(`A linked target named by name needs --session: "${targetArgument}" is no URN.`);
      }
      const [targetId] = isUrn(targetArgument)
        ? [targetArgument]
        : await resolver.linkedTargets([targetArgument], await resolver.session(options.session ?? ""));
      const task = await client.postJson<TaskJson>(`/block/snapshots/${encodeURIComponent(targetId ?? "")}/restore`);
      const shown = options.wait ? await followAcceptedTask(context, client, task, options.interval) : task;
      context.print(shown, taskLine(shown));
    });
}
