import type { Command } from "commander";
import type { CommandContext } from "../command-context.js";
import { followTask } from "../progress/task-follower.js";
import { requireReady, taskLine } from "../task-outcome.js";
import { DEFAULT_POLL_INTERVAL_MS, pollInterval } from "./option-parsers.js";

type Open = (command: Command) => Promise<CommandContext>;

export function registerTaskCommands(program: Command, open: Open): void {
  const task = program.command("task").description("asynchronous tasks");

  task
    .command("watch")
    .description("follow a task (GET /vdc/tasks/{id}) until it is ready or in error")
    .argument("<task>", "task URN (urn:storageos:Task:…)")
    .option("--interval <ms>", "poll interval", pollInterval, DEFAULT_POLL_INTERVAL_MS)
    .action(async (taskId: string, options: { interval: number }, command: Command) => {
      const context = await open(command);
      const display = context.progressDisplay();
      const finished = await followTask(context.client(), taskId, {
        intervalMs: options.interval,
        display,
        notify: (line) => context.notify(line),
      });
      if (finished.state === "ready") context.print(finished, taskLine(finished));
      requireReady(finished);
    });
}
