import { describe, expect, it } from "vitest";
import { ArrayOperationError } from "../../../src/application/ports/array-operation-error.js";
import { DONE } from "../../../src/application/workflows/step-outcome.js";
import { LinkWorkflowFixture } from "../../support/builders/link-workflow.js";

/** Runs a target's job as the queue would: until done, or until it fails for good (then `fail`). */
async function runToEnd(fixture: LinkWorkflowFixture, job: Parameters<LinkWorkflowFixture["linkStep"]["run"]>[0]) {
  for (let run = 0; run < 10; run++) {
    try {
      if ((await fixture.linkStep.run(job)).kind === "done") return;
    } catch (error) {
      await fixture.linkStep.fail(job, error);
      return;
    }
  }
  throw new Error("the target's job never ended");
}

describe("FinishLinkTargetsStep: settles a link task once every target's job has ended", () => {
  it("completes the task when every target linked", async () => {
    const fixture = new LinkWorkflowFixture();
    const start = await fixture.link(fixture.establishedSession(), 2, "copy");
    for (const index of [0, 1]) await runToEnd(fixture, fixture.linkJob(start, index));

    expect(await fixture.finishStep.run(fixture.finishJob(start))).toEqual(DONE);

    expect(fixture.task(start.taskId)).toMatchObject({
      state: "ready",
      progress: 100,
      message: "Operation completed successfully",
      serviceError: null,
      endTime: fixture.clock.now(),
    });
    for (const id of start.targetIds)
      expect(fixture.target(id)).toMatchObject({ replicaState: "SYNCHRONIZED", inactive: false });
  });

  it("rolls back every target that did not link (link undone, device deleted, record inactive) and keeps the linked ones", async () => {
    const fixture = new LinkWorkflowFixture();
    const sessionId = fixture.establishedSession();
    const snapshotNativeId = fixture.snapshotNativeId(sessionId);
    const start = await fixture.link(sessionId, 4, "copy");
    const [linked, failed, copying, neverRan] = start.targetIds.map((_, i) => fixture.linkJob(start, i));
    await runToEnd(fixture, linked!);
    fixture.array.failNext("link", new ArrayOperationError("Mock array: link refused", false));
    await runToEnd(fixture, failed!);
    // Its job was lost mid-copy: provisioned and linked, never settled.
    await fixture.linkStep.run(copying!);
    const copyingDevice = fixture.target(copying!.targetId).device!;
    expect(fixture.array.linkOf({ snapshotNativeId, targetNativeId: copyingDevice.nativeId })?.state).toBe("copying");

    await fixture.finishStep.run(fixture.finishJob(start));

    const kept = fixture.target(linked!.targetId);
    expect(kept).toMatchObject({ replicaState: "SYNCHRONIZED", inactive: false, failure: null });
    expect(fixture.array.deviceFor(kept.id)).toEqual(kept.device);
    expect(fixture.array.linkOf({ snapshotNativeId, targetNativeId: kept.device!.nativeId })?.state).toBe("copied");
    for (const job of [failed!, copying!, neverRan!]) {
      const target = fixture.target(job.targetId);
      expect(target.inactive).toBe(true);
      expect(target.failure).not.toBeNull();
      expect(fixture.array.deviceFor(job.targetId)).toBeUndefined();
    }
    expect(fixture.array.linkOf({ snapshotNativeId, targetNativeId: copyingDevice.nativeId })).toBeUndefined();
    expect(fixture.array.deviceCount()).toBe(1);
    expect(fixture.task(start.taskId)).toMatchObject({
      state: "error",
      serviceError: {
        code: 16001,
        details: "Unable to call Storage Provider successfully. Caused by: Mock array: link refused",
      },
    });
  });

  it("gives the task the first failure a target met", async () => {
    const fixture = new LinkWorkflowFixture();
    const start = await fixture.link(fixture.establishedSession(), 3);
    const [first, second, third] = start.targetIds.map((_, i) => fixture.linkJob(start, i));
    fixture.array.failNext("link", new ArrayOperationError("first refusal", false));
    await runToEnd(fixture, first!);
    fixture.array.failNext("link", new ArrayOperationError("second refusal", true));
    await runToEnd(fixture, second!);
    await runToEnd(fixture, third!);

    await fixture.finishStep.run(fixture.finishJob(start));

    expect(fixture.task(start.taskId)).toMatchObject({
      state: "error",
      message: "Unable to call Storage Provider successfully. Caused by: first refusal",
      serviceError: {
        code: 16001,
        description: "Unable to contact the SMIS provider",
        details: "Unable to call Storage Provider successfully. Caused by: first refusal",
        retryable: false,
      },
    });
    expect(fixture.target(third!.targetId)).toMatchObject({ replicaState: "SYNCHRONIZED", inactive: false });
  });

  it("reports the failure a target met rather than the incompleteness of a target whose job never ran", async () => {
    const fixture = new LinkWorkflowFixture();
    const start = await fixture.link(fixture.establishedSession(), 2);
    const [neverRan, failed] = start.targetIds.map((_, i) => fixture.linkJob(start, i));
    fixture.array.failNext("provision", new ArrayOperationError("the pool is full", false));
    await runToEnd(fixture, failed!);

    await fixture.finishStep.run(fixture.finishJob(start));

    expect(fixture.target(neverRan!.targetId)).toMatchObject({ inactive: true, failure: { code: 12000 } });
    expect(fixture.task(start.taskId).serviceError?.details).toBe(
      "Unable to call Storage Provider successfully. Caused by: the pool is full",
    );
  });

  it("fails the task with an incomplete link when no target recorded why it did not link", async () => {
    const fixture = new LinkWorkflowFixture();
    const start = await fixture.link(fixture.establishedSession(), 1);

    await fixture.finishStep.run(fixture.finishJob(start));

    expect(fixture.task(start.taskId)).toMatchObject({
      state: "error",
      serviceError: {
        code: 12000,
        details: "Operation failed due to the following error: the target's link did not complete",
        retryable: false,
      },
    });
    expect(fixture.target(start.targetIds[0]!).inactive).toBe(true);
  });

  it("stops at a rollback the array refuses for now, and completes it when run again", async () => {
    const fixture = new LinkWorkflowFixture();
    const start = await fixture.link(fixture.establishedSession(), 1);
    const job = fixture.linkJob(start, 0);
    fixture.array.failNext("link", new ArrayOperationError("link refused", false));
    await runToEnd(fixture, job);
    const busy = new ArrayOperationError("array busy", true);
    fixture.array.failNext("delete", busy);

    await expect(fixture.finishStep.run(fixture.finishJob(start))).rejects.toBe(busy);
    expect(fixture.target(job.targetId).inactive).toBe(false);
    expect(fixture.array.deviceFor(job.targetId)).toBeDefined();
    expect(fixture.task(start.taskId).state).toBe("pending");

    expect(await fixture.finishStep.run(fixture.finishJob(start))).toEqual(DONE);
    expect(fixture.target(job.targetId).inactive).toBe(true);
    expect(fixture.array.deviceFor(job.targetId)).toBeUndefined();
    expect(fixture.task(start.taskId)).toMatchObject({
      state: "error",
      serviceError: { details: expect.stringContaining("link refused") },
    });
  });

  it("changes nothing when run again after the task is settled", async () => {
    const fixture = new LinkWorkflowFixture();
    const start = await fixture.link(fixture.establishedSession(), 2);
    fixture.array.failNext("link", new ArrayOperationError("link refused", false));
    for (const index of [0, 1]) await runToEnd(fixture, fixture.linkJob(start, index));
    await fixture.finishStep.run(fixture.finishJob(start));
    const task = fixture.task(start.taskId);
    const targets = start.targetIds.map((id) => fixture.target(id));
    fixture.clock.advance(60_000);

    expect(await fixture.finishStep.run(fixture.finishJob(start))).toEqual(DONE);

    expect(fixture.task(start.taskId)).toEqual(task);
    expect(start.targetIds.map((id) => fixture.target(id))).toEqual(targets);
    expect(fixture.array.deviceCount()).toBe(1);
  });

  it("when the finish step itself fails for good, fails the task with that error", async () => {
    const fixture = new LinkWorkflowFixture();
    const start = await fixture.link(fixture.establishedSession(), 1);

    await fixture.finishStep.fail(fixture.finishJob(start), new ArrayOperationError("array unreachable", true));

    expect(fixture.task(start.taskId)).toMatchObject({
      state: "error",
      serviceError: {
        code: 16001,
        details: "Unable to call Storage Provider successfully. Caused by: array unreachable",
        retryable: true,
      },
    });
  });
});
