import { describe, expect, it } from "vitest";
import { Task } from "../../../src/domain/tasks/task.js";

const aTask = () =>
  Task.start({
    id: "urn:storageos:Task:00000000-0000-0000-0000-000000000001:vdc1",
    opId: "op",
    name: "LINK SNAPSHOT SESSION TARGETS",
    description: "links target volumes to a snapshot session",
    resource: { type: "BlockSnapshotSession", id: "s", name: "snap" },
    tenantId: "t",
    now: 10,
  });

describe("Task", () => {
  it("starts pending at 0 percent without a message, as the real controller's tasks do", () => {
    const state = aTask().toState();
    expect([state.state, state.progress, state.endTime, state.message]).toEqual(["pending", 0, null, null]);
  });

  it("has no message while queued nor once it leaves the queue, and remembers when it was queued", () => {
    const task = aTask();
    task.waitInQueue(15);
    expect(task.toState()).toMatchObject({ state: "queued", message: null, queuedStartTime: 15 });
    task.leaveQueue();
    expect(task.toState()).toMatchObject({ state: "pending", message: null, queuedStartTime: 15 });
  });

  it("only moves progress forward and keeps it below 100 until complete", () => {
    const task = aTask();
    task.reportProgress(40);
    task.reportProgress(20);
    task.reportProgress(100);
    expect(task.toState().progress).toBe(99);
    task.complete(20);
    expect(task.toState()).toMatchObject({
      state: "ready",
      progress: 100,
      message: "Operation completed successfully",
      endTime: 20,
    });
  });

  it("fails with the service error as its message", () => {
    const task = aTask();
    task.fail({ code: 12000, description: "d", details: "the array said no", retryable: false }, 30);
    expect(task.toState()).toMatchObject({ state: "error", message: "the array said no", endTime: 30 });
    expect(task.toState().serviceError?.code).toBe(12000);
  });

  it("cannot finish twice", () => {
    const task = aTask();
    task.complete(1);
    expect(() => task.fail({ code: 1, description: "", details: "", retryable: false }, 2)).toThrow(/already ready/);
  });
});
