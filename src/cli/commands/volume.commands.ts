import type { Command } from "commander";
import type { TaskListJson } from "../api-shapes.js";
import type { CommandContext } from "../command-context.js";
import { ResourceResolver } from "../resource-resolver.js";
import { taskLine } from "../task-outcome.js";
import { followAcceptedTasks } from "./follow-accepted-tasks.js";
import { DEFAULT_POLL_INTERVAL_MS, pollInterval, wholeNumber } from "./option-parsers.js";

type Open = (command: Command) => Promise<CommandContext>;

interface VolumeCreateOptions {
  readonly size: string;
  readonly count: number;
  readonly project: string;
  readonly varray: string;
  readonly vpool: string;
  readonly wait?: boolean;
  readonly interval: number;
}

export function registerVolumeCommands(program: Command, open: Open): void {
  const volume = program.command("volume").description("block volumes");

  volume
    .command("create")
    .description("create block volumes (POST /block/volumes): one task per volume, named <name>-1..n when count > 1")
    .argument("<name>", "volume name")
    .requiredOption("--size <size>", 'capacity: "1GB", "512MB", or bytes')
    .requiredOption("--project <project>", "project name or URN")
    .requiredOption("--varray <varray>", "virtual array name or URN")
    .requiredOption(
      "--vpool <vpool>",
      "block virtual pool name or URN (its family's: the seeded ones are vpool-<system type>)",
    )
    .option("--count <n>", "how many volumes", wholeNumber, 1)
    .option("--wait", "follow the tasks until the volumes are ready")
    .option("--interval <ms>", "poll interval with --wait", pollInterval, DEFAULT_POLL_INTERVAL_MS)
    .action(async (name: string, options: VolumeCreateOptions, command: Command) => {
      const context = await open(command);
      const client = context.client();
      const resolve = new ResourceResolver(client);
      const body = {
        name,
        size: options.size,
        count: options.count,
        project: await resolve.project(options.project),
        varray: await resolve.varray(options.varray),
        vpool: await resolve.vpool(options.vpool),
      };
      const created = await client.postJson<TaskListJson>("/block/volumes", body);
      if (!options.wait) {
        context.print(
          created,
          created.task.map((t) => `${t.resource.name} ${t.resource.id}  (${taskLine(t)})`),
        );
        return;
      }
      const finished = await followAcceptedTasks(context, client, created.task, options.interval);
      context.print(
        { task: finished },
        finished.map((t) => `${t.resource.name} ${t.resource.id}  (${taskLine(t)})`),
      );
    });
}
