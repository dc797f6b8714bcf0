import { describe, expect, it } from "vitest";
import type { LinkedTargetJson, TaskJson } from "../../../src/cli/api-shapes.js";
import type { ApiClient } from "../../../src/cli/http/api-client.js";
import type { BarState } from "../../../src/cli/progress/progress-bars.js";
import { followTask } from "../../../src/cli/progress/task-follower.js";

const TASK_ID = "urn:storageos:Task:t:vdc1";
const TARGET_ID = "urn:storageos:BlockSnapshot:a:vdc1";

/** Answers each GET with the next of its scripted answers (a task a little later), recording when. */
function scriptedClient(tasks: TaskJson[], targets: LinkedTargetJson[]) {
  const events: string[] = [];
  const client = {
    async getJson(path: string) {
      const isTask = path.startsWith("/vdc/tasks/");
      events.push(isTask ? "read task" : "read target");
      const answer = isTask ? tasks.shift() : targets.shift();
      if (answer === undefined) throw new Error(`nothing scripted for ${path}`);
      if (isTask) {
        await new Promise((resolve) => setTimeout(resolve, 5));
        events.push("task answered");
      }
      return answer;
    },
  };
  return { client: client as unknown as ApiClient, events };
}

const task = (state: string, progress: number): TaskJson => ({
  id: TASK_ID,
  name: "LINK SNAPSHOT SESSION TARGETS",
  state,
  progress,
  resource: { id: "urn:storageos:BlockSnapshotSession:s:vdc1" },
});
const target = (state: string, percent: number): LinkedTargetJson => ({
  id: TARGET_ID,
  name: "tgt-1",
  inactive: false,
  link_state: { state, percent_copied: percent },
});

describe("followTask", () => {
  it("reads the task, then its targets, until the task is ready, showing each reading and stopping the display", async () => {
    const { client, events } = scriptedClient(
      [task("pending", 0), task("pending", 60), task("ready", 100)],
      [target("copying", 0), target("copying", 60), target("copied", 100)],
    );
    const shown: BarState[][] = [];
    let stopped = false;
    const finished = await followTask(client, TASK_ID, {
      intervalMs: 1,
      targetIds: [TARGET_ID],
      display: { show: (bars) => shown.push([...bars]), stop: () => (stopped = true) },
    });
    expect(finished.state).toBe("ready");
    expect(shown.map((bars) => bars.map((b) => `${b.label} ${b.percent} ${b.status}`))).toEqual([
      ["LINK SNAPSHOT SESSION TARGETS 0 pending", "tgt-1 0 copying"],
      ["LINK SNAPSHOT SESSION TARGETS 60 pending", "tgt-1 60 copying"],
      ["LINK SNAPSHOT SESSION TARGETS 100 ready", "tgt-1 100 copied"],
    ]);
    // The targets are read once the task has answered, so a finished task comes with its targets' last state.
    expect(events).toEqual(Array(3).fill(["read task", "task answered", "read target"]).flat());
    expect(stopped).toBe(true);
  });

  it("returns a task that ended in error, and stops the display when a read fails", async () => {
    const { client } = scriptedClient([task("error", 40)], []);
    const finished = await followTask(client, TASK_ID, { intervalMs: 1, display: { show() {}, stop() {} } });
    expect(finished.state).toBe("error");

    let stopped = false;
    const failing = scriptedClient([], []);
    await expect(
      followTask(failing.client, TASK_ID, { intervalMs: 1, display: { show() {}, stop: () => (stopped = true) } }),
    ).rejects.toThrow("nothing scripted");
    expect(stopped).toBe(true);
  });
});
