import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { LinkedTargetJson, TaskJson } from "../../../src/cli/api-shapes.js";
import { ApiRefusal, NotLoggedIn, ServiceUnreachable } from "../../../src/cli/cli-errors.js";
import { ExitCode } from "../../../src/cli/exit-codes.js";
import { ApiClient } from "../../../src/cli/http/api-client.js";
import type { Clock } from "../../../src/cli/progress/clock.js";
import { SILENCE_BEFORE_GIVING_UP_MS } from "../../../src/cli/progress/outage-retries.js";
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
      notify: () => {},
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
    const finished = await followTask(client, TASK_ID, {
      intervalMs: 1,
      display: { show() {}, stop() {} },
      notify: () => {},
    });
    expect(finished.state).toBe("error");

    let stopped = false;
    const failing = scriptedClient([], []);
    await expect(
      followTask(failing.client, TASK_ID, {
        intervalMs: 1,
        display: { show() {}, stop: () => (stopped = true) },
        notify: () => {},
      }),
    ).rejects.toThrow("nothing scripted");
    expect(stopped).toBe(true);
  });
});

/** A clock that moves only when slept on, recording each sleep: an outage of minutes takes no time. */
function sleptClock() {
  let now = 0;
  const slept: number[] = [];
  const clock: Clock = {
    now: () => now,
    async sleep(ms) {
      slept.push(ms);
      now += ms;
    },
  };
  return { clock, slept };
}

/** A client whose task reads answer, or fail, as scripted; a step is a task or the failure to throw. */
function outageClient(steps: (TaskJson | Error)[]) {
  let reads = 0;
  const client = {
    async getJson() {
      reads += 1;
      const step = steps.shift();
      if (step === undefined) throw new Error("nothing scripted");
      if (step instanceof Error) throw step;
      return step;
    },
  };
  return { client: client as unknown as ApiClient, reads: () => reads };
}

/** The failure the real client meets when nothing listens on the port: the service restarting. */
async function connectionRefused(): Promise<Error> {
  const closed = createServer();
  await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
  const port = (closed.address() as AddressInfo).port;
  await new Promise<void>((resolve) => closed.close(() => resolve()));
  return failureOf(new ApiClient({ url: `http://127.0.0.1:${port}`, insecure: false }, "tok").getJson("/vdc/tasks/t"));
}

function failureOf(promise: Promise<unknown>): Promise<any> {
  return promise.then(
    (value) => {
      throw new Error(`expected a failure, got ${JSON.stringify(value)}`);
    },
    (error: unknown) => error,
  );
}

const INTERVAL_MS = 2_000;
const NO_DISPLAY = { show() {}, stop() {} };

describe("followTask while the service is away", () => {
  let server: Server;
  let url: string;
  /** Each task read is answered with the next scripted [status, headers, body]. */
  const answers: [number, Record<string, string>, string][] = [];
  const UNAVAILABLE = JSON.stringify({ code: 6000, description: "Unable to connect to the service", retryable: true });

  beforeAll(async () => {
    server = createServer((_request, response) => {
      const [status, headers, body] = answers.shift() ?? [500, {}, "nothing scripted"];
      response.writeHead(status, { "Content-Type": "application/json", ...headers }).end(body);
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  beforeEach(() => {
    answers.length = 0;
  });

  it("rides through 503s (database down) to the ready task, without waiting the 30 s Retry-After, saying so on its notice line", async () => {
    answers.push(
      [200, {}, JSON.stringify(task("pending", 20))],
      [503, { "Retry-After": "30" }, UNAVAILABLE],
      [503, { "Retry-After": "30" }, UNAVAILABLE],
      [503, { "Retry-After": "30" }, UNAVAILABLE],
      [200, {}, JSON.stringify(task("ready", 100))],
    );
    const { clock, slept } = sleptClock();
    const notices: string[] = [];
    const shown: string[] = [];
    const finished = await followTask(new ApiClient({ url, insecure: false }, "tok"), TASK_ID, {
      intervalMs: INTERVAL_MS,
      display: { show: (bars) => shown.push(bars.map((b) => `${b.percent} ${b.status}`).join()), stop() {} },
      justAccepted: true,
      notify: (line) => notices.push(line),
      clock,
    });
    expect(finished.state).toBe("ready");
    expect(shown).toEqual(["20 pending", "100 ready"]);
    expect(slept).toEqual([INTERVAL_MS, 1_000, 2_000, 4_000]);
    expect(notices).toHaveLength(2);
    expect(notices[0]).toContain(`The service stopped answering while following task ${TASK_ID}`);
    expect(notices[0]).toContain("unavailable (503). 6000: Unable to connect to the service");
    expect(notices[1]).toBe(`The service answers again (after 7 s); following task ${TASK_ID} on.`);
  });

  it("waits no longer than a shorter Retry-After, and asks at least every 5 s", async () => {
    answers.push(
      ...Array.from({ length: 5 }, (): [number, Record<string, string>, string] => [503, {}, UNAVAILABLE]),
      ...Array.from({ length: 4 }, (): [number, Record<string, string>, string] => [
        503,
        { "Retry-After": "2" },
        UNAVAILABLE,
      ]),
      [200, {}, JSON.stringify(task("ready", 100))],
    );
    const { clock, slept } = sleptClock();
    await followTask(new ApiClient({ url, insecure: false }, "tok"), TASK_ID, {
      intervalMs: INTERVAL_MS,
      display: NO_DISPLAY,
      justAccepted: true,
      notify: () => {},
      clock,
    });
    expect(slept).toEqual([1_000, 2_000, 4_000, 5_000, 5_000, 2_000, 2_000, 2_000, 2_000]);
  });

  it("rides through refused connections (the service restarting) to the ready task", async () => {
    const refused = await connectionRefused();
    const { client, reads } = outageClient([
      task("pending", 10),
      refused,
      refused,
      task("pending", 50),
      refused,
      task("ready", 100),
    ]);
    const { clock, slept } = sleptClock();
    const notices: string[] = [];
    const finished = await followTask(client, TASK_ID, {
      intervalMs: INTERVAL_MS,
      display: NO_DISPLAY,
      notify: (line) => notices.push(line),
      clock,
    });
    expect(finished.state).toBe("ready");
    expect(reads()).toBe(6);
    // Each outage starts its backoff afresh, and is told once when it begins and once when it ends.
    expect(slept).toEqual([INTERVAL_MS, 1_000, 2_000, INTERVAL_MS, 1_000]);
    expect(notices.map((line) => line.split(";")[0])).toEqual([
      `The service stopped answering while following task ${TASK_ID}`,
      "The service answers again (after 3 s)",
      `The service stopped answering while following task ${TASK_ID}`,
      "The service answers again (after 1 s)",
    ]);
    expect(notices[0]).toContain("ECONNREFUSED");
  });

  it("gives up, exiting as unreachable, once the service has not answered for the limit in a row", async () => {
    const refused = await connectionRefused();
    const { clock, slept } = sleptClock();
    const notices: string[] = [];
    let stopped = false;
    const error = await failureOf(
      followTask(outageClient([task("pending", 10), ...Array(20).fill(refused)]).client, TASK_ID, {
        intervalMs: INTERVAL_MS,
        display: { show() {}, stop: () => (stopped = true) },
        notify: (line) => notices.push(line),
        giveUpAfterMs: 10_000,
        clock,
      }),
    );
    expect(error).toBeInstanceOf(ServiceUnreachable);
    expect(error.exitCode).toBe(ExitCode.SERVICE_UNREACHABLE);
    expect(error.message).toContain(`Gave up following task ${TASK_ID}: the service has not answered for 10 s`);
    expect(error.message).toContain(`coprsim task watch ${TASK_ID}`);
    // The last wait is cut short so that the last try falls on the limit.
    expect(slept).toEqual([INTERVAL_MS, 1_000, 2_000, 4_000, 3_000]);
    expect(notices).toHaveLength(1);
    expect(stopped).toBe(true);

    const byDefault = sleptClock();
    const unbounded = outageClient([task("pending", 10), ...Array(100).fill(refused)]);
    const givenUp = await failureOf(
      followTask(unbounded.client, TASK_ID, {
        intervalMs: INTERVAL_MS,
        display: NO_DISPLAY,
        notify: () => {},
        clock: byDefault.clock,
      }),
    );
    expect(givenUp.exitCode).toBe(ExitCode.SERVICE_UNREACHABLE);
    expect(byDefault.slept.slice(1).reduce((sum, ms) => sum + ms, 0)).toBe(SILENCE_BEFORE_GIVING_UP_MS);
    expect(SILENCE_BEFORE_GIVING_UP_MS).toBe(120_000);
  });

  it("fails at once on a 401 (token expired), another refusal, or a certificate not trusted", async () => {
    answers.push([
      401,
      {},
      JSON.stringify({
        code: 4000,
        description: "Invalid credentials or authentication token provided to access to this resource",
        details: "expired",
      }),
    ]);
    const expired = await failureOf(new ApiClient({ url, insecure: false }, "tok").getJson("/vdc/tasks/t"));
    answers.push([404, {}, JSON.stringify({ code: 1004, description: "Unable to find entity" })]);
    const missing = await failureOf(new ApiClient({ url, insecure: false }, "tok").getJson("/vdc/tasks/t"));
    const untrusted = new ServiceUnreachable("Cannot reach https://x: its TLS certificate is not trusted");
    for (const [failure, kind] of [
      [expired, NotLoggedIn],
      [missing, ApiRefusal],
      [untrusted, ServiceUnreachable],
    ] as const) {
      expect(failure).toBeInstanceOf(kind);
      const { clock, slept } = sleptClock();
      const notices: string[] = [];
      const { client, reads } = outageClient([task("pending", 10), failure, task("ready", 100)]);
      await expect(
        followTask(client, TASK_ID, {
          intervalMs: INTERVAL_MS,
          display: NO_DISPLAY,
          notify: (line) => notices.push(line),
          clock,
        }),
      ).rejects.toBe(failure);
      expect(reads()).toBe(2);
      expect(slept).toEqual([INTERVAL_MS]);
      expect(notices).toEqual([]);
    }
  });

  it("hands its notices to a display that prints them itself (live bars), rather than beside it", async () => {
    const refused = await connectionRefused();
    const { clock } = sleptClock();
    const toDisplay: string[] = [];
    const toStderr: string[] = [];
    await followTask(outageClient([refused, task("ready", 100)]).client, TASK_ID, {
      intervalMs: INTERVAL_MS,
      display: { show() {}, stop() {}, notice: (line) => toDisplay.push(line) },
      justAccepted: true,
      notify: (line) => toStderr.push(line),
      clock,
    });
    expect(toDisplay).toHaveLength(2);
    expect(toStderr).toEqual([]);
  });

  it("fails at once when the first poll of `task watch` is refused: the URL may be wrong", async () => {
    const refused = await connectionRefused();
    const { clock, slept } = sleptClock();
    const { client, reads } = outageClient([refused, task("ready", 100)]);
    await expect(
      followTask(client, TASK_ID, { intervalMs: INTERVAL_MS, display: NO_DISPLAY, notify: () => {}, clock }),
    ).rejects.toBe(refused);
    expect(reads()).toBe(1);
    expect(slept).toEqual([]);
  });
});
