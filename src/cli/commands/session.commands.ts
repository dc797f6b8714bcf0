import type { Command } from "commander";
import type { LinkedTargetJson, NamedRef, SessionJson, TaskListJson } from "../api-shapes.js";
import type { CommandContext } from "../command-context.js";
import type { ApiClient } from "../http/api-client.js";
import { SYSTEM_CLOCK } from "../progress/clock.js";
import { pollThroughOutages, SILENCE_BEFORE_GIVING_UP_MS } from "../progress/outage-retries.js";
import { followTask } from "../progress/task-follower.js";
import { ResourceResolver } from "../resource-resolver.js";
import { requireReady, taskLine } from "../task-outcome.js";
import { followAcceptedTasks } from "./follow-accepted-tasks.js";
import { DEFAULT_POLL_INTERVAL_MS, pollInterval, wholeNumber } from "./option-parsers.js";
import { registerSessionRestoreDeleteCommands } from "./session-restore-delete.commands.js";
import { registerSessionTargetCommands } from "./session-targets.commands.js";

type Open = (command: Command) => Promise<CommandContext>;

interface SessionCreateOptions {
  readonly name: string;
  readonly project?: string;
  readonly wait?: boolean;
  readonly interval: number;
}

interface LinkOptions {
  readonly count: number;
  readonly targetName: string;
  readonly copyMode?: "copy" | "nocopy";
  readonly wait?: boolean;
  readonly interval: number;
}

export function registerSessionCommands(program: Command, open: Open): void {
  const session = program.command("session").description("block snapshot sessions");
  registerSessionCreateLinkCommands(session, open);
  registerSessionTargetCommands(session, open);
  registerSessionRestoreDeleteCommands(session, open);
}

function registerSessionCreateLinkCommands(session: Command, open: Open): void {
  session
    .command("create")
    .description("create a snapshot session of a volume (POST /block/volumes/{id}/protection/snapshot-sessions)")
    .argument("<volume>", "source volume name or URN")
    .requiredOption("--name <name>", "session name (at most 31 characters)")
    .option("--project <project>", "project to find the volume's name in (default: every project of your tenant)")
    .option("--wait", "follow the tasks until the session is established")
    .option("--interval <ms>", "poll interval with --wait", pollInterval, DEFAULT_POLL_INTERVAL_MS)
    .action(async (volume: string, options: SessionCreateOptions, command: Command) => {
      const context = await open(command);
      const client = context.client();
      const volumeId = await new ResourceResolver(client).volume(volume, options.project);
      const created = await client.postJson<TaskListJson>(
        `/block/volumes/${encodeURIComponent(volumeId)}/protection/snapshot-sessions`,
        { name: options.name },
      );
      const tasks = options.wait
        ? await followAcceptedTasks(context, client, created.task, options.interval)
        : created.task;
      const sessionTask = tasks.find((t) => t.resource.id.includes(":BlockSnapshotSession:"));
      context.print(
        options.wait ? { task: tasks } : created,
        [
          sessionTask ? `Snapshot session ${sessionTask.resource.name} ${sessionTask.resource.id}` : "",
          ...tasks.map((t) => `  ${taskLine(t)}`),
        ].filter((line) => line !== ""),
      );
    });

  session
    .command("link")
    .description(
      "link new target volumes to a snapshot session (POST /block/snapshot-sessions/{id}/link-targets); " +
        "targets are named <target-name>-1..count",
    )
    .argument("<session>", "snapshot session name or URN")
    .requiredOption("--count <n>", "how many targets", wholeNumber)
    .requiredOption("--target-name <name>", "the targets' name prefix")
    .option("--copy-mode <mode>", "copy or nocopy (the API's default: nocopy)")
    .option("--wait", "follow the task until ready, with each copy-mode target's copy progress")
    .option("--interval <ms>", "poll interval with --wait", pollInterval, DEFAULT_POLL_INTERVAL_MS)
    .action(async (sessionArgument: string, options: LinkOptions, command: Command) => {
      const context = await open(command);
      const client = context.client();
      const sessionId = await new ResourceResolver(client).session(sessionArgument);
      const request = {
        new_linked_targets: {
          count: options.count,
          target_name: options.targetName,
          ...(options.copyMode === undefined ? {} : { copy_mode: options.copyMode }),
        },
      };
      const sessionPath = `/block/snapshot-sessions/${encodeURIComponent(sessionId)}`;
      const answer = await client.postJson<TaskListJson>(`${sessionPath}/link-targets`, request);
      const [task] = answer.task;
      if (!options.wait || task === undefined) {
        context.print(answer, answer.task.map(taskLine));
        return;
      }
      // The task is accepted: these reads, like the follow's, ride through a restart of the service.
      const reading = <T>(read: () => Promise<T>) =>
        pollThroughOutages(read, {
          taskId: task.id,
          giveUpAfterMs: SILENCE_BEFORE_GIVING_UP_MS,
          notify: (line) => context.notify(line),
          clock: SYSTEM_CLOCK,
        });
      const targets = context.json
        ? []
        : await reading(() => targetsBeingLinked(client, sessionPath, options.targetName, options.count));
      const finished = requireReady(
        await followTask(client, task.id, {
          intervalMs: options.interval,
          display: context.progressDisplay(),
          justAccepted: true,
          notify: (line) => context.notify(line),
          targetIds: options.copyMode === "copy" ? targets.map((t) => t.id) : [],
        }),
      );
      const states = await reading(() =>
        Promise.all(
          targets.map((t) => client.getJson<LinkedTargetJson>(`/block/snapshots/${encodeURIComponent(t.id)}`)),
        ),
      );
      context.print(finished, [
        taskLine(finished),
        ...states.map((t) => `  ${t.name} ${t.id}  ${t.replica_state ?? ""} ${t.link_state?.state ?? ""}`.trimEnd()),
      ]);
    });
}

/**
 * The targets a link just created: records named `<target-name>-<i>` that exist at once among
 * the source's linked targets (`PREPARED`), before they join the session's `linked_targets`.
 */
async function targetsBeingLinked(
  client: ApiClient,
  sessionPath: string,
  targetName: string,
  count: number,
): Promise<NamedRef[]> {
  const session = await client.getJson<SessionJson>(sessionPath);
  const { snapshot } = await client.getJson<{ snapshot: NamedRef[] }>(
    `/block/volumes/${encodeURIComponent(session.parent.id)}/protection/snapshots`,
  );
  const position = new Map(Array.from({ length: Math.max(0, count) }, (_, i) => [`${targetName}-${i + 1}`, i]));
  return snapshot
    .filter((target) => target.name !== undefined && position.has(target.name))
    .sort((a, b) => (position.get(a.name ?? "") ?? 0) - (position.get(b.name ?? "") ?? 0));
}
