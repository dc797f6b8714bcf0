import { describe, expect, it } from "vitest";
import { ArrayOperationError } from "../../../src/application/ports/array-operation-error.js";
import { DONE, waitFor } from "../../../src/application/workflows/step-outcome.js";
import { LinkWorkflowFixture, POLL_INTERVAL_MS } from "../../support/builders/link-workflow.js";

describe("LinkTargetsStep: every target of a link request in one job", () => {
  it("links a nocopy request's targets and settles the task in the same run", async () => {
    const fixture = new LinkWorkflowFixture();
    const sessionId = fixture.establishedSession();
    const start = await fixture.link(sessionId, 3);

    expect(await fixture.requestStep.run(fixture.requestJob(start))).toEqual(DONE);

    for (const id of start.targetIds) {
      const target = fixture.target(id);
      expect(target).toMatchObject({ replicaState: "SYNCHRONIZED", inactive: false, failure: null });
      expect(target.device).toEqual(fixture.array.deviceFor(id));
      const link = fixture.array.linkOf({
        snapshotNativeId: fixture.snapshotNativeId(sessionId),
        targetNativeId: target.device!.nativeId,
      });
      expect(link?.state).toBe("linked");
    }
    expect(fixture.task(start.taskId)).toMatchObject({ state: "ready", progress: 100, serviceError: null });
  });

  it("waits while copies run, raising the task's progress, and completes once every target is copied", async () => {
    const fixture = new LinkWorkflowFixture();
    const start = await fixture.link(fixture.establishedSession(), 2, "copy");
    const job = fixture.requestJob(start);

    expect(await fixture.requestStep.run(job)).toEqual(waitFor(POLL_INTERVAL_MS));
    expect(fixture.task(start.taskId).state).toBe("pending");
    expect(fixture.array.deviceCount()).toBe(2);
    let runs = 1;
    let progress = fixture.task(start.taskId).progress;
    while ((await fixture.requestStep.run(job)).kind === "wait") {
      runs += 1;
      expect(runs).toBeLessThan(20);
      expect(fixture.task(start.taskId).progress).toBeGreaterThanOrEqual(progress);
      progress = fixture.task(start.taskId).progress;
    }
    expect(progress).toBeGreaterThan(0);
    expect(fixture.array.deviceCount()).toBe(2);
    for (const id of start.targetIds) {
      expect(fixture.target(id)).toMatchObject({ replicaState: "SYNCHRONIZED", linkState: { state: "copied" } });
    }
    expect(fixture.task(start.taskId)).toMatchObject({ state: "ready", progress: 100 });
  });

  it("rolls back only the target the array refused, keeps the others, and fails the task with its error", async () => {
    const fixture = new LinkWorkflowFixture();
    const sessionId = fixture.establishedSession();
    const start = await fixture.link(sessionId, 3);
    fixture.array.failNext("link", new ArrayOperationError("Mock array: link refused", false));

    expect(await fixture.requestStep.run(fixture.requestJob(start))).toEqual(DONE);

    const [refused, ...kept] = start.targetIds.map((id) => fixture.target(id));
    expect(refused).toMatchObject({ inactive: true, failure: { details: expect.stringContaining("link refused") } });
    expect(fixture.array.deviceFor(refused!.id)).toBeUndefined();
    for (const target of kept) expect(target).toMatchObject({ replicaState: "SYNCHRONIZED", inactive: false });
    expect(fixture.array.deviceCount()).toBe(2);
    expect(fixture.task(start.taskId)).toMatchObject({
      state: "error",
      serviceError: { details: expect.stringContaining("Mock array: link refused") },
    });
  });

  it("keeps what it did when a target meets a retryable error, and finishes on the next run", async () => {
    const fixture = new LinkWorkflowFixture();
    const start = await fixture.link(fixture.establishedSession(), 2);
    const job = fixture.requestJob(start);
    fixture.array.failNext("link", new ArrayOperationError("Mock array: busy", true));

    await expect(fixture.requestStep.run(job)).rejects.toThrow("Mock array: busy");
    const [busy, linked] = start.targetIds.map((id) => fixture.target(id));
    expect(busy).toMatchObject({ replicaState: "PREPARED", failure: null, device: fixture.array.deviceFor(busy!.id) });
    expect(linked).toMatchObject({ replicaState: "SYNCHRONIZED" });
    expect(fixture.task(start.taskId)).toMatchObject({ state: "pending", progress: 50 });

    expect(await fixture.requestStep.run(job)).toEqual(DONE);
    expect(fixture.target(busy!.id).replicaState).toBe("SYNCHRONIZED");
    expect(fixture.array.deviceCount()).toBe(2);
    expect(fixture.task(start.taskId).state).toBe("ready");
  });

  it("resumes after a crash between provision and link: the device is found again, not made twice", async () => {
    const fixture = new LinkWorkflowFixture();
    const start = await fixture.link(fixture.establishedSession(), 2);
    const job = fixture.requestJob(start);
    fixture.array.failNext("link", new Error("worker killed"));

    await expect(fixture.requestStep.run(job)).rejects.toThrow("worker killed");
    expect(fixture.array.deviceCount()).toBe(2);

    expect(await fixture.requestStep.run(job)).toEqual(DONE);
    expect(fixture.array.deviceCount()).toBe(2);
    for (const id of start.targetIds) {
      expect(fixture.target(id).device).toEqual(fixture.array.deviceFor(id));
      expect(fixture.target(id).replicaState).toBe("SYNCHRONIZED");
    }
    expect(fixture.task(start.taskId).state).toBe("ready");
  });

  it("when it gives up, fails and rolls back the targets not yet linked, keeps the linked ones, settles once", async () => {
    const fixture = new LinkWorkflowFixture();
    const sessionId = fixture.establishedSession();
    const start = await fixture.link(sessionId, 2, "copy");
    const job = fixture.requestJob(start);
    expect((await fixture.requestStep.run(job)).kind).toBe("wait");

    await fixture.requestStep.fail(job, new ArrayOperationError("Mock array: gone for good", false));

    for (const id of start.targetIds) {
      expect(fixture.target(id)).toMatchObject({
        inactive: true,
        failure: { details: expect.stringContaining("gone") },
      });
      expect(fixture.array.deviceFor(id)).toBeUndefined();
    }
    expect(fixture.task(start.taskId)).toMatchObject({ state: "error" });
    const ended = fixture.task(start.taskId).endTime;
    expect(await fixture.requestStep.run(job)).toEqual(DONE);
    expect(fixture.task(start.taskId).endTime).toBe(ended);
  });

  it("waits for a session still being established without touching the array", async () => {
    const fixture = new LinkWorkflowFixture();
    const sessionId = await fixture.sessionBeingEstablished();
    const start = await fixture.link(sessionId, 1);
    expect(await fixture.requestStep.run(fixture.requestJob(start))).toEqual(waitFor(POLL_INTERVAL_MS));
    // Nothing is made on the array before the snapshot exists.
    expect(fixture.array.deviceCount()).toBe(0);
  });
});
